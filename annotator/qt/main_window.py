"""The main window: library, article (with a second article beside it), claims and editor.

The window wires views to the controller and back; it holds no claim state of its own.
Every message box goes through :meth:`MainWindow.notify`, which records what was said so
tests (and the status bar) can see it, and opens the box without blocking.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtCore import QMetaMethod, QObject, QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator import __version__
from annotator.domain.records import ClaimRecord, DocumentRecord
from annotator.domain.verdict import Verdict
from annotator.io.export import ExportCancelled, export_library
from annotator.io.formats import ExportFormat
from annotator.io.importers import SUPPORTED_SUFFIXES, ImportRejected
from annotator.io.review_import import import_review
from annotator.qt.article_view import ArticlePane
from annotator.qt.claim_editor import ClaimEditor
from annotator.qt.claims_panel import ClaimsPanel
from annotator.qt.controller import Controller
from annotator.qt.import_worker import ImportJob, ImportReport
from annotator.qt.library_panel import FileDropFilter, LibraryPanel, clipboard_text
from annotator.qt.settings import Settings
from annotator.qt.shortcuts import ACTIONS, MENUS, shortcut_rows
from annotator.qt.widgets import ElidedLabel, named
from annotator.store import Store, StoreError

APP_TITLE = "Annotator"
EXPORT_ACTIONS = {
    "exportReview": "review",
    "exportW3C": "w3c",
    "exportCsv": "csv",
    "exportClaimReview": "claimreview",
    "exportHtml": "html",
}
TOOLBAR_LABELS = {
    "importFiles": "Import", "undo": "Undo", "redo": "Redo", "createClaim": "Create claim",
    "verdictUnchecked": "Unchecked", "verdictVerified": "Verified",
    "verdictDisputed": "Disputed", "deleteClaim": "Delete", "addSource": "Add source",
    "openBeside": "Open beside",
}
VERDICT_ACTIONS = {
    "verdictUnchecked": Verdict.UNCHECKED,
    "verdictVerified": Verdict.VERIFIED,
    "verdictDisputed": Verdict.DISPUTED,
}


@dataclass(frozen=True, slots=True)
class Notification:
    level: str  # "information", "warning" or "critical"
    title: str
    text: str
    details: str = ""


class MainWindow(QMainWindow):
    notified = Signal(object)  # Notification, after its box is shown

    def __init__(self, store: Store, *, settings: Settings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.store = store
        self.settings = settings if settings is not None else Settings()
        self.controller = Controller(store, self)
        self.notifications: list[Notification] = []
        self.message_boxes: list[QMessageBox] = []
        self.import_job: ImportJob | None = None
        self.shortcuts_dialog: QDialog | None = None
        self.beside_document: DocumentRecord | None = None
        self.named_actions: dict[str, QAction] = {}
        self._shown_once = False
        self._undo_state: tuple[bool, bool, str, str, bool] | None = None  # as last shown

        self._build_central()
        self._build_docks()
        self._build_actions()
        self._build_menus_and_toolbar()
        self._connect()
        self._build_status_bar()
        self._watch_drops()
        self.setWindowTitle(APP_TITLE)
        self.resize(1400, 880)
        self._restore_settings()
        self._update_actions()

    def action(self, name: str) -> QAction:
        """The window's action by its objectName (see annotator.qt.shortcuts.ACTIONS)."""
        return self.named_actions[name]

    # -- construction ------------------------------------------------------------------

    def _build_central(self) -> None:
        self.article = ArticlePane()
        self.article.view.setPlaceholderText("Open an article from the library on the left.")
        self.beside = ArticlePane()
        self.beside.setObjectName("besidePane")
        self.beside.view.setObjectName("besideView")
        self.beside.view.setAccessibleName("Article opened beside")
        # Long titles must not widen the window: the label takes what is left, elided.
        self.beside_title = named(ElidedLabel(), "besideTitle")
        self.beside_attach = named(QToolButton(), "besideAttachButton")
        self.beside_attach.setText("Attach passage")
        self.beside_close = named(QToolButton(), "besideCloseButton")
        self.beside_close.setText("✕")
        self.beside_close.setToolTip("Close the article opened beside")
        self.beside_close.setAccessibleName("Close the article opened beside")
        self.beside_close.setAutoRaise(True)
        header = QHBoxLayout()
        header.setContentsMargins(6, 2, 2, 2)
        header.addWidget(self.beside_title, 1)
        header.addWidget(self.beside_attach)
        header.addWidget(self.beside_close)
        self.beside_container = named(QWidget(), "besideContainer")
        column = QVBoxLayout(self.beside_container)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addLayout(header)
        column.addWidget(self.beside, 1)
        self.beside_container.hide()

        self.splitter = named(QSplitter(Qt.Orientation.Horizontal), "articleSplitter")
        self.splitter.addWidget(self.article)
        self.splitter.addWidget(self.beside_container)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

    def _build_docks(self) -> None:
        self.library = LibraryPanel(self.controller)
        self.claims_panel = ClaimsPanel()
        self.editor = ClaimEditor(self.controller)
        self.library_dock = self._dock("libraryDock", "Library", self.library,
                                       Qt.DockWidgetArea.LeftDockWidgetArea)
        self.editor_dock = self._dock("editorDock", "Claim", self.editor,
                                      Qt.DockWidgetArea.RightDockWidgetArea)
        self.claims_dock = self._dock("claimsDock", "Claims", self.claims_panel,
                                      Qt.DockWidgetArea.BottomDockWidgetArea)
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks
                            | QMainWindow.DockOption.AllowTabbedDocks)

    def _dock(self, name: str, title: str, widget: QWidget,
              area: Qt.DockWidgetArea) -> QDockWidget:
        dock = named(QDockWidget(title, self), name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.addDockWidget(area, dock)
        return dock

    def _build_actions(self) -> None:
        provided = {
            "find": self.article.find_action,
            "findNext": self.article.find_next_action,
            "findPrevious": self.article.find_previous_action,
        }
        for item in ACTIONS:
            if item.provided:
                action = provided[item.name]
                action.setText(item.text)
            else:
                action = QAction(item.text, self)
                action.setShortcuts(item.key_sequences())
            action.setObjectName(item.name)
            action.setToolTip(item.tooltip())
            action.setStatusTip(item.tooltip())
            if item.scope == "claims":
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                self.article.view.addAction(action)
                self.claims_panel.view.addAction(action)
            elif not item.provided:
                self.addAction(action)
            self.named_actions[item.name] = action
        slots: dict[str, Callable[[], object]] = {
            "importFiles": self.choose_files_to_import,
            "importClipboard": self.import_clipboard,
            "importReview": self.choose_review_to_import,
            "quit": self.close,
            "undo": self.controller.undo,
            "redo": self.controller.redo,
            "createClaim": self.create_claim_from_selection,
            "deleteClaim": self.delete_current_claim,
            "nextClaim": lambda: self.step_claim(1),
            "previousClaim": lambda: self.step_claim(-1),
            "editNote": self.edit_note,
            "addSource": self.add_source,
            "addPassage": self.editor.add_passage,
            "openBeside": self.open_selected_beside,
            "closeBeside": self.close_beside,
            "showShortcuts": self.show_shortcuts,
            "about": self.show_about,
        }
        for name, fmt in EXPORT_ACTIONS.items():
            slots[name] = partial(self.choose_export, fmt)
        for name, verdict in VERDICT_ACTIONS.items():
            slots[name] = partial(self.set_verdict, verdict)
        for name, slot in slots.items():
            self.named_actions[name].triggered.connect(lambda _checked=False, slot=slot: slot())
        self.named_actions["quit"].setMenuRole(QAction.MenuRole.QuitRole)
        self.named_actions["about"].setMenuRole(QAction.MenuRole.AboutRole)

    def _build_menus_and_toolbar(self) -> None:
        menus: dict[str, QMenu] = {}
        for key, title in MENUS:
            menus[key] = self.menuBar().addMenu(title)
            menus[key].setObjectName(f"menu{key}")
        for item in ACTIONS:
            menu = menus[item.menu]
            if item.separated:
                menu.addSeparator()
            menu.addAction(self.named_actions[item.name])
        view = menus["View"]
        view.addSeparator()
        for dock in (self.library_dock, self.claims_dock, self.editor_dock):
            toggle = dock.toggleViewAction()
            toggle.setText(f"Show {dock.windowTitle().lower()} panel")
            view.addAction(toggle)
        self.menus = menus

        toolbar = named(QToolBar("Main toolbar", self), "mainToolBar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.setMovable(True)
        for name in ("importFiles", None, "undo", "redo", None, "createClaim",
                     "verdictUnchecked", "verdictVerified", "verdictDisputed", "deleteClaim",
                     None, "addSource", "openBeside"):
            if name is None:
                toolbar.addSeparator()
            else:
                toolbar.addAction(self.named_actions[name])
        for name, text in TOOLBAR_LABELS.items():
            action = self.named_actions[name]
            action.setIconText(text)  # the toolbar shows this, menus the full text
            button = toolbar.widgetForAction(action)
            if isinstance(button, QToolButton):
                button.setObjectName(f"{name}Button")
                button.setAccessibleName(action.toolTip())
                ActionLinkGuard(button)
        view.insertAction(view.actions()[0], toolbar.toggleViewAction())
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        self.toolbar = toolbar

        self.beside_attach.setDefaultAction(self.named_actions["addPassage"])
        self.beside_attach.setText("Attach passage")
        ActionLinkGuard(self.beside_attach)
        self.beside_close.clicked.connect(self.close_beside)

    def _build_status_bar(self) -> None:
        self._counts_timer = QTimer(self)  # coalesced: one recount per burst of changes
        self._counts_timer.setSingleShot(True)
        self._counts_timer.setInterval(0)
        self._counts_timer.timeout.connect(self._update_counts)
        self.counts_label = named(QLabel(), "claimCounts")
        self.statusBar().addPermanentWidget(self.counts_label)
        self.statusBar().setObjectName("statusBar")

    def _watch_drops(self) -> None:
        self.drop_filter = FileDropFilter(self)
        for widget in (self, self.library.view, self.article.view, self.beside.view,
                       self.claims_panel.view):
            self.drop_filter.watch(widget)
        self.drop_filter.filesDropped.connect(self.import_files)

    def _connect(self) -> None:
        c = self.controller
        c.documentOpened.connect(self._document_opened)
        c.claimsReset.connect(self._claims_reset)
        c.claimChanged.connect(self._claim_changed)
        c.claimRemoved.connect(self._claim_removed)
        c.currentClaimChanged.connect(self._current_claim_changed)
        c.errorOccurred.connect(lambda message: self.notify("critical", "Not saved", message))
        group = c.undo_group
        group.canUndoChanged.connect(self._update_undo_actions)
        group.canRedoChanged.connect(self._update_undo_actions)
        group.undoTextChanged.connect(self._update_undo_actions)
        group.redoTextChanged.connect(self._update_undo_actions)
        group.activeStackChanged.connect(self._update_undo_actions)
        self.editor.note.textChanged.connect(self._update_undo_actions)

        self.library.documentActivated.connect(self.open_document)
        self.library.openBesideRequested.connect(self.open_beside)
        self.library.extra_actions = [self.named_actions["importFiles"],
                                      self.named_actions["importClipboard"]]
        self.library.view.selectionModel().currentRowChanged.connect(self._update_actions)

        self.claims_panel.currentClaimChanged.connect(self._panel_claim_changed)
        self.claims_panel.claimActivated.connect(self.jump_to_claim)

        view = self.article.view
        view.claimClicked.connect(c.set_current_claim)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._article_menu)

        beside = self.beside.view
        beside.selectionAvailable.connect(self._beside_selection)
        beside.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        beside.customContextMenuRequested.connect(self._beside_menu)
        self.editor.set_passage_provider(self.beside_passage)

    # -- documents ---------------------------------------------------------------------

    def open_document(self, document_id: int) -> bool:
        return self.controller.open_document(document_id)

    def _document_opened(self, document: DocumentRecord | None) -> None:
        view = self.article.view
        if document is None:
            view.set_article("", [])
            self.setWindowTitle(APP_TITLE)
        else:
            view.set_article(document.text, [])
            self.setWindowTitle(f"{document.title} — {APP_TITLE}")
            self.settings.last_document_id = document.id
        self.article.find_bar.close_bar()
        self._update_actions()

    def _claims_reset(self, claims: list[ClaimRecord]) -> None:
        self.article.view.set_claims(claims)
        self.claims_panel.set_claims(claims)
        self._counts_timer.start()

    def _claim_changed(self, claim: ClaimRecord) -> None:
        self.article.view.upsert_claim(claim)
        self.claims_panel.upsert_claim(claim)
        self._counts_timer.start()

    def _claim_removed(self, claim_id: int) -> None:
        self.article.view.remove_claim(claim_id)
        self.claims_panel.remove_claim(claim_id)
        self._counts_timer.start()

    def _current_claim_changed(self, claim_id: int | None) -> None:
        self.article.view.set_current_claim(claim_id)
        if self.claims_panel.current_claim_id() != claim_id:
            self.claims_panel.select_claim(claim_id)
        self._update_actions()

    def _panel_claim_changed(self, claim_id: int | None) -> None:
        self.controller.set_current_claim(claim_id)
        if claim_id is not None:
            self.article.view.scroll_to_claim(claim_id)

    def jump_to_claim(self, claim_id: int) -> None:
        self.controller.set_current_claim(claim_id)
        self.article.view.scroll_to_claim(claim_id)

    def _update_counts(self) -> None:
        self._counts_timer.stop()
        if self.controller.document is None:
            self.counts_label.setText("")
            return
        counts = self.controller.verdict_counts()
        total = sum(counts.values())
        self.counts_label.setText(
            f"{total} claim{'s' if total != 1 else ''}: "
            f"{counts[Verdict.UNCHECKED]} unchecked · {counts[Verdict.VERIFIED]} verified · "
            f"{counts[Verdict.DISPUTED]} disputed"
        )

    # -- claims ------------------------------------------------------------------------

    def create_claim_from_selection(self) -> int | None:
        """Create a claim on the article's selection; returns its id."""
        selection = self.article.view.selected_codepoints()
        if self.controller.document is None or selection is None:
            self.statusBar().showMessage("Select the words of the claim in the article first.",
                                         4000)
            return None
        claim = self.controller.create_claim(*selection)
        if claim is None:
            return None
        view = self.article.view
        cursor = view.textCursor()
        cursor.clearSelection()  # so the new highlight shows instead of the selection
        view.setTextCursor(cursor)
        self.statusBar().showMessage("Claim created; press 1, 2 or 3 to set its verdict.", 4000)
        return claim.id

    def set_verdict(self, verdict: Verdict) -> None:
        claim = self.controller.current_claim()
        if claim is None:
            self.statusBar().showMessage("Select a claim first.", 3000)
            return
        self.controller.set_verdict(claim.id, verdict)

    def delete_current_claim(self) -> None:
        claim_id = self.controller.current_claim_id
        if claim_id is None:
            return
        visible = self.claims_panel.visible_claim_ids()
        following = None
        if claim_id in visible:
            position = visible.index(claim_id)
            rest = visible[position + 1:] + visible[:position][::-1]
            following = rest[0] if rest else None
        if self.controller.delete_claim(claim_id):
            self.controller.set_current_claim(following)
            self.statusBar().showMessage("Claim deleted (Ctrl+Z brings it back).", 4000)

    def step_claim(self, step: int) -> None:
        ids = self.claims_panel.visible_claim_ids()
        if not ids:
            return
        current = self.controller.current_claim_id
        if current in ids:
            target = ids[(ids.index(current) + step) % len(ids)]
        else:
            target = ids[0] if step > 0 else ids[-1]
        self.jump_to_claim(target)

    def edit_note(self) -> None:
        claim_id = self.controller.current_claim_id
        if claim_id is None:
            return
        self.article.view.scroll_to_claim(claim_id)
        self.editor_dock.show()
        self.editor_dock.raise_()
        self.editor.focus_note()

    def add_source(self) -> None:
        if self.controller.current_claim() is None:
            self.statusBar().showMessage("Select a claim first.", 3000)
            return
        self.editor_dock.show()
        self.editor.add_source()

    def _article_menu(self, pos: QPoint) -> None:
        view = self.article.view
        menu = view.createStandardContextMenu(pos)
        ours = [self.named_actions["createClaim"]]
        cursor = view.cursorForPosition(pos)
        at = view.to_codepoint(cursor.position())
        under = view.claim_ids_at(at)
        if under:
            self.controller.set_current_claim(under[0])
            ours += [self.named_actions[name] for name in (
                "verdictUnchecked", "verdictVerified", "verdictDisputed", "editNote",
                "addSource", "deleteClaim")]
        _popup_with(menu, ours, view.viewport().mapToGlobal(pos))

    # -- the article beside ------------------------------------------------------------

    def open_selected_beside(self) -> None:
        document_id = self.library.current_document_id()
        if document_id is None:
            self.statusBar().showMessage("Select an article in the library first.", 3000)
            return
        self.open_beside(document_id)

    def open_beside(self, document_id: int) -> bool:
        document = self.controller.fetch_document(document_id)
        if document is None:
            return False
        self.beside_document = document
        self.beside.view.set_article(document.text, self.controller.fetch_claims(document_id))
        self.beside_title.set_full_text(f"Beside: {document.title}")
        self.beside_title.setToolTip(
            f"{document.title}\n\nSelect a passage here and press Attach passage to use it "
            "as a source of the current claim."
        )
        if not self.beside_container.isVisible():
            self.beside_container.show()
            sizes = self.settings.split_sizes
            total = sum(self.splitter.sizes()) or self.splitter.width()
            if len(sizes) == 2 and all(s > 80 for s in sizes):
                self.splitter.setSizes(sizes)
            else:
                self.splitter.setSizes([total // 2, total - total // 2])
        self._beside_selection(False)
        self._update_actions()
        return True

    def close_beside(self) -> None:
        if self.beside_container.isVisible():
            self.settings.split_sizes = self.splitter.sizes()
        self.beside_container.hide()
        self.beside_document = None
        self.beside.view.set_article("", [])
        self._beside_selection(False)
        self._update_actions()

    def beside_passage(self) -> tuple[int, int, int] | None:
        if self.beside_document is None:
            return None
        selection = self.beside.view.selected_codepoints()
        if selection is None:
            return None
        return (self.beside_document.id, *selection)

    def _beside_selection(self, available: bool) -> None:
        has = available and self.beside_document is not None
        self.editor.set_passage_available(has)
        self._update_actions()

    def _beside_menu(self, pos: QPoint) -> None:
        view = self.beside.view
        menu = view.createStandardContextMenu(pos)
        _popup_with(menu, [self.named_actions["addPassage"]], view.viewport().mapToGlobal(pos))

    # -- importing ---------------------------------------------------------------------

    def choose_files_to_import(self) -> None:
        patterns = " ".join(f"*{suffix}" for suffix in SUPPORTED_SUFFIXES)
        names, _filter = QFileDialog.getOpenFileNames(
            self, "Import articles", self.settings.last_import_folder,
            f"Articles ({patterns});;All files (*)",
        )
        if names:
            self.settings.last_import_folder = str(Path(names[0]).parent)
            self.import_files([Path(n) for n in names])

    def import_files(self, paths: Sequence[Path]) -> ImportJob | None:
        """Import files (folders are searched for articles) with progress and one report."""
        files = expand_paths(paths)
        if not files:
            self.notify("warning", "Nothing to import",
                        "None of the dropped items is a .txt, .md or .html file; "
                        "choose articles in one of those formats.")
            return None
        if self.import_job is not None and self.import_job.running:
            self.notify("warning", "Import in progress",
                        "Another import is still running; wait for it to finish, then "
                        "try again.")
            return None
        job = ImportJob(self.controller, files, self)
        job.finished.connect(self._import_finished)
        self.import_job = job
        job.start()
        return job

    def _import_finished(self, report: ImportReport) -> None:
        self.library.refresh()
        if report.failures:
            self.notify("warning", "Some files were not imported",
                        report.summary() + "\n\n" + report.failure_text())
        else:
            self.statusBar().showMessage(report.summary(), 6000)
        opened = report.imported or report.duplicates
        if opened and (len(report.outcomes) == 1 or self.controller.document is None):
            self.open_document(opened[0].document.id)

    def import_clipboard(self) -> int | None:
        try:
            imported = clipboard_text()
        except ImportRejected as exc:
            self.notify("warning", "Nothing to import", f"{exc}.")
            return None
        try:
            outcome = self.controller.import_text(imported.title, imported.text, imported.origin)
        except StoreError as exc:
            self.notify("critical", "Not imported", str(exc))
            return None
        self.library.refresh()
        self.open_document(outcome.document.id)
        state = "Imported" if outcome.created else "Already in the library:"
        self.statusBar().showMessage(f"{state} {outcome.document.title}", 5000)
        return outcome.document.id

    # -- export and review -------------------------------------------------------------

    def choose_export(self, fmt: str) -> None:
        kind = ExportFormat(fmt)
        name, _filter = QFileDialog.getSaveFileName(
            self, f"Export as {kind.label}", f"annotations{kind.suffix}",
            f"{kind.label} (*{kind.suffix});;All files (*)",
        )
        if name:
            self.export_to(fmt, Path(name))

    def export_to(self, fmt: str, path: Path) -> object | None:
        """Export the whole library with a cancellable progress dialog; the summary or None."""
        self.controller.aboutToChange.emit()
        progress = QProgressDialog("Exporting…", "Cancel", 0, 0, self)
        progress.setObjectName("exportProgress")
        progress.setWindowTitle("Export")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        progress.setAutoClose(False)

        def report(done: int, total: int) -> bool:
            progress.setMaximum(max(total, 1))
            progress.setValue(min(done, max(total, 1)))
            QApplication.processEvents()
            return not progress.wasCanceled()

        try:
            summary = export_library(self.store, fmt, path, progress=report)
        except ExportCancelled as exc:
            self.statusBar().showMessage(str(exc), 5000)
            return None
        except (StoreError, ValueError, OSError) as exc:
            message = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.notify("critical", "Export failed",
                        f"Nothing was exported to {path}: {message}")
            return None
        finally:
            progress.close()
            progress.deleteLater()
        self.statusBar().showMessage(str(summary), 8000)
        return summary

    def choose_review_to_import(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, "Import a reviewed file", "", "Review files (*.sqlite *.db);;All files (*)"
        )
        if name:
            self.import_review_from(Path(name))

    def import_review_from(self, path: Path) -> object | None:
        self.controller.aboutToChange.emit()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = import_review(self.store, path)
        except (StoreError, ValueError, OSError, LookupError) as exc:
            message = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.notify("critical", "Review not imported", message)
            return None
        finally:
            QApplication.restoreOverrideCursor()
        self.controller.reload()
        self.notify("information", "Review imported", str(result))
        return result

    # -- messages and help -------------------------------------------------------------

    def notify(self, level: str, title: str, text: str, details: str = "") -> QMessageBox:
        """Show a message without blocking; recorded in ``notifications``."""
        note = Notification(level, title, text, details)
        self.notifications.append(note)
        icon = {"information": QMessageBox.Icon.Information,
                "warning": QMessageBox.Icon.Warning}.get(level, QMessageBox.Icon.Critical)
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self)
        box.setObjectName(f"{level}Message")
        if details:
            box.setDetailedText(details)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _r, box=box: self._forget_box(box))
        self.message_boxes.append(box)
        box.open()
        self.notified.emit(note)
        return box

    def _forget_box(self, box: QMessageBox) -> None:
        if box in self.message_boxes:
            self.message_boxes.remove(box)

    def close_messages(self) -> None:
        for box in list(self.message_boxes):
            box.done(0)

    def show_shortcuts(self) -> QDialog:
        if self.shortcuts_dialog is None:
            self.shortcuts_dialog = ShortcutsDialog(self)
        self.shortcuts_dialog.show()
        self.shortcuts_dialog.raise_()
        return self.shortcuts_dialog

    def show_about(self) -> None:
        self.notify(
            "information", f"About {APP_TITLE}",
            f"{APP_TITLE} {__version__}\n\nHighlight claims in articles, mark them verified or "
            f"disputed, and record the sources behind each verdict.\n\nLibrary: "
            f"{self.store.label}",
        )

    # -- state of actions --------------------------------------------------------------

    def _update_actions(self, *_args: object) -> None:
        has_doc = self.controller.document is not None
        has_claim = self.controller.current_claim_id is not None
        wanted = {
            "createClaim": has_doc,
            "nextClaim": has_doc,
            "previousClaim": has_doc,
            "addPassage": has_claim and self.beside_passage() is not None,
            "openBeside": self.library.current_document_id() is not None,
            "closeBeside": self.beside_document is not None,
        }
        for name in ("deleteClaim", "editNote", "addSource", *VERDICT_ACTIONS):
            wanted[name] = has_claim
        for name, enabled in wanted.items():
            _set_enabled(self.named_actions[name], enabled)
        self._update_undo_actions()

    def _update_undo_actions(self, *_args: object) -> None:
        # One push or undo emits four of the signals connected here; only the first of them
        # finds anything to change.
        group = self.controller.undo_group
        dirty = self.editor.note_dirty
        state = (group.canUndo(), group.canRedo(), group.undoText(), group.redoText(), dirty)
        if state == self._undo_state:
            return
        self._undo_state = state
        can_undo, can_redo, undo_text, redo_text, _ = state
        undo, redo = self.named_actions["undo"], self.named_actions["redo"]
        _set_enabled(undo, can_undo or dirty)
        _set_enabled(redo, can_redo and not dirty)
        undo_text = "Edit note" if dirty else undo_text
        _set_text(undo, f"&Undo {undo_text}" if undo_text else "&Undo")
        _set_text(redo, f"&Redo {redo_text}" if redo_text else "&Redo")

    # -- settings ----------------------------------------------------------------------

    def _restore_settings(self) -> None:
        geometry = self.settings.geometry
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.window_state
        if state is not None:
            self.restoreState(state)

    def open_initial_document(self) -> None:
        """The document open last time, else the first in the library."""
        documents = self.library.model.documents()
        if not documents:
            return
        last = self.settings.last_document_id
        ids = [d.id for d in documents]
        self.open_document(last if last in ids else ids[0])

    def save_settings(self) -> None:
        self.settings.geometry = self.saveGeometry()
        self.settings.window_state = self.saveState()
        if self.beside_container.isVisible():
            self.settings.split_sizes = self.splitter.sizes()
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.controller.aboutToChange.emit()  # the note being typed is saved
        if self.import_job is not None and self.import_job.running:
            self.import_job.cancel()
        self.save_settings()
        self.close_messages()
        super().closeEvent(event)

    def sizeHint(self) -> QSize:
        return QSize(1400, 880)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            if self.settings.window_state is None:  # first run: give the docks room
                self.default_dock_sizes()

    def default_dock_sizes(self) -> None:
        width = max(self.width(), 900)
        self.resizeDocks([self.library_dock, self.editor_dock],
                         [max(220, width // 6), max(340, width // 4)],
                         Qt.Orientation.Horizontal)
        self.resizeDocks([self.claims_dock], [max(180, self.height() // 4)],
                         Qt.Orientation.Vertical)


class ShortcutsDialog(QDialog):
    """Every action with a key, from the same table the actions are built from."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        rows = shortcut_rows()
        self.table = named(QTableWidget(len(rows), 4, self), "shortcutsTable")
        self.table.setHorizontalHeaderLabels(["Menu", "Action", "Keys", "Works when"])
        self.table.setAccessibleName("Keyboard shortcuts")
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                item = QTableWidgetItem(value)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(r, c, item)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setAlternatingRowColors(True)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.
                                                           ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        note = QLabel("Single keys (1, 2, 3, N, P, Enter, Delete) work while the article or "
                      "the claims list has focus, never while you type a note or a filter.")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(620, 620)

    def rows(self) -> list[tuple[str, ...]]:
        rows = []
        for r in range(self.table.rowCount()):
            items = [self.table.item(r, c) for c in range(4)]
            rows.append(tuple(item.text() if item else "" for item in items))
        return rows


class ActionLinkGuard(QObject):
    """Keeps a tool button's links to its default action from piling up.

    Qt re-applies a tool button's default action on every change of it (enabled, text, ...),
    and with PySide6 6.11.3 each time connects the action's ``changed()`` to the button once
    more without dropping the earlier connection. Each change then walks every connection
    made so far: over a session, enabling one toolbar action grows from ~10 µs to hundreds.
    The change event that re-applies the action (and connects again) always comes just
    before ``changed()``, so dropping the button's connections on ``changed()`` leaves the
    button exactly as up to date. (The connected slot only matters for actions with a menu,
    which no toolbar action here has.) A child of the button: it goes when the button goes.
    """

    def __init__(self, button: QToolButton) -> None:
        super().__init__(button)
        self._button = button
        self._action = button.defaultAction()
        if self._action is not None:
            self._changed = QMetaMethod.fromSignal(self._action.changed)
            self._action.changed.connect(self._drop_links)

    def _drop_links(self) -> None:
        # A null QMetaMethod stands for every slot of the button; its other links to the
        # action (triggered, ...) are on other signals and stay.
        QObject.disconnect(self._action, self._changed, self._button, QMetaMethod())


def _set_enabled(action: QAction, enabled: bool) -> None:
    """Only a real change: each setEnabled updates every menu and button showing the action."""
    if action.isEnabled() != enabled:
        action.setEnabled(enabled)


def _set_text(action: QAction, text: str) -> None:
    if action.text() != text:
        action.setText(text)


def _popup_with(menu: QMenu, actions: list[QAction], at: QPoint) -> None:
    """Our actions first, then the standard ones (Copy, Select All), then show it."""
    standard = menu.actions()
    if standard:
        menu.insertActions(standard[0], actions)
        menu.insertSeparator(standard[0])
    else:
        menu.addActions(actions)
    menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    menu.popup(at)


def expand_paths(paths: Sequence[Path]) -> list[Path]:
    """Files as given; folders replaced by the supported files inside them, sorted."""
    files: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*")
                                if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES))
        else:
            files.append(path)
    return files

