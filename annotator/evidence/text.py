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
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

SCHEME = "sentencex-lines/nfkc-fold/nltk-stop/snowball-en/2"
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
    """NLTK's English function words (bm25s's STOPWORDS_EN_PLUS, which holds its shorter
    STOPWORDS_EN too): pronouns, auxiliaries, "about", "more", "than"."""
    from bm25s.stopwords import STOPWORDS_EN, STOPWORDS_EN_PLUS

    return frozenset(STOPWORDS_EN) | frozenset(STOPWORDS_EN_PLUS)


@cache
def _stem_words() -> Callable[[list[str]], list[str]]:
    import Stemmer

    stem: Callable[[list[str]], list[str]] = Stemmer.Stemmer("english").stemWords
    return stem


def normalise(text: str) -> str:
    """Lower-cased compatibility form without accents: "CO₂" and "CO2", "ﬁnal" and
    "final", "Café" and "cafe" are the same words (Unicode NFKC, then NFKD with the
    combining marks dropped)."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).lower())
    return "".join(c for c in text if not unicodedata.combining(c))


def terms(text: str) -> list[str]:
    """Index terms, in order (repeats kept): normalised words without NLTK's English
    function words, Snowball-stemmed. Claims, passages and titles get the same analysis."""
    return terms_of_each([text])[0]


def terms_of_each(texts: list[str]) -> list[list[str]]:
    """terms() of each text, with one call to the stemmer for them all (a document's
    sentences: cheaper than a call per sentence)."""
    stop = _stopwords()
    words = [[w for w in _WORD.findall(normalise(text))
              if w not in stop and (len(w) > 1 or w.isdigit())] for text in texts]
    flat = [w for each in words for w in each]
    stems = _stem_words()(flat) if flat else []
    found, at = [], 0
    for each in words:
        found.append(stems[at:at + len(each)])
        at += len(each)
    return found
