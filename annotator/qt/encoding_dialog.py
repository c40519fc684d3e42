"""Asks which encoding a text file that is not UTF-8 is in, showing what each choice reads.

Nothing is guessed silently: the detected encoding is only preselected, with a preview of
the text read that way; the file is imported when the user confirms (or picks another).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.io.encodings import CHOICES, EncodingNeeded, codec_name, describe, preview
from annotator.qt.widgets import named


class EncodingDialog(QDialog):
    def __init__(self, path: Path, problem: EncodingNeeded, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.setObjectName("encodingDialog")
        self.setWindowTitle("Text encoding")
        self.path = Path(path)
        self._data = problem.data
        guess = problem.guess
        if guess is not None:
            found = (f"<b>{path.name}</b> is not UTF-8. It looks like "
                     f"<b>{guess.label}</b>. Check the preview, then import it "
                     "or choose another encoding.")
        else:
            found = (f"<b>{path.name}</b> is not UTF-8, and its encoding could not be "
                     "detected. Choose one and check the preview.")
        message = named(QLabel(found), "encodingDetected")
        message.setWordWrap(True)

        self.encoding = named(QComboBox(), "encodingChoice")
        self.encoding.setAccessibleName("Encoding")
        offered = [guess.encoding, *guess.alternatives] if guess is not None else []
        offered += [name for name, _label in CHOICES]
        for name in dict.fromkeys(codec_name(n) for n in offered):
            marker = " — detected" if guess is not None and name == guess.encoding else ""
            self.encoding.addItem(f"{describe(name)}{marker}", name)
        self.preview = named(QPlainTextEdit(), "encodingPreview")
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName("Preview")
        self.preview.setMinimumSize(480, 160)
        self.encoding.currentIndexChanged.connect(self._show_preview)

        buttons = QDialogButtonBox()
        self.import_button = buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("encodingImport")
        skip = buttons.addButton("Skip this file", QDialogButtonBox.ButtonRole.RejectRole)
        skip.setObjectName("encodingSkip")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("&Encoding", self.encoding)
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addWidget(buttons)
        self._show_preview()

    def chosen_encoding(self) -> str:
        return str(self.encoding.currentData())

    def _show_preview(self) -> None:
        self.preview.setPlainText(preview(self._data, self.chosen_encoding()))
