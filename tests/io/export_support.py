"""A small library built through the Store services, shared by the export tests.

It has what exports get wrong: an emoji and CJK before and inside claims (code points vs
UTF-16), overlapping claims, a cell that a spreadsheet would run as a formula, markup in a
note, a URL without a scheme, a javascript: URL, a passage of another document as a source,
and a document without claims. The store now refuses the two bad URLs, but libraries written
by earlier versions hold them, so they are written into the rows directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

from sqlalchemy import text

from annotator.domain.publishing import PublisherKey
from annotator.domain.records import ClaimRecord, DocumentMetadata, DocumentSummary, SourceInput
from annotator.domain.verdict import Stance, Verdict
from annotator.store import Store

EMOJI_TEXT = (
    "Headline 🧪 検証 “quoted”\n"
    "The minister said growth was 3.4% 👍🏽 in 2023, the best in a decade.\n"
    "=SUM(A1:A9) was pasted here by mistake.\n"
    "-5% is what the opposition claimed instead.\n"
)
EMOJI_QUOTE = "growth was 3.4% 👍🏽"
OVERLAP_QUOTE = "3.4% 👍🏽 in 2023"
FORMULA_QUOTE = "=SUM(A1:A9)"
MINUS_QUOTE = "-5% is what the opposition claimed"
ORIGINAL_QUOTE = "Trump spoke to his Russian counterpart on Thursday via phone call"
FORMULA_NOTE = '=HYPERLINK("http://evil.example/","click")'
MARKUP_NOTE = "Figures <script>alert(1)</script> & “smart” quotes\nsecond line"
ORGANISATION = "Example Fact Check"
ORGANISATION_URL = "https://factcheck.example.org"
URL_TEMPLATE = "https://factcheck.example.org/{article_slug}#claim-{number}"
ORIGINAL_AUTHORS = "Ana Lima; Bo Chen"
FINER_LABEL = "Misleading"


@dataclass(frozen=True)
class Library:
    emoji_doc: DocumentSummary
    original_doc: DocumentSummary
    empty_doc: DocumentSummary
    emoji: ClaimRecord  # verified, two sources, a note
    overlap: ClaimRecord  # disputed, overlaps `emoji`, formula note, rated "Misleading"
    formula: ClaimRecord  # unchecked, quote starts with '='
    minus: ClaimRecord  # verified, quote starts with '-', markup note, passage source
    original: ClaimRecord  # in the second document (authors, outlet, date; from a file)

    @property
    def claims(self) -> tuple[ClaimRecord, ...]:
        return (self.emoji, self.overlap, self.formula, self.minus, self.original)


def span(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


def set_publisher(store: Store) -> None:
    """The publisher settings a ClaimReview export needs (annotator config set ...)."""
    from annotator.store.publishing import change_settings

    change_settings(store, {PublisherKey.ORGANISATION: ORGANISATION,
                            PublisherKey.ORGANISATION_URL: ORGANISATION_URL,
                            PublisherKey.URL_TEMPLATE: URL_TEMPLATE})


def build_library(store: Store, original_text: str, *, publisher: bool = True) -> Library:
    emoji_doc = store.import_document("Emoji 🧪 article", EMOJI_TEXT,
                                      "https://news.example/emoji").document
    original_doc = store.import_document("Original", original_text,
                                         "/tmp/original.txt").document
    empty_doc = store.import_document("No claims here", "Nothing to check.\n").document

    emoji = store.create_claim(
        emoji_doc.id, *span(EMOJI_TEXT, EMOJI_QUOTE), verdict=Verdict.VERIFIED,
        note="Checked against the statistics office 📈",
        sources=[
            SourceInput(url="https://stats.example/gdp?q=2023&x=1", title="GDP 2023",
                        publisher="Statistics Office", excerpt="Growth: 3.4 %",
                        stance=Stance.SUPPORTS, accessed_at="2024-03-01"),
            SourceInput(url="https://example.org/placeholder", title="Blog post",
                        stance=Stance.CONTEXT),
        ],
    )
    overlap = store.create_claim(
        emoji_doc.id, *span(EMOJI_TEXT, OVERLAP_QUOTE), verdict=Verdict.DISPUTED,
        note=FORMULA_NOTE,
        sources=[SourceInput(url="https://example.org/placeholder2", title="Bad link",
                             stance=Stance.REFUTES)],
    )
    with store.engine.begin() as connection:  # as an earlier version stored them
        for title, url in (("Blog post", "example.org/no-scheme"),
                           ("Bad link", "javascript:alert(1)")):
            connection.execute(text("UPDATE sources SET url = :url WHERE title = :title"),
                               {"url": url, "title": title})
    formula = store.create_claim(emoji_doc.id, *span(EMOJI_TEXT, FORMULA_QUOTE))
    original = store.create_claim(original_doc.id, *span(original_text, ORIGINAL_QUOTE),
                                  verdict=Verdict.VERIFIED)
    passage_start, passage_end = span(original_text, ORIGINAL_QUOTE)
    minus = store.create_claim(
        emoji_doc.id, *span(EMOJI_TEXT, MINUS_QUOTE), verdict=Verdict.VERIFIED,
        note=MARKUP_NOTE,
        sources=[SourceInput(passage_document_id=original_doc.id, passage_start=passage_start,
                             passage_end=passage_end, stance=Stance.REFUTES)],
    )
    store.update_document(original_doc.id, DocumentMetadata(
        title="Original", outlet="Daily Example", authors=ORIGINAL_AUTHORS,
        published="2024-03-14"))
    overlap = store.set_rating_label(overlap.id, FINER_LABEL)
    if publisher:
        set_publisher(store)
    return Library(emoji_doc, original_doc, empty_doc, emoji, overlap, formula, minus,
                   store.claim(original.id))


class ScriptCollector(HTMLParser):
    """The standard library's HTML tokenizer: script contents and every start tag."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self.tags: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data
