"""Check-worthy sentence suggestions: a logistic regression over word 1-2 grams and a few
cues (numbers, dates, quantities, attributions, comparatives, names), trained offline by
tools/train_checkworthy.py on the ClaimBuster data set and shipped as checkworthy.json.
Scoring is plain Python: a dictionary look-up per feature."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from annotator.evidence.text import split_sentences

_TOKEN = re.compile(r"[A-Za-z]+(?:'[a-z]+)?|\d+(?:[.,]\d+)*%?|[$€£%?]")
_NUMBER = re.compile(r"\d")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)s?\b")
_MONTH = re.compile(r"\b(January|February|March|April|June|July|August|September|October|"
                    r"November|December)\b")
_CUES = {
    "scale": {"hundred", "thousand", "thousands", "million", "millions", "billion", "billions",
              "trillion", "percent", "per", "cent", "dozen", "half", "twice", "double",
              "doubled", "tripled"},
    "money": {"$", "€", "£", "dollar", "dollars", "euro", "euros", "tax", "taxes", "budget",
              "deficit", "debt", "spending", "cost", "costs"},
    "comparative": {"more", "less", "fewer", "than", "most", "least", "highest", "lowest",
                    "largest", "biggest", "smallest", "record", "increase", "increased",
                    "decrease", "decreased", "rose", "fell", "cut", "grew", "first", "only",
                    "ever", "never"},
    "attribution": {"said", "says", "say", "according", "reported", "announced", "voted",
                    "vote", "signed", "passed", "claimed", "told", "stated", "wrote"},
    "opinion": {"think", "believe", "feel", "hope", "want", "wish", "should", "must", "will",
                "going", "let", "thank", "thanks"},
}
MODEL_FILE = "checkworthy.json"


def features(sentence: str) -> list[str]:
    """The sparse features of one sentence (names shared by training and scoring)."""
    tokens = _TOKEN.findall(sentence)
    words = ["<num>" if _NUMBER.search(t) else t.lower() for t in tokens]
    found = [f"w:{w}" for w in words]
    found += [f"b:{a}_{b}" for a, b in zip(["<s>", *words], [*words, "</s>"], strict=True)]
    lowered = set(words)
    for cue, vocabulary in _CUES.items():
        if lowered & vocabulary:
            found.append(f"f:{cue}")
    if any(_NUMBER.search(t) for t in tokens):
        found.append("f:number")
    if "%" in sentence or "percent" in lowered:
        found.append("f:percent")
    if _YEAR.search(sentence):
        found.append("f:year")
    if _MONTH.search(sentence):
        found.append("f:month")
    names = sum(1 for t in tokens[1:] if t[0].isupper() and t not in {"I", "I'm", "I've"})
    found.append(f"f:names{min(names, 3)}")
    found.append("f:question" if sentence.rstrip().endswith("?") else "f:statement")
    length = len(words)
    found.append("f:len" + ("<6" if length < 6 else "<12" if length < 12 else
                            "<25" if length < 25 else "25+"))
    return found


@dataclass(frozen=True, slots=True)
class Model:
    bias: float
    weights: dict[str, float]
    threshold: float

    def score(self, sentence: str) -> float:
        """Probability-like check-worthiness in [0, 1]."""
        z = self.bias + sum(self.weights.get(f, 0.0) for f in set(features(sentence)))
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


@cache
def model() -> Model:
    data = json.loads(resources.files("annotator.evidence").joinpath(MODEL_FILE).read_text(
        encoding="utf-8"))
    return Model(float(data["bias"]), {k: float(v) for k, v in data["weights"].items()},
                 float(data["threshold"]))


@dataclass(frozen=True, slots=True)
class Suggestion:
    start: int  # code points into the text
    end: int
    text: str
    score: float

    def as_json(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "text": self.text,
                "score": round(self.score, 4)}


def suggest(text: str, *, min_score: float | None = None) -> list[Suggestion]:
    """Sentences of a text worth checking, in reading order."""
    scorer = model()
    floor = scorer.threshold if min_score is None else min_score
    found = []
    for sentence in split_sentences(text):
        quote = text[sentence.start:sentence.end]
        score = scorer.score(quote)
        if score >= floor:
            found.append(Suggestion(sentence.start, sentence.end, quote, score))
    return found
