"""The export formats: one registry for their names, labels and file endings.

Kept free of heavy imports so the command line can list the formats without loading
any exporter.
"""

from __future__ import annotations

from enum import StrEnum


class ExportFormat(StrEnum):
    """Every format the library exports (the CLI's --format, the File menu's entries)."""

    REVIEW = "review"
    W3C = "w3c"
    CLAIMREVIEW = "claimreview"
    EMBED = "embed"
    CSV = "csv"
    XLSX = "xlsx"
    HTML = "html"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def publishes(self) -> bool:
        """Written for a publisher's site: needs the publisher settings."""
        return self in (ExportFormat.CLAIMREVIEW, ExportFormat.EMBED)

    @property
    def suffix(self) -> str:
        """The usual file name ending, for save dialogs."""
        return _SUFFIXES[self]


_LABELS = {
    ExportFormat.REVIEW: "SQLite review file",
    ExportFormat.W3C: "W3C Web Annotation (JSON-LD)",
    ExportFormat.CLAIMREVIEW: "schema.org ClaimReview (JSON-LD)",
    ExportFormat.EMBED: "ClaimReview snippets to embed (HTML)",
    ExportFormat.CSV: "CSV spreadsheet",
    ExportFormat.XLSX: "Excel workbook (.xlsx)",
    ExportFormat.HTML: "HTML report",
}
_SUFFIXES = {
    ExportFormat.REVIEW: ".sqlite",
    ExportFormat.W3C: ".jsonld",
    ExportFormat.CLAIMREVIEW: ".jsonld",
    ExportFormat.EMBED: ".html",
    ExportFormat.CSV: ".csv",
    ExportFormat.XLSX: ".xlsx",
    ExportFormat.HTML: ".html",
}
