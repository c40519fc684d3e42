"""Reads the claims of an HTML report back with the standard library's HTML parser: for
each claim item, its number label and its quote (what a reader of the report sees)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path


class ReportClaims(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[dict[str, str]] = []  # id, number, quote of each claim item
        self.references: list[tuple[str, str]] = []  # (href, text) of each reference
        self._field: str | None = None
        self._reference: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        ident = attributes.get("id") or ""
        if tag == "li" and ident.startswith("d") and "-c" in ident:
            self.items.append({"id": ident, "number": "", "quote": ""})
        elif tag == "span" and attributes.get("class") == "number" and self.items:
            self._field = "number"
        elif tag == "blockquote" and self.items:
            self._field = "quote"
        elif tag == "a" and (attributes.get("href") or "").startswith("#d"):
            self._reference = attributes.get("href") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag in ("span", "blockquote"):
            self._field = None
        if tag == "a":
            self._reference = None

    def handle_data(self, data: str) -> None:
        if self._field is not None:
            self.items[-1][self._field] += data
        if self._reference is not None and "-c" in self._reference:
            self.references.append((self._reference, data))


def read_report(path: Path) -> ReportClaims:
    reader = ReportClaims()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    return reader
