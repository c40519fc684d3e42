"""Sentences with code-point offsets (sentencex), and the stemmed index terms of a text.

SCHEME names the analysis; stored passages cut with another scheme are re-indexed, so a
change to the splitter or the term analysis must change it.

sentencex (Wikimedia's rule-based segmenter, ~300 languages) was chosen over syntok after
measuring both on 20k news-like sentences: syntok took about 3 s of CPU, most of the 5 s
budget for building the whole index, sentencex a few hundredths of a second, with the same
sentences on abbreviations, decimals, quotes and initials (tests/evidence/test_text.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

SCHEME = "sentencex-lines/snowball-en/1"
LANGUAGE = "en"
# A passage longer than this is cut at a word boundary: one run-on "sentence" (a table, a
# list without punctuation) must not swallow a whole article.
MAX_PASSAGE = 600
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int  # code points into the text
    end: int


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of a text, without surrounding blanks; a line break always ends a sentence
    (titles, list items)."""
    from sentencex import segment

    sentences: list[Sentence] = []
    base = 0
    for line in text.split("\n"):
        if line.strip():
            # The segments concatenate back to the line exactly, blanks included.
            offset = base
            for piece in segment(LANGUAGE, line):
                stripped = piece.strip()
                if stripped:
                    start = offset + len(piece) - len(piece.lstrip())
                    sentences.extend(_cut_long(text, start, start + len(stripped)))
                offset += len(piece)
        base += len(line) + 1
    return sentences


def _cut_long(text: str, start: int, end: int) -> list[Sentence]:
    pieces = []
    while end - start > MAX_PASSAGE:
        cut = text.rfind(" ", start + 1, start + MAX_PASSAGE)
        cut = cut if cut > start else start + MAX_PASSAGE
        pieces.append(Sentence(start, cut))
        start = cut + 1 if text[cut] == " " else cut
    if end > start:
        pieces.append(Sentence(start, end))
    return pieces


@cache
def _stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN

    return frozenset(STOPWORDS_EN)


@cache
def _query_stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN_PLUS

    return _stopwords() | frozenset(STOPWORDS_EN_PLUS)


@cache
def _stem_words() -> Callable[[list[str]], list[str]]:
    import Stemmer

    stem: Callable[[list[str]], list[str]] = Stemmer.Stemmer("english").stemWords
    return stem


def terms(text: str) -> list[str]:
    """Lower-cased, stop-word-free, Snowball-stemmed words, in order (repeats kept)."""
    return _terms(text, _stopwords())


def query_terms(text: str) -> list[str]:
    """The terms a claim is searched with: as terms(), but also without the function words
    of NLTK's longer English list (pronouns, auxiliaries, "about", "more", "than": bm25s's
    STOPWORDS_EN_PLUS). Passages keep the short list, so the query's analysis can change
    without re-indexing."""
    return _terms(text, _query_stopwords())


def _terms(text: str, stop: frozenset[str]) -> list[str]:
    words = [w for w in _WORD.findall(text.lower())
             if w not in stop and (len(w) > 1 or w.isdigit())]
    return _stem_words()(words) if words else []
