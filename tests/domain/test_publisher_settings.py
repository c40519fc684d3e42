"""Publisher settings as values: checked when set, with the reason when refused."""

from __future__ import annotations

import re

import pytest

from annotator.domain.publishing import (
    PLACEHOLDERS,
    PublisherKey,
    PublisherSettings,
    check_scale,
    check_url_template,
    checked_value,
    clean_rating_label,
    fact_check_url,
    setting_key,
    slug,
)
from annotator.domain.verdict import Verdict

DEFAULTS = PublisherSettings()


def test_defaults_are_the_newsroom_scale_of_the_issue() -> None:
    assert (DEFAULTS.label(Verdict.VERIFIED), DEFAULTS.label(Verdict.DISPUTED)) == (
        "True", "False")
    assert (DEFAULTS.rating_value(Verdict.DISPUTED), DEFAULTS.rating_value(Verdict.VERIFIED)
            ) == (1, 5)
    assert DEFAULTS.missing_for_claimreview() == [PublisherKey.ORGANISATION,
                                                  PublisherKey.URL_TEMPLATE]


@pytest.mark.parametrize("template", [
    "https://factcheck.example.org/{article_slug}#claim-{number}",
    "http://fc.example/{article_id}/{claim_id}",
    "https://fc.example/checks/{{literal}}/{number}",
    "",
])
def test_good_templates(template: str) -> None:
    check_url_template(template)
    assert checked_value(PublisherKey.URL_TEMPLATE, f"  {template} ") == template


@pytest.mark.parametrize(("template", "reason"), [
    ("https://fc.example/{slug}", r"unknown placeholder \{slug\}; use \{article_slug\}"),
    ("https://fc.example/{}", r"unknown placeholder \{\}"),
    ("https://fc.example/{number:03d}", "without a format or conversion"),
    ("https://fc.example/{number!r}", "without a format or conversion"),
    ("https://fc.example/{number", "Single '{'|expected '}'"),
    ("ftp://fc.example/{number}", "is not an http\\(s\\) address"),
    ("javascript:alert({number})", "is not an http\\(s\\) address"),
    ("{article_slug}.html", "is not an http\\(s\\) address"),
    ("https:///{number}", "is not an http\\(s\\) address"),
    ("https://fc.example/a b/{number}", "cannot contain spaces"),
])
def test_bad_templates_are_refused_with_the_reason(template: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        checked_value(PublisherKey.URL_TEMPLATE, template)


def test_the_template_gives_an_iri_safe_address_per_claim() -> None:
    url = fact_check_url("https://fc.example/{article_slug}/{article_id}#c-{number}-{claim_id}",
                         title="Le « budget » 2026 : 3 % ?", number=7, claim_uuid="c-uuid",
                         article_uuid="a-uuid")
    assert url == "https://fc.example/le-budget-2026-3/a-uuid#c-7-c-uuid"
    assert set(PLACEHOLDERS) == {"article_slug", "number", "claim_id", "article_id"}


@pytest.mark.parametrize(("title", "expected"), [
    ("Minister's claim: 3 % growth?", "minister-s-claim-3-growth"),
    ("検証 記事 🧪", "検証-記事"),
    ("ÉCOLE Straße", "école-strasse"),
    ("🧪 — !!", "fallback"),
])
def test_slug(title: str, expected: str) -> None:
    assert slug(title, "fallback") == expected


def test_organisation_and_labels_are_cleaned() -> None:
    assert checked_value(PublisherKey.ORGANISATION, "  Example \n Fact  Check ") == (
        "Example Fact Check")
    assert checked_value(PublisherKey.ORGANISATION_URL, "fc.example.org") == (
        "https://fc.example.org")
    with pytest.raises(ValueError, match=r"organisation\.url: .* is not a web address"):
        checked_value(PublisherKey.ORGANISATION_URL, "mailto:desk@fc.example")
    assert checked_value(PublisherKey.VERIFIED_LABEL, " Mostly   true ") == (
        "Mostly true")
    with pytest.raises(ValueError, match="needs a label; unset it to go back to 'False'"):
        checked_value(PublisherKey.DISPUTED_LABEL, "  ")
    assert clean_rating_label("  Lacks \t context ") == "Lacks context"
    with pytest.raises(ValueError, match="too long"):
        clean_rating_label("x" * 81)


@pytest.mark.parametrize(("key", "value", "reason"), [
    (PublisherKey.BEST_RATING, "five", "'five' is not a whole number"),
    (PublisherKey.BEST_RATING, "1000", "between 0 and 100"),
])
def test_rating_numbers(key: PublisherKey, value: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        checked_value(key, value)
    assert checked_value(PublisherKey.BEST_RATING, " 10 ") == "10"


@pytest.mark.parametrize(("worst", "best"), [(5, 5), (1, 0)])
def test_the_worst_rating_lies_below_the_best(worst: int, best: int) -> None:
    with pytest.raises(ValueError, match=rf"worst rating \(rating.worst = {worst}\) must be "
                                         rf"below the best rating \(rating.best = {best}\)"):
        check_scale(PublisherSettings(worst_rating=worst, best_rating=best))
    check_scale(PublisherSettings(worst_rating=0, best_rating=1))


def test_setting_names() -> None:
    assert setting_key(" Organisation.Name ") is PublisherKey.ORGANISATION
    with pytest.raises(LookupError, match=re.escape("no setting 'org'; the settings are: "
                                                    "organisation.name, organisation.url")):
        setting_key("org")


def test_stored_values_make_settings_and_unknown_keys_are_ignored() -> None:
    settings = PublisherSettings.from_values({"organisation.name": "Desk", "rating.best": "3",
                                              "from.a.newer.app": "x"})
    assert (settings.organisation, settings.best_rating) == ("Desk", 3)
    assert settings.value(PublisherKey.BEST_RATING) == "3"
    assert settings.missing_for_claimreview() == [PublisherKey.URL_TEMPLATE]
