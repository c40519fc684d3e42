"""The HTML report shows what is published: each claim's rating label beside its verdict
and each article's byline (authors, outlet, date); read back with lxml."""

from __future__ import annotations

from pathlib import Path

import lxml.html

from annotator.io.export import export_library
from annotator.store import Store
from tests.io.export_support import FINER_LABEL, ORIGINAL_AUTHORS, Library


def test_rating_labels_and_bylines_are_shown(store: Store, library: Library,
                                             tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    export_library(store, "html", path)
    tree = lxml.html.parse(str(path)).getroot()
    labels = [(item.xpath("string(blockquote)"), span.text)
              for item in tree.xpath("//ol[@class='claims']/li")
              for span in item.xpath("span[@class='rating-label']")]
    assert labels == [(library.overlap.exact, FINER_LABEL)]
    bylines = [p.text_content() for p in tree.xpath("//p[contains(@class, 'byline')]")]
    assert bylines == [f"By {ORIGINAL_AUTHORS} · Daily Example · published 2024-03-14"]
    [byline] = tree.xpath("//p[contains(@class, 'byline')]")
    assert byline.getparent().xpath("string(h2)") == "Original"
