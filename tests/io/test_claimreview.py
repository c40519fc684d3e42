"""schema.org ClaimReview export, read back with json and checked with jsonschema."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from annotator.io.claimreview import BEST_RATING, RATINGS, WORST_RATING
from annotator.io.export import export_library
from annotator.store import Store
from tests.io.export_support import EMOJI_QUOTE, Library


@pytest.fixture(scope="module")
def validator(schema_validator: Callable[[str], Draft202012Validator]) -> Draft202012Validator:
    return schema_validator("claimreview.schema.json")


@pytest.fixture
def reviews(store: Store, library: Library, tmp_path: Path) -> dict[str, dict[str, Any]]:
    path = tmp_path / "claimreview.jsonld"
    export_library(store, "claimreview", path)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["@context"] == "https://schema.org"
    return {item["identifier"]: item for item in document["@graph"]}


def test_every_claim_is_a_valid_claim_review(validator: Draft202012Validator, store: Store,
                                             library: Library, tmp_path: Path) -> None:
    path = tmp_path / "claimreview.jsonld"
    summary = export_library(store, "claimreview", path)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert [e.message for e in validator.iter_errors(document)] == []
    assert len(document["@graph"]) == 4 == summary.written


def test_unchecked_claims_are_left_out_and_counted(reviews: dict[str, dict[str, Any]],
                                                   store: Store, library: Library,
                                                   tmp_path: Path) -> None:
    assert library.formula.uuid not in reviews  # the one unchecked claim
    assert set(reviews) == {c.uuid for c in library.claims} - {library.formula.uuid}
    summary = export_library(store, "claimreview", tmp_path / "again.jsonld")
    assert (summary.claims, summary.left_out) == (5, 1)
    assert "Exported 4 claims" in str(summary)
    assert "1 unchecked claim left out" in str(summary)
    assert export_library(store, "w3c", tmp_path / "w3c.jsonld").left_out == 0


def test_rating_sits_on_the_declared_scale(reviews: dict[str, dict[str, Any]],
                                           library: Library) -> None:
    for claim in library.claims:
        if claim.uuid not in reviews:
            continue
        rating = reviews[claim.uuid]["reviewRating"]
        value, name = RATINGS[claim.verdict]
        assert (rating["ratingValue"], rating["alternateName"]) == (value, name)
        assert (rating["worstRating"], rating["bestRating"]) == (WORST_RATING, BEST_RATING)
        assert WORST_RATING <= rating["ratingValue"] <= BEST_RATING
    assert reviews[library.emoji.uuid]["reviewRating"]["alternateName"] == "Verified"
    assert reviews[library.overlap.uuid]["reviewRating"]["ratingValue"] == WORST_RATING


def test_claim_review_fields(reviews: dict[str, dict[str, Any]], library: Library) -> None:
    review = reviews[library.emoji.uuid]
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == EMOJI_QUOTE
    assert review["author"] == {"@type": "Person", "name": "tester"}
    assert review["datePublished"].endswith("Z")
    assert review["reviewBody"] == library.emoji.note
    appearance = review["itemReviewed"]["appearance"]
    assert review["itemReviewed"]["@type"] == "Claim"
    assert appearance["headline"] == "Emoji 🧪 article"
    assert appearance["url"] == "https://news.example/emoji"  # known: imported from the web
    stats, blog = review["citation"]
    assert stats["url"] == "https://stats.example/gdp?q=2023&x=1"
    assert stats["publisher"] == {"@type": "Organization", "name": "Statistics Office"}
    assert stats["text"] == "Growth: 3.4 %"
    assert "url" not in blog and "example.org/no-scheme" in blog["description"]


def test_no_url_when_the_article_came_from_a_file(reviews: dict[str, dict[str, Any]],
                                                  library: Library) -> None:
    appearance = reviews[library.original.uuid]["itemReviewed"]["appearance"]
    assert "url" not in appearance and appearance["headline"] == "Original"


def test_schema_rejects_a_rating_without_its_name(validator: Draft202012Validator,
                                                  reviews: dict[str, dict[str, Any]],
                                                  library: Library) -> None:
    review = reviews[library.emoji.uuid]
    del review["reviewRating"]["alternateName"]
    assert list(validator.iter_errors({"@context": "https://schema.org", "@graph": [review]}))
