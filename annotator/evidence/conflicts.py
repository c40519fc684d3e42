"""Possible disagreement between a claim and a passage on a number, a date or a negation.

No offline entailment model is available, so stance stays with the editor; these are cheap
hints that a passage which matches the claim's words may still say something else.
"""

from __future__ import annotations

import re
from enum import StrEnum


class Conflict(StrEnum):
    NUMBER = "number"
    DATE = "date"
    NEGATION = "negation"


_MONTH = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?",
                    re.IGNORECASE)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)s?\b")
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w])")
_WORD_NUMBERS = {w: i for i, w in enumerate((
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve"))}
_WORD_NUMBER = re.compile(r"\b(" + "|".join(_WORD_NUMBERS) + r")\b", re.IGNORECASE)
_SCALE = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SCALED = re.compile(r"\s*(hundred|thousand|million|billion|trillion)\b", re.IGNORECASE)
_NEGATION = re.compile(
    r"\b(not|no|never|none|nobody|nothing|neither|nor|without|cannot|denied|denies|deny|"
    r"refused|refuses|false)\b|n't\b", re.IGNORECASE)


def _numbers(text: str) -> set[float]:
    found: set[float] = set()
    for match in _NUMBER.finditer(text):
        if _YEAR.fullmatch(match.group(0)):
            continue  # years are dates, compared on their own
        value = float(match.group(1).replace(",", ""))
        scale = _SCALED.match(text, match.end())
        found.add(value * _SCALE[scale.group(1).lower()] if scale else value)
    for match in _WORD_NUMBER.finditer(text):
        value = float(_WORD_NUMBERS[match.group(1).lower()])
        scale = _SCALED.match(text, match.end())
        found.add(value * _SCALE[scale.group(1).lower()] if scale else value)
    return found


def _dates(text: str) -> tuple[set[str], set[str]]:
    years = {m.group(1) for m in _YEAR.finditer(text)}
    months = {m.group(1).lower() for m in _MONTH.finditer(text)
              if m.group(0)[0].isupper() and m.group(1).lower() != "may"}
    return years, months


def _differ(claim: set[str] | set[float], passage: set[str] | set[float]) -> bool:
    """Both state some, and each states one the other does not."""
    return bool(claim and passage and claim - passage and passage - claim)


def conflicts(claim: str, passage: str) -> tuple[Conflict, ...]:
    found: list[Conflict] = []
    if _differ(_numbers(claim), _numbers(passage)):
        found.append(Conflict.NUMBER)
    claim_years, claim_months = _dates(claim)
    passage_years, passage_months = _dates(passage)
    if _differ(claim_years, passage_years) or _differ(claim_months, passage_months):
        found.append(Conflict.DATE)
    if bool(_NEGATION.search(claim)) != bool(_NEGATION.search(passage)):
        found.append(Conflict.NEGATION)
    return tuple(found)
