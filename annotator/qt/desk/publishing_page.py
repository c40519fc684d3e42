"""Edit → Preferences → Publishing: the library's publisher settings, shared by the desk.

What ClaimReview exports need (annotator.domain.publishing): the organisation, the web
address of a published fact-check (a template) and the newsroom's rating scale. Saved
through the controller in one transaction; a value refused says why under the fields and
the dialog stays open. Not undoable: they are the desk's settings, not a document's.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QSpinBox, QWidget

from annotator.domain.publishing import PLACEHOLDERS, PublisherKey, PublisherSettings
from annotator.qt.controller import Controller
from annotator.qt.widgets import named
from annotator.store import StoreError

EXAMPLE_TEMPLATE = "https://factcheck.example.org/{article_slug}#claim-{number}"


class PublishingPage(QWidget):
    def __init__(self, parent: QWidget | None, controller: Controller) -> None:
        super().__init__(parent)
        self.setObjectName("publishingPage")
        self._controller = controller
        self._loaded = controller.publisher_settings() or PublisherSettings()
        loaded = self._loaded
        self.organisation = self._line("organisation", loaded.organisation,
                                       "Example Fact Check",
                                       "Organisation publishing the fact-checks")
        self.organisation_url = self._line("organisationUrl", loaded.organisation_url,
                                           "https://factcheck.example.org",
                                           "The organisation's web address")
        self.url_template = self._line("urlTemplate", loaded.url_template, EXAMPLE_TEMPLATE,
                                       "Web address of a published fact-check")
        self.verified = self._line("verifiedLabel", loaded.verified_label, "True",
                                   "Rating of a verified claim")
        self.disputed = self._line("disputedLabel", loaded.disputed_label, "False",
                                   "Rating of a disputed claim")
        self.worst = self._number("worstRating", loaded.worst_rating,
                                  "Number of the worst rating (disputed)")
        self.best = self._number("bestRating", loaded.best_rating,
                                 "Number of the best rating (verified)")
        placeholders = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
        help_text = named(QLabel(
            f"Placeholders: {placeholders}. ClaimReview exports need the organisation and "
            "the web address. Everyone using this library shares these settings.", self),
            "publishingHelp")
        help_text.setWordWrap(True)
        help_text.setStyleSheet("color: palette(placeholder-text);")
        self.error = named(QLabel(self), "publishingError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()
        form = QFormLayout(self)
        form.addRow("&Organisation:", self.organisation)
        form.addRow("Organisation &web address:", self.organisation_url)
        form.addRow("&Fact-check address:", self.url_template)
        form.addRow("", help_text)
        form.addRow("&Verified is rated:", self.verified)
        form.addRow("&Disputed is rated:", self.disputed)
        form.addRow("Worst rating n&umber:", self.worst)
        form.addRow("Best rating nu&mber:", self.best)
        form.addRow(self.error)
        self._fields: dict[PublisherKey, QLineEdit | QSpinBox] = {
            PublisherKey.ORGANISATION: self.organisation,
            PublisherKey.ORGANISATION_URL: self.organisation_url,
            PublisherKey.URL_TEMPLATE: self.url_template,
            PublisherKey.VERIFIED_LABEL: self.verified,
            PublisherKey.DISPUTED_LABEL: self.disputed,
            PublisherKey.WORST_RATING: self.worst,
            PublisherKey.BEST_RATING: self.best,
        }

    def _line(self, name: str, value: str, placeholder: str, accessible: str) -> QLineEdit:
        field = named(QLineEdit(value, self), name)
        field.setPlaceholderText(placeholder)
        field.setAccessibleName(accessible)
        field.setMinimumWidth(380)
        return field

    def _number(self, name: str, value: int, accessible: str) -> QSpinBox:
        field = named(QSpinBox(self), name)
        field.setRange(0, 100)
        field.setValue(value)
        field.setAccessibleName(accessible)
        return field

    def changes(self) -> dict[PublisherKey, str | None]:
        """What differs from the settings as loaded; an emptied field is unset (None)."""
        changed: dict[PublisherKey, str | None] = {}
        for key, field in self._fields.items():
            text = str(field.value()) if isinstance(field, QSpinBox) else field.text().strip()
            if text != self._loaded.value(key):
                changed[key] = text or None
        return changed

    def save(self) -> bool:
        """Store the changes in one transaction; False (reason shown) when refused."""
        changes = self.changes()
        if not changes:
            return True
        try:
            self._loaded = self._controller.change_publisher_settings(changes)
        except (ValueError, StoreError) as exc:
            self.error.setText(str(exc))
            self.error.show()
            self.window().adjustSize()  # room for the reason: wrapped text is never cut
            failed = next((key for key in changes if str(key) in str(exc)), None)
            if failed is not None:
                self._fields[failed].setFocus()
            return False
        self.error.hide()
        return True
