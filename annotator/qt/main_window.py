"""The main window: it assembles the panes, the actions and the flows, and holds no state.

Panes: the library (dock), the article with a second one beside it (centre), the claims
(dock), the claim editor (dock) and the claims across the library (dock, tabbed with the
claims). Actions, menus and toolbar come from annotator.qt.window_actions; what they do to
claims lives in annotator.qt.claim_actions. Flows: importing (import_flow), exports and
reviews (exchange_flow), whole articles (document_flow). Every message box goes through the
Notifier, which records what was said so tests (and the status bar) can see it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDockWidget,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QWidget,
)

from annotator.domain.records import ClaimRecord, DocumentRecord
from annotator.io.formats import ExportFormat
from annotator.qt.action_helpers import ActionLinkGuard, set_enabled
from annotator.qt.action_state import ActionState
from annotator.qt.article_picker import ArticlePicker
from annotator.qt.article_view import ArticlePane
from annotator.qt.beside_flow import BesideFlow
from annotator.qt.beside_pane import BesidePane
from annotator.qt.claim_actions import ClaimActions
from annotator.qt.claim_counts import ClaimCounts
from annotator.qt.claim_editor import ClaimEditor
from annotator.qt.claims_panel import ClaimsPanel
from annotator.qt.controller import Controller
from annotator.qt.desk import Desk
from annotator.qt.document_flow import DocumentFlow
from annotator.qt.evidence.flow import EvidenceFlow
from annotator.qt.evidence.pane import EvidencePane
from annotator.qt.evidence.suggestions import SuggestionMarks
from annotator.qt.exchange_flow import ExchangeFlow
from annotator.qt.export_selection import ExportScope, export_scopes
from annotator.qt.import_flow import ImportFlow
from annotator.qt.import_worker import ImportJob
from annotator.qt.library_check import check_library
from annotator.qt.library_claims import LibraryPane, show_beside
from annotator.qt.library_panel import FileDropFilter, LibraryPanel
from annotator.qt.messages import Notification, Notifier
from annotator.qt.pane_focus import build_keyboard_paths
from annotator.qt.screen_fit import fit_to_screen, keep_article_readable, stack_docks_to_fit
from annotator.qt.settings import Settings
from annotator.qt.shortcuts import Scope
from annotator.qt.shortcuts_dialog import ShortcutsDialog
from annotator.qt.theme import Theme, apply_theme, apply_zoom, clamp_zoom
from annotator.qt.versions import VersionsFlow
from annotator.qt.widgets import named
from annotator.qt.window_actions import (
    EXPORT_ACTIONS,
    THEME_ACTIONS,
    VERDICT_ACTIONS,
    build_actions,
    build_menus,
    build_toolbar,
    connect_actions,
    theme_action,
)
from annotator.qt.window_state import default_dock_sizes, restore_window, save_window
from annotator.store import Store

__all__ = ["MainWindow", "Notification"]

APP_TITLE = "Annotator"


class MainWindow(QMainWindow):
    notified = Signal(object)  # Notification, after its box is shown

    def __init__(self, store: Store, *, settings: Settings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.store = store
        self.settings = settings if settings is not None else Settings()
        self.controller = Controller(store, self)
        self.notifier = Notifier(self)
        self.notifier.notified.connect(self.notified)
        self.shortcuts_dialog: QDialog | None = None
        self.named_actions: dict[str, QAction] = {}
        self._shown_once = False
        self.action_state = ActionState(self)

        self._build_central()
        self._build_docks()
        self.beside_flow = BesideFlow(self)
        self.imports = ImportFlow(self, self.controller, self.settings, self.notifier,
                                  self.show_status)
        self.versions = VersionsFlow(self)
        self.exchange = ExchangeFlow(self, self.controller, self.settings, self.notifier,
                                     self.show_status)
        self.documents = DocumentFlow(self, self.controller, self.show_status)
        self.claim_actions = ClaimActions(self, self.controller, self.article, self.claims_panel,
                                          self.editor, self.editor_dock, self.show_status)
        self._build_actions()
        self._build_menus_and_toolbar()
        self._connect()
        self.evidence = EvidenceFlow(self)
        self.suggestions = SuggestionMarks(self)
        self._build_status_bar()
        self.desk = Desk(self)  # live updates, conflicts, the author's name
        self.panes = build_keyboard_paths(self)
        self._watch_drops()
        self._set_title(None)
        self.resize(1400, 880)
        restore_window(self)
        self._update_actions()

    def action(self, name: str) -> QAction:
        """The window's action by its objectName (see annotator.qt.shortcuts.ACTIONS)."""
        return self.named_actions[name]

    # -- construction ------------------------------------------------------------------

    def _build_central(self) -> None:
        self.article = ArticlePane()
        self.article.view.setPlaceholderText("Open an article from the library on the left.")
        self.beside = BesidePane()
        self.splitter = named(QSplitter(Qt.Orientation.Horizontal), "articleSplitter")
        self.splitter.addWidget(self.article)
        self.splitter.addWidget(self.beside)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

    def _build_docks(self) -> None:
        self.library = LibraryPanel(self.controller)
        self.claims_panel = ClaimsPanel()
        self.editor = ClaimEditor(self.controller)
        self.library_dock = self._dock("libraryDock", "Library", self.library,
                                       Qt.DockWidgetArea.LeftDockWidgetArea)
        # Made before the editor's dock: Tab then leaves the evidence pane for the library.
        self.evidence_pane = EvidencePane()
        self.evidence_dock = self._dock("evidenceDock", "Evidence", self.evidence_pane,
                                        Qt.DockWidgetArea.RightDockWidgetArea)
        self.editor_dock = self._dock("editorDock", "Claim", self.editor,
                                      Qt.DockWidgetArea.RightDockWidgetArea)
        self.claims_dock = self._dock("claimsDock", "Claims", self.claims_panel,
                                      Qt.DockWidgetArea.BottomDockWidgetArea)
        self.splitDockWidget(self.editor_dock, self.evidence_dock, Qt.Orientation.Vertical)
        self.library_pane = LibraryPane(self.controller)
        self.library_claims = self.library_pane.claims
        self.library_claims_dock = self._dock("libraryClaimsDock", "Across the library",
                                              self.library_pane,
                                              Qt.DockWidgetArea.BottomDockWidgetArea)
        self.library_claims_dock.hide()  # Library → Search the library (Ctrl+Shift+F) shows it
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
        scoped = {Scope.CLAIMS: (self.article.view, self.claims_panel.view),
                  Scope.LIBRARY: (self.library.view,)}
        self.named_actions = build_actions(self, provided, scoped)
        claims = self.claim_actions
        slots: dict[str, Callable[[], object]] = {
            "importFiles": self.imports.choose_files,
            "importClipboard": self.import_clipboard,
            "importReview": self.exchange.choose_review,
            "exportSelection": self.choose_export_selection,
            "openReviewFile": self.exchange.choose_review_window,
            "quit": self.close,
            "undo": self.controller.undo,
            "redo": self.controller.redo,
            "createClaim": claims.create_from_selection,
            "deleteClaim": claims.delete_current,
            "articleDetails": lambda: self.documents.edit_details(self.chosen_document_id()),
            "renameArticle": self.library.rename_current,
            "deleteArticle": lambda: self.documents.confirm_delete(
                self.library.current_document_id()),
            "searchLibrary": self.show_library_search,
            "showDashboard": self.show_dashboard,
            "nextClaim": lambda: claims.step(1),
            "previousClaim": lambda: claims.step(-1),
            "editNote": claims.edit_note,
            "addSource": claims.add_source,
            "addPassage": self.editor.add_passage,
            "reattachClaim": self.versions.reattach_from_selection,
            "importVersion": self.versions.choose_version_file,
            "correctText": self.versions.correct_text,
            "showVersions": self.versions.show_versions,
            "openBeside": self.choose_beside,
            "closeBeside": self.close_beside,
            "nextPane": lambda: self.panes.step(1),
            "previousPane": lambda: self.panes.step(-1),
            "zoomIn": lambda: self.zoom(self.settings.zoom_steps + 1),
            "zoomOut": lambda: self.zoom(self.settings.zoom_steps - 1),
            "zoomReset": lambda: self.zoom(0),
            "showShortcuts": self.show_shortcuts,
            "checkLibrary": partial(check_library, self),
            "about": self.show_about,
        }
        for name, fmt in EXPORT_ACTIONS.items():
            slots[name] = partial(self.exchange.choose_export, fmt)
        for name, verdict in VERDICT_ACTIONS.items():
            slots[name] = partial(claims.set_verdict, verdict)
        for name, theme in THEME_ACTIONS.items():
            slots[name] = partial(self.set_theme, theme)
        connect_actions(self.named_actions, slots)

    def _build_menus_and_toolbar(self) -> None:
        self.menus = build_menus(self, self.named_actions, (
            self.library_dock, self.claims_dock, self.editor_dock, self.evidence_dock,
            self.library_claims_dock))
        self.toolbar = build_toolbar(self, self.named_actions, self.menus["View"])
        attach = self.beside.attach_button
        # The button shows the action's icon text: short, so the pane beside stays narrow.
        self.named_actions["addPassage"].setIconText("Attach")
        attach.setDefaultAction(self.named_actions["addPassage"])
        ActionLinkGuard(attach)

    def _build_status_bar(self) -> None:
        self.counts_label = ClaimCounts(self.controller)
        self.statusBar().addPermanentWidget(self.counts_label)
        self.statusBar().setObjectName("statusBar")

    def focus_article(self) -> None:
        self.panes.go("article")

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
        c.claimsAppended.connect(self._claims_appended)
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

        self.imports.libraryChanged.connect(self.library.refresh)
        self.imports.openRequested.connect(self.open_document)
        self.imports.versionRequested.connect(self.versions.save_version_of)
        self.library.documentActivated.connect(self.open_document)
        self.library.openBesideRequested.connect(self.open_beside)
        self.library.detailsRequested.connect(self.documents.edit_details)
        self.library.deleteRequested.connect(self.documents.confirm_delete)
        self.library_claims.claimActivated.connect(self.open_claim)
        c.documentStored.connect(self._document_stored)
        c.documentDeleted.connect(self._document_deleted)
        self.library.extra_actions = [self.named_actions["importFiles"],
                                      self.named_actions["importClipboard"]]
        self.library.view.selectionModel().currentRowChanged.connect(self._update_actions)

        self.claims_panel.currentClaimChanged.connect(self._panel_claim_changed)
        self.claims_panel.claimActivated.connect(self.jump_to_claim)

        view = self.article.view
        view.claimClicked.connect(c.set_current_claim)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(
            lambda pos: self.claim_actions.article_menu(pos, self.named_actions))

        self.beside_flow.selectionChanged.connect(self._update_actions)

    # -- documents ---------------------------------------------------------------------

    def open_document(self, document_id: int) -> bool:
        return self.controller.open_document(document_id)

    def _document_opened(self, document: DocumentRecord | None) -> None:
        view = self.article.view
        if document is None:
            view.set_article("", [])
            self._set_title(None)
        else:
            # With the claims read so far: the text is highlighted in the one pass that
            # setting it runs (claimsReset, next, finds them already there).
            view.set_article(document.text, self.controller.claims())
            self._set_title(document.title)
            self.settings.last_document_id = document.id
        self.article.find_bar.close_bar()
        self._update_actions()

    def _set_title(self, document_title: str | None) -> None:
        # A library on a read-only medium (or a damaged one) is opened for reading only.
        name = f"{APP_TITLE} (read-only)" if self.store.read_only else APP_TITLE
        self.setWindowTitle(f"{document_title} — {name}" if document_title else name)

    def _document_stored(self, document: DocumentRecord) -> None:
        if document.id == self.controller.document_id:
            self._set_title(document.title)

    def _document_deleted(self, document_id: int) -> None:
        if self.beside.document is not None and self.beside.document.id == document_id:
            self.close_beside()

    def chosen_document_id(self) -> int | None:
        """The article a Library action is about: the open one, else the one selected."""
        return self.controller.document_id or self.library.current_document_id()

    def open_claim(self, document_id: int, claim_id: int) -> bool:
        """Open a claim's article (if another is open) and put the claim in view."""
        if document_id != self.controller.document_id and not self.open_document(document_id):
            return False
        self.jump_to_claim(claim_id)
        self.focus_article()
        return self.controller.current_claim_id == claim_id

    def show_library_search(self) -> None:
        show_beside(self, self.library_claims_dock, self.claims_dock)
        self.library_pane.show_search()

    def show_dashboard(self) -> None:
        show_beside(self, self.library_claims_dock, self.claims_dock)
        self.library_pane.setCurrentWidget(self.library_pane.dashboard)

    def export_scopes(self) -> list[ExportScope]:
        """The parts of the library File → Export selection… offers."""
        return export_scopes(self.controller.document, self.library.selected_document_ids(),
                             self.library_claims)

    def choose_export_selection(self) -> None:
        self.exchange.choose_selection(self.export_scopes())

    def _claims_reset(self, claims: list[ClaimRecord]) -> None:
        self.article.view.set_claims(claims)
        self.claims_panel.set_claims(claims)
        self.counts_label.schedule()
        if self.controller.loading_rest:  # show the first screen before the rest is read
            self.article.view.viewport().repaint()

    def _claims_appended(self, claims: list[ClaimRecord]) -> None:
        self.article.view.add_claims(claims)
        self.claims_panel.add_claims(claims)
        self.counts_label.schedule()

    def _claim_changed(self, claim: ClaimRecord) -> None:
        self.article.view.upsert_claim(claim)
        self.claims_panel.upsert_claim(claim)
        self.counts_label.schedule()

    def _claim_removed(self, claim_id: int) -> None:
        self.article.view.remove_claim(claim_id)
        self.claims_panel.remove_claim(claim_id)
        self.counts_label.schedule()

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
        self.claim_actions.jump_to(claim_id)

    def create_claim_from_selection(self) -> int | None:
        """Create a claim on the article's selection; returns its id."""
        return self.claim_actions.create_from_selection()

    # -- the article beside (annotator.qt.beside_flow) --------------------------------

    @property
    def beside_document(self) -> DocumentRecord | None:
        return self.beside_flow.document

    @property
    def article_picker(self) -> ArticlePicker | None:
        return self.beside_flow.picker

    def choose_beside(self) -> ArticlePicker | None:
        return self.beside_flow.choose()

    def open_beside(self, document_id: int) -> bool:
        return self.beside_flow.open(document_id)

    def close_beside(self) -> None:
        self.beside_flow.close()

    def beside_passage(self) -> tuple[int, int, int] | None:
        return self.beside.passage()

    # -- importing, exporting, reviews (the flows do the work) ---------------------------

    @property
    def import_job(self) -> ImportJob | None:
        return self.imports.job

    def import_files(self, paths: Sequence[Path]) -> ImportJob | None:
        return self.imports.import_files(paths)

    def import_clipboard(self) -> int | None:
        return self.imports.import_clipboard()

    def export_to(self, fmt: ExportFormat | str, path: Path) -> object | None:
        return self.exchange.export_to(ExportFormat(fmt), path)

    def import_review_from(self, path: Path) -> object | None:
        return self.exchange.import_review_from(path)

    # -- view: theme and text size -------------------------------------------------------

    def set_theme(self, theme: Theme) -> None:
        self.settings.theme = theme.value
        apply_theme(theme)
        self.named_actions[theme_action(theme)].setChecked(True)

    def zoom(self, steps: int) -> None:
        steps = clamp_zoom(steps)
        self.settings.zoom_steps = steps
        apply_zoom([self.article.view, self.beside.view], steps)
        set_enabled(self.named_actions["zoomReset"], steps != 0)

    # -- messages and help -------------------------------------------------------------

    @property
    def notifications(self) -> list[Notification]:
        return self.notifier.notifications

    @property
    def message_boxes(self) -> list[QMessageBox]:
        return self.notifier.message_boxes

    def notify(self, level: str, title: str, text: str, details: str = "") -> QMessageBox:
        """Show a message without blocking; recorded in ``notifications``."""
        return self.notifier.notify(level, title, text, details)

    def close_messages(self) -> None:
        self.notifier.close_all()

    def show_status(self, message: str, timeout: int = 4000) -> None:
        self.statusBar().showMessage(message, timeout)

    def show_shortcuts(self) -> QDialog:
        if self.shortcuts_dialog is None:
            self.shortcuts_dialog = ShortcutsDialog(self)
        self.shortcuts_dialog.show()
        self.shortcuts_dialog.raise_()
        return self.shortcuts_dialog

    def show_about(self) -> None:
        from annotator import __version__

        self.notify(
            "information", f"About {APP_TITLE}",
            f"{APP_TITLE} {__version__}\n\nHighlight claims in articles, mark them verified or "
            f"disputed, and record the sources behind each verdict.\n\nLibrary: "
            f"{self.store.label}",
        )

    # -- state of actions --------------------------------------------------------------

    def _update_actions(self, *_args: object) -> None:
        self.action_state.update()

    def _update_undo_actions(self, *_args: object) -> None:
        self.action_state.update_undo()

    # -- settings ----------------------------------------------------------------------

    def open_initial_document(self) -> None:
        """The documents open last time (and beside), else the first in the library."""
        documents = self.library.model.documents()
        if not documents:
            return
        last = self.settings.last_document_id
        ids = [d.id for d in documents]
        self.open_document(last if last in ids else ids[0])
        beside = self.settings.beside_document_id
        if beside in ids and beside != self.controller.document_id:
            self.open_beside(beside)

    def save_settings(self) -> None:
        save_window(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.controller.aboutToChange.emit()  # the note being typed is saved
        self.imports.cancel()
        self.evidence.stop()
        self.suggestions.stop()
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
                default_dock_sizes(self)
            stack_docks_to_fit(self, [(self.editor_dock, self.evidence_dock)])
            fit_to_screen(self)
            # Once the layout has settled (the stacked docks' smaller minimum included).
            QTimer.singleShot(0, self.fit_docks)

    def fit_docks(self) -> None:
        fit_to_screen(self)
        keep_article_readable(self, [self.library_dock, self.editor_dock])
