"""The one table of window actions and their keys.

MainWindow builds its QActions from ACTIONS, and Help → Shortcuts lists the same rows, so
the dialog can never disagree with what the keys do.

``scope`` says where a key works:

* ``"window"``: anywhere in the main window.
* ``"claims"``: only while the article or the claims list has focus, so plain keys such as
  1, 2, 3, n and p never fire while typing a note or a filter.
* ``"article"``: while the article (or its find bar) has focus; these actions belong to the
  article pane (``provided``), the window only puts them in its menu.
* ``"library"``: only while the library list has focus (F2 renames, Delete deletes there).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtGui import QKeySequence


class Scope(StrEnum):
    WINDOW = "window"
    CLAIMS = "claims"
    ARTICLE = "article"
    LIBRARY = "library"


@dataclass(frozen=True, slots=True)
class ActionSpec:
    name: str  # objectName of the QAction, and the key MainWindow.actions uses
    text: str  # menu text, with & mnemonics
    keys: tuple[str, ...] = ()  # portable QKeySequence strings, first one is the main key
    menu: str = ""
    scope: Scope = Scope.WINDOW
    tip: str = ""  # status/tool tip; the keys are appended automatically
    provided: bool = False  # the article pane creates this action; the window only lists it
    separated: bool = False  # a menu separator goes before it
    checkable: bool = False

    @property
    def label(self) -> str:
        return self.text.replace("&&", "\0").replace("&", "").replace("\0", "&")

    def key_sequences(self) -> list[QKeySequence]:
        return [QKeySequence(key) for key in self.keys]

    def key_text(self) -> str:
        """The keys as the user sees them on this platform, e.g. "Ctrl+Z, Ctrl+Y"."""
        return ", ".join(
            QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
            for key in self.keys
        )

    def tooltip(self) -> str:
        base = self.tip or self.label.rstrip(".…")
        keys = self.key_text()
        return f"{base} ({keys})" if keys else base


ACTIONS: tuple[ActionSpec, ...] = (
    # File
    ActionSpec("importFiles", "&Import files…", ("Ctrl+O",), "File",
               tip="Import .txt, .md or .html articles into the library"),
    ActionSpec("importClipboard", "Import from &clipboard", ("Ctrl+Shift+V",), "File",
               tip="Import the text on the clipboard as a new article"),
    ActionSpec("exportReview", "&Export for review…", (), "File",
               tip="Write a review file that a reviewer can annotate", separated=True),
    ActionSpec("importVersion", "Import as new &version…", (), "File",
               tip="Import a file as the open article's new version (the outlet updated it)"),
    ActionSpec("importReview", "Import &review…", (), "File",
               tip="Merge a reviewer's decisions from a review file"),
    ActionSpec("openReviewFile", "&Open review file…", (), "File",
               tip="Review a review file in the reviewer's window (as a reviewer would)"),
    ActionSpec("exportW3C", "Export as &W3C annotations…", (), "File", separated=True),
    ActionSpec("exportClaimReview", "Export as Claim&Review…", (), "File"),
    ActionSpec("exportEmbed", "Export ClaimReview sni&ppets to embed…", (), "File"),
    ActionSpec("exportCsv", "Export as CS&V…", (), "File"),
    ActionSpec("exportXlsx", "Export as E&xcel workbook…", (), "File"),
    ActionSpec("exportHtml", "Export as &HTML report…", (), "File"),
    ActionSpec("exportSelection", "Export &selection…", ("Ctrl+Shift+E",), "File",
               tip="Export some articles, or the claims found across the library, in any "
                   "format"),
    ActionSpec("quit", "&Quit", ("Ctrl+Q",), "File", separated=True),
    # Edit
    ActionSpec("undo", "&Undo", ("Ctrl+Z",), "Edit"),
    ActionSpec("redo", "&Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "Edit"),
    ActionSpec("createClaim", "&Create claim from selection", ("Ctrl+Return", "Ctrl+Enter"),
               "Edit", tip="Create a claim from the text selected in the article", separated=True),
    ActionSpec("deleteClaim", "&Delete claim", ("Delete",), "Edit", scope=Scope.CLAIMS,
               tip="Delete the current claim with its sources"),
    ActionSpec("correctText", "Correct the &text…", (), "Edit", separated=True,
               tip="Edit the article's text and save it as a new version"),
    ActionSpec("find", "&Find in article…", ("Ctrl+F",), "Edit", scope=Scope.ARTICLE,
               provided=True, separated=True),
    ActionSpec("findNext", "Find &next", ("F3",), "Edit", scope=Scope.ARTICLE, provided=True),
    ActionSpec("findPrevious", "Find pre&vious", ("Shift+F3",), "Edit", scope=Scope.ARTICLE,
               provided=True),
    ActionSpec("preferences", "Pre&ferences…", ("Ctrl+,",), "Edit", separated=True,
               tip="Your name (and e-mail), recorded on every edit"),
    # Library
    ActionSpec("articleDetails", "Article &details…", ("Ctrl+I",), "Library",
               tip="Edit the title, web address, outlet, authors and date of the article"),
    ActionSpec("renameArticle", "&Rename article", ("F2",), "Library", scope=Scope.LIBRARY,
               tip="Rename the article selected in the library, in place"),
    ActionSpec("deleteArticle", "De&lete article…", ("Delete",), "Library", scope=Scope.LIBRARY,
               tip="Delete the article selected in the library, with its claims"),
    ActionSpec("searchLibrary", "&Search the library…", ("Ctrl+Shift+F",), "Library",
               separated=True,
               tip="Search and filter the claims of every article; Enter jumps to one"),
    ActionSpec("showDashboard", "Claim &counts", (), "Library",
               tip="Claims by verdict and review status, per article and in total"),
    # Claim
    ActionSpec("verdictUnchecked", "Mark &unchecked", ("1",), "Claim", scope=Scope.CLAIMS),
    ActionSpec("verdictVerified", "Mark &verified", ("2",), "Claim", scope=Scope.CLAIMS),
    ActionSpec("verdictDisputed", "Mark &disputed", ("3",), "Claim", scope=Scope.CLAIMS),
    ActionSpec("nextClaim", "&Next claim", ("N",), "Claim", scope=Scope.CLAIMS, separated=True),
    ActionSpec("previousClaim", "&Previous claim", ("P",), "Claim", scope=Scope.CLAIMS),
    ActionSpec("editNote", "Edit &note", ("Return", "Enter"), "Claim", scope=Scope.CLAIMS,
               tip="Jump to the claim and type its note", separated=True),
    ActionSpec("addSource", "Add &source…", ("Ctrl+Shift+S",), "Claim"),
    ActionSpec("reattachClaim", "&Re-attach claim to selection", ("Ctrl+Shift+R",), "Claim",
               tip="Attach the current claim (orphaned, fuzzy or ambiguous after a new "
                   "version) to the words selected in the article"),
    ActionSpec("addPassage", "Attach selected &passage", ("Ctrl+Shift+P",), "Claim",
               tip="Attach the passage selected in the article opened beside as a source"),
    ActionSpec("nextSuggestion", "Next s&uggestion", ("S",), "Claim", scope=Scope.CLAIMS,
               separated=True,
               tip="Go to the next sentence suggested as worth checking (dotted outline)"),
    ActionSpec("previousSuggestion", "Previous su&ggestion", ("Shift+S",), "Claim",
               scope=Scope.CLAIMS),
    ActionSpec("acceptSuggestion", "&Accept suggestion as claim", ("A",), "Claim",
               scope=Scope.CLAIMS, tip="Create a claim from the current suggested sentence"),
    ActionSpec("dismissSuggestion", "Dis&miss suggestion", ("X",), "Claim", scope=Scope.CLAIMS,
               tip="Hide the current suggested sentence in this article for good"),
    # View
    ActionSpec("openBeside", "Open &beside…", ("Ctrl+Shift+O",), "View",
               tip="Pick another article to open beside the current one and take passages "
                   "from"),
    ActionSpec("closeBeside", "C&lose beside", (), "View"),
    ActionSpec("showVersions", "&Versions of the article…", (), "View",
               tip="Any version of the article, with its claims where they were"),
    ActionSpec("showSuggestions", "Check-worthy su&ggestions", (), "View", checkable=True,
               tip="Outline the sentences worth checking in the article (dotted)"),
    ActionSpec("nextPane", "Next &pane", ("F6",), "View", separated=True,
               tip="Move the keyboard focus to the next pane"),
    ActionSpec("previousPane", "Pre&vious pane", ("Shift+F6",), "View",
               tip="Move the keyboard focus to the previous pane"),
    ActionSpec("zoomIn", "&Larger text", ("Ctrl+=", "Ctrl++"), "View", separated=True,
               tip="Enlarge the article text"),
    ActionSpec("zoomOut", "&Smaller text", ("Ctrl+-",), "View", tip="Shrink the article text"),
    ActionSpec("zoomReset", "&Normal text size", ("Ctrl+0",), "View"),
    ActionSpec("themeSystem", "Colours as the s&ystem", (), "View", separated=True,
               checkable=True),
    ActionSpec("themeLight", "Li&ght colours", (), "View", checkable=True),
    ActionSpec("themeDark", "&Dark colours", (), "View", checkable=True),
    # Help
    ActionSpec("showShortcuts", "&Keyboard shortcuts…", ("F1",), "Help"),
    ActionSpec("checkLibrary", "&Check library…", (), "Help", separated=True,
               tip="Check the library file for damage; recover a damaged one"),
    ActionSpec("about", "&About Annotator", (), "Help", separated=True),
)

MENUS: tuple[tuple[str, str], ...] = (
    ("File", "&File"),
    ("Edit", "&Edit"),
    ("Library", "&Library"),
    ("Claim", "&Claim"),
    ("View", "&View"),
    ("Help", "&Help"),
)

SCOPE_TEXT = {
    Scope.WINDOW: "anywhere",
    Scope.CLAIMS: "article or claims list focused",
    Scope.ARTICLE: "article focused",
    Scope.LIBRARY: "library list focused",
}


def spec(name: str) -> ActionSpec:
    for action in ACTIONS:
        if action.name == name:
            return action
    raise KeyError(name)


def shortcut_rows() -> list[tuple[str, str, str, str]]:
    """(menu, action, keys, where) for every action that has a key, in menu order."""
    return [
        (a.menu, a.label.rstrip("…"), a.key_text(), SCOPE_TEXT[a.scope])
        for a in ACTIONS
        if a.keys
    ]
