"""Publisher settings: who publishes the fact-checks, where, and on which rating scale.

One desk shares one library, so these settings live in the library (the store keeps them
as key/value rows) and every editor, the command line and every export read the same.
Values are checked here when they are set, with a sentence saying what is wrong:

* the organisation's name and web address (the ClaimReview ``author``);
* a template for the web address of a published fact-check, with placeholders
  (:data:`PLACEHOLDERS`), e.g. ``https://factcheck.example.org/{article_slug}#claim-{number}``;
* the rating scale: the newsroom's label for each verdict (default verified → "True",
  disputed → "False") and the numbers of its worst and best rating.
"""

from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass, replace
from enum import StrEnum
from urllib.parse import urlsplit

from annotator.domain.urls import NotAWebAddress, iri_safe, normalise_web_address
from annotator.domain.verdict import Verdict


class PublisherKey(StrEnum):
    """The settings' names, as the command line and the library spell them."""

    ORGANISATION = "organisation.name"
    ORGANISATION_URL = "organisation.url"
    URL_TEMPLATE = "url.template"
    VERIFIED_LABEL = "rating.verified"
    DISPUTED_LABEL = "rating.disputed"
    WORST_RATING = "rating.worst"
    BEST_RATING = "rating.best"

    @property
    def description(self) -> str:
        return _DESCRIPTIONS[self]


_DESCRIPTIONS = {
    PublisherKey.ORGANISATION: "the organisation publishing the fact-checks",
    PublisherKey.ORGANISATION_URL: "the organisation's web address",
    PublisherKey.URL_TEMPLATE: "the web address of a published fact-check, with placeholders",
    PublisherKey.VERIFIED_LABEL: "the rating shown for a verified claim",
    PublisherKey.DISPUTED_LABEL: "the rating shown for a disputed claim",
    PublisherKey.WORST_RATING: "the number of the worst rating (a disputed claim)",
    PublisherKey.BEST_RATING: "the number of the best rating (a verified claim)",
}

PLACEHOLDERS: dict[str, str] = {
    "article_slug": "the article's title in lower case, words joined by '-'",
    "number": "the claim's number within its article",
    "claim_id": "the claim's UUID",
    "article_id": "the article's UUID",
}
"""The placeholders a URL template may use, with what each stands for."""

_SAMPLE = {"article_slug": "sample-article", "number": "1",
           "claim_id": "00000000-0000-4000-8000-000000000000",
           "article_id": "00000000-0000-4000-8000-000000000001"}
_LABEL_LIMIT = 80
_ORGANISATION_LIMIT = 200
_TEMPLATE_LIMIT = 2000


@dataclass(frozen=True, slots=True)
class PublisherSettings:
    """The settings as a whole; empty strings for what is not set."""

    organisation: str = ""
    organisation_url: str = ""
    url_template: str = ""
    verified_label: str = "True"
    disputed_label: str = "False"
    worst_rating: int = 1
    best_rating: int = 5

    @classmethod
    def from_values(cls, values: dict[str, str]) -> PublisherSettings:
        """The settings from stored key/value rows (unknown keys ignored: a newer app's)."""
        settings = cls()
        for key in PublisherKey:
            if key in values:
                settings = settings.with_value(key, values[key])
        return settings

    def with_value(self, key: PublisherKey, value: str) -> PublisherSettings:
        return replace(self, **{_FIELDS[key]: _TYPES[key](value)})

    def value(self, key: PublisherKey) -> str:
        return str(getattr(self, _FIELDS[key]))

    def label(self, verdict: Verdict) -> str:
        """The newsroom's name for a verdict (verified and disputed only)."""
        return self.verified_label if verdict is Verdict.VERIFIED else self.disputed_label

    def rating_value(self, verdict: Verdict) -> int:
        return self.best_rating if verdict is Verdict.VERIFIED else self.worst_rating

    def missing_for_claimreview(self) -> list[PublisherKey]:
        """What a publishable ClaimReview needs and is not set (its author and its url)."""
        needed = (PublisherKey.ORGANISATION, PublisherKey.URL_TEMPLATE)
        return [key for key in needed if not self.value(key)]


_FIELDS = {
    PublisherKey.ORGANISATION: "organisation",
    PublisherKey.ORGANISATION_URL: "organisation_url",
    PublisherKey.URL_TEMPLATE: "url_template",
    PublisherKey.VERIFIED_LABEL: "verified_label",
    PublisherKey.DISPUTED_LABEL: "disputed_label",
    PublisherKey.WORST_RATING: "worst_rating",
    PublisherKey.BEST_RATING: "best_rating",
}
_TYPES: dict[PublisherKey, type] = {key: str for key in PublisherKey} | {
    PublisherKey.WORST_RATING: int, PublisherKey.BEST_RATING: int}


def setting_key(name: str) -> PublisherKey:
    """The key for a name as typed; a LookupError listing the known ones otherwise."""
    try:
        return PublisherKey(name.strip().lower())
    except ValueError:
        known = ", ".join(PublisherKey)
        raise LookupError(f"There is no setting {name!r}; the settings are: {known}.") from None


def checked_value(key: PublisherKey, value: str) -> str:
    """``value`` cleaned for ``key``, or a ValueError saying what is wrong with it.

    The check that involves two settings (worst below best) is :func:`check_scale`."""
    text = value.strip()
    if key is PublisherKey.ORGANISATION:
        return _limited(" ".join(text.split()), _ORGANISATION_LIMIT, "organisation name")
    if key is PublisherKey.ORGANISATION_URL:
        try:
            return normalise_web_address(text)
        except NotAWebAddress as exc:
            raise ValueError(f"organisation.url: {exc}") from None
    if key is PublisherKey.URL_TEMPLATE:
        check_url_template(text)
        return text
    if key in (PublisherKey.VERIFIED_LABEL, PublisherKey.DISPUTED_LABEL):
        label = " ".join(text.split())
        if not label:
            raise ValueError(f"{key}: a rating needs a label; unset it to go back to "
                             f"{PublisherSettings().value(key)!r}.")
        return _limited(label, _LABEL_LIMIT, "rating label")
    return str(_rating_number(key, text))


def check_scale(settings: PublisherSettings) -> None:
    """Refuse a scale whose worst rating is not below its best."""
    worst, best = settings.worst_rating, settings.best_rating
    if worst >= best:
        raise ValueError(f"The worst rating ({PublisherKey.WORST_RATING} = {worst}) must be "
                         f"below the best rating ({PublisherKey.BEST_RATING} = {best}).")


def check_url_template(template: str) -> None:
    """Refuse a template with unknown placeholders or that gives no http(s) address."""
    if not template:
        return
    if len(template) > _TEMPLATE_LIMIT:
        raise ValueError(f"url.template: too long ({len(template)} characters; at most "
                         f"{_TEMPLATE_LIMIT}).")
    try:
        fields = [(name, spec, conversion)
                  for _text, name, spec, conversion in string.Formatter().parse(template)
                  if name is not None]
    except ValueError as exc:  # a lone "{" or "}"
        raise ValueError(f"url.template: {exc}; write a literal brace as {{{{ or }}}}.") from None
    known = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
    for name, spec, conversion in fields:
        if name not in PLACEHOLDERS:
            shown = f"{{{name}}}" if name else "{}"
            raise ValueError(f"url.template: unknown placeholder {shown}; use {known}.")
        if spec or conversion:
            raise ValueError(f"url.template: write the placeholder as {{{name}}}, without "
                             "a format or conversion.")
    sample = template.format(**_SAMPLE)
    parts = urlsplit(sample)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValueError(f"url.template: {sample!r} is not an http(s) address; start the "
                         "template with https:// and a host name.")
    if any(ch.isspace() for ch in sample):
        raise ValueError("url.template: a web address cannot contain spaces.")


def fact_check_url(template: str, *, title: str, number: int, claim_uuid: str,
                   article_uuid: str, article_slug: str | None = None) -> str:
    """The published fact-check's address for one claim (IRI-safe); ``article_slug``, when
    given, is ``slug(title, article_uuid)`` made once for the article's claims."""
    if article_slug is None:
        article_slug = slug(title, article_uuid)
    return iri_safe(template.format(article_slug=article_slug, number=number,
                                    claim_id=claim_uuid, article_id=article_uuid))


def slug(title: str, fallback: str) -> str:
    """'Minister's claim: 3 % growth?' → 'minister-s-claim-3-growth'; letters of any
    script are kept (an IRI may hold them); ``fallback`` when no letter or digit is left."""
    text = unicodedata.normalize("NFKC", title).casefold()
    words = re.findall(r"[^\W_]+", text)
    return "-".join(words)[:80].strip("-") or fallback


def clean_rating_label(text: str) -> str:
    """A claim's finer rating label as stored: spaces collapsed, "" for none."""
    return _limited(" ".join(text.split()), _LABEL_LIMIT, "rating label")


def _limited(text: str, limit: int, what: str) -> str:
    if len(text) > limit:
        raise ValueError(f"The {what} is too long ({len(text)} characters; at most {limit}).")
    return text


def _rating_number(key: PublisherKey, text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise ValueError(f"{key}: {text!r} is not a whole number.") from None
    if not 0 <= number <= 100:
        raise ValueError(f"{key}: a rating number lies between 0 and 100.")
    return number
