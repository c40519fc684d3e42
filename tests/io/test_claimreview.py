"""schema.org ClaimReview export, read back with json, checked with jsonschema (required and
recommended properties) and against the schema.org vocabulary vendored in
tests/io/vocabulary (every type a schema.org class, every property a schema.org property of
that type or of one of its parents)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from annotator.domain.publishing import PublisherKey
from annotator.domain.verdict import Verdict
from annotator.io.claimreview import CLAIM_REVIEWED_LIMIT, PublishingNotSet
from annotator.io.export import export_library
from annotator.store import Store
from annotator.store.publishing import change_settings
from tests.io.export_support import (
    EMOJI_QUOTE,
    FINER_LABEL,
    ORGANISATION,
    ORGANISATION_URL,
    Library,
)

VOCABULARY = Path(__file__).parent / "vocabulary" / "schemaorg-vocabulary.json"
JSON_LD_KEYS = frozenset({"@context", "@graph", "@id", "@type"})


@pytest.fixture(scope="module")
def validator(schema_validator: Callable[[str], Draft202012Validator]) -> Draft202012Validator:
    return schema_validator("claimreview.schema.json")


def export(store: Store, path: Path) -> dict[str, Any]:
    export_library(store, "claimreview", path)
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    assert document["@context"] == "https://schema.org"
    return document


@pytest.fixture
def reviews(store: Store, library: Library, tmp_path: Path) -> dict[str, dict[str, Any]]:
    document = export(store, tmp_path / "claimreview.jsonld")
    return {item["identifier"]: item for item in document["@graph"]}


def test_every_claim_is_a_valid_claim_review(validator: Draft202012Validator, store: Store,
                                             library: Library, tmp_path: Path) -> None:
    path = tmp_path / "claimreview.jsonld"
    summary = export_library(store, "claimreview", path)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert [e.message for e in validator.iter_errors(document)] == []
    assert len(document["@graph"]) == 4 == summary.written
    assert summary.warnings == ()


@cache
def vocabulary() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(VOCABULARY.read_text(encoding="utf-8"))
    return data


def ancestors(name: str) -> set[str]:
    classes = vocabulary()["classes"]
    found, todo = set(), [name]
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo.extend(classes[current])
    return found


def vocabulary_errors(node: Any, path: str = "") -> Iterator[str]:
    """Every type not a schema.org class, every property that its type does not have."""
    if isinstance(node, list):
        for i, item in enumerate(node):
            yield from vocabulary_errors(item, f"{path}[{i}]")
        return
    if not isinstance(node, dict):
        return
    kind = node.get("@type")
    if kind is not None and kind not in vocabulary()["classes"]:
        yield f"{path}: {kind} is not a schema.org type"
        return
    types = ancestors(kind) if kind else set()
    for key, value in node.items():
        if key not in JSON_LD_KEYS:
            prop = vocabulary()["properties"].get(key)
            if prop is None:
                yield f"{path}.{key} is not a schema.org property"
            elif kind and not types & set(prop["domain"]):
                yield f"{path}.{key} is not a property of {kind}"
        yield from vocabulary_errors(value, f"{path}.{key}")


def test_the_vocabulary_check_can_fail() -> None:
    assert list(vocabulary_errors({"@type": "ClaimReview", "claimReviewed": "x"})) == []
    assert list(vocabulary_errors({"@type": "ClaimReview", "ratingValue": 1})) == [
        ".ratingValue is not a property of ClaimReview"]
    assert list(vocabulary_errors({"@type": "Claimreview"})) == [
        ": Claimreview is not a schema.org type"]
    assert list(vocabulary_errors({"@type": "Claim", "apperance": {}})) == [
        ".apperance is not a schema.org property"]


def test_every_type_and_property_is_in_the_schema_org_vocabulary(
        reviews: dict[str, dict[str, Any]]) -> None:
    assert vocabulary()["release"] == "30.0"
    assert [error for review in reviews.values() for error in vocabulary_errors(review)] == []


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


def test_rating_is_on_the_newsroom_scale_with_the_finer_label(
        reviews: dict[str, dict[str, Any]], library: Library) -> None:
    ratings = {uuid: review["reviewRating"] for uuid, review in reviews.items()}
    verified, misleading = ratings[library.emoji.uuid], ratings[library.overlap.uuid]
    assert (verified["ratingValue"], verified["alternateName"]) == (5, "True")
    assert (misleading["ratingValue"], misleading["alternateName"]) == (1, FINER_LABEL)
    for rating in ratings.values():
        assert (rating["worstRating"], rating["bestRating"]) == (1, 5)
        assert rating["ratingExplanation"].startswith("1 = False")


def test_a_newsroom_scale_of_its_own(store: Store, library: Library, tmp_path: Path) -> None:
    change_settings(store, {PublisherKey.VERIFIED_LABEL: "Correct",
                            PublisherKey.DISPUTED_LABEL: "Incorrect",
                            PublisherKey.WORST_RATING: "0", PublisherKey.BEST_RATING: "3"})
    store.set_rating_label(library.overlap.id, "")
    items = {r["identifier"]: r["reviewRating"]
             for r in export(store, tmp_path / "own.jsonld")["@graph"]}
    assert items[library.emoji.uuid] == {
        "@type": "Rating", "ratingValue": 3, "worstRating": 0, "bestRating": 3,
        "alternateName": "Correct",
        "ratingExplanation": "0 = Incorrect (the sources contradict the claim), "
                             "3 = Correct (the sources support the claim)."}
    assert (items[library.overlap.uuid]["ratingValue"],
            items[library.overlap.uuid]["alternateName"]) == (0, "Incorrect")


def test_url_from_the_template_and_the_organisation_as_author(
        reviews: dict[str, dict[str, Any]], library: Library) -> None:
    emoji, overlap = reviews[library.emoji.uuid], reviews[library.overlap.uuid]
    # Claims are numbered in text order within their article: emoji 1, overlap 2.
    assert emoji["url"] == "https://factcheck.example.org/emoji-article#claim-1"
    assert overlap["url"] == "https://factcheck.example.org/emoji-article#claim-2"
    assert reviews[library.original.uuid]["url"] == (
        "https://factcheck.example.org/original#claim-1")
    assert len({review["url"] for review in reviews.values()}) == len(reviews)
    for review in reviews.values():
        assert review["author"] == {"@type": "Organization", "name": ORGANISATION,
                                    "url": ORGANISATION_URL}


def test_template_with_ids(store: Store, library: Library, tmp_path: Path) -> None:
    change_settings(store, {PublisherKey.URL_TEMPLATE:
                            "https://fc.example/a/{article_id}/c/{claim_id}"})
    [original] = [r for r in export(store, tmp_path / "ids.jsonld")["@graph"]
                  if r["identifier"] == library.original.uuid]
    assert original["url"] == (f"https://fc.example/a/{library.original_doc.uuid}"
                               f"/c/{library.original.uuid}")


def test_claim_author_and_date_come_from_the_article(reviews: dict[str, dict[str, Any]],
                                                     library: Library) -> None:
    claim = reviews[library.original.uuid]["itemReviewed"]
    assert claim["author"] == [{"@type": "Person", "name": "Ana Lima"},
                               {"@type": "Person", "name": "Bo Chen"}]
    assert claim["datePublished"] == "2024-03-14"
    appearance = claim["appearance"]
    assert appearance["publisher"] == {"@type": "Organization", "name": "Daily Example"}
    assert appearance["datePublished"] == "2024-03-14"
    assert "url" not in appearance and appearance["headline"] == "Original"  # from a file


def test_the_outlet_is_the_claims_author_when_no_one_signed(
        store: Store, library: Library, tmp_path: Path) -> None:
    from annotator.domain.records import DocumentMetadata

    store.update_document(library.original_doc.id, DocumentMetadata(
        title="Original", outlet="Daily Example"))
    [original] = [r for r in export(store, tmp_path / "outlet.jsonld")["@graph"]
                  if r["identifier"] == library.original.uuid]
    assert original["itemReviewed"]["author"] == {"@type": "Organization",
                                                  "name": "Daily Example"}
    assert "datePublished" not in original["itemReviewed"]


def test_claim_review_fields(reviews: dict[str, dict[str, Any]], library: Library) -> None:
    review = reviews[library.emoji.uuid]
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == EMOJI_QUOTE
    assert review["datePublished"].endswith("Z")
    assert review["reviewBody"] == library.emoji.note
    appearance = review["itemReviewed"]["appearance"]
    assert review["itemReviewed"]["@type"] == "Claim"
    assert "author" not in review["itemReviewed"]  # the article names no one
    assert appearance["headline"] == "Emoji 🧪 article"
    assert appearance["url"] == "https://news.example/emoji"  # known: imported from the web
    stats, blog = review["citation"]
    assert stats["url"] == "https://stats.example/gdp?q=2023&x=1"
    assert stats["publisher"] == {"@type": "Organization", "name": "Statistics Office"}
    assert stats["text"] == "Growth: 3.4 %"
    assert "url" not in blog and "example.org/no-scheme" in blog["description"]


def test_long_claims_are_exported_with_a_warning(store: Store, library: Library,
                                                 tmp_path: Path) -> None:
    text = "A claim that goes on and on " * 4 + "and ends here.\n"
    document = store.import_document("Long one", text).document
    claim = store.create_claim(document.id, 0, len(text) - 1, verdict=Verdict.VERIFIED)
    assert len(claim.exact) > CLAIM_REVIEWED_LIMIT
    summary = export_library(store, "claimreview", tmp_path / "long.jsonld")
    assert summary.written == 5
    [warning] = summary.warnings
    assert warning.startswith("1 reviewed claim is longer than 75 characters")
    assert "#1 of 'Long one'" in warning
    assert "warning" not in str(summary).lower()  # the CLI prints warnings to stderr


@pytest.mark.parametrize(("unset", "named"), [
    ((PublisherKey.ORGANISATION,), "organisation.name"),
    ((PublisherKey.URL_TEMPLATE,), "url.template"),
    ((PublisherKey.ORGANISATION, PublisherKey.URL_TEMPLATE),
     "organisation.name and url.template"),
])
@pytest.mark.parametrize("fmt", ["claimreview", "embed"])
def test_without_the_publisher_nothing_is_written(
        store: Store, library: Library, tmp_path: Path, unset: tuple[PublisherKey, ...],
        named: str, fmt: str) -> None:
    change_settings(store, dict.fromkeys(unset))
    out = tmp_path / "out"
    out.mkdir()
    target = out / "published.jsonld"
    with pytest.raises(PublishingNotSet, match=f"publisher's {named} ") as refused:
        export_library(store, fmt, target)
    assert "Edit → Preferences → Publishing" in str(refused.value)
    assert f"annotator config set {unset[0].value} " in str(refused.value)
    assert list(out.iterdir()) == []


def test_schema_rejects_a_review_without_url_or_rating_name(
        validator: Draft202012Validator, reviews: dict[str, dict[str, Any]],
        library: Library) -> None:
    review = reviews[library.emoji.uuid]
    assert not list(validator.iter_errors({"@context": "https://schema.org",
                                           "@graph": [review]}))
    del review["reviewRating"]["alternateName"]
    del review["url"]
    errors = list(validator.iter_errors({"@context": "https://schema.org",
                                         "@graph": [review]}))
    assert len(errors) == 2


def test_the_number_in_the_url_is_the_claims_number_everywhere(
        store: Store, library: Library, tmp_path: Path) -> None:
    """{number} is the claim's number in its article (#7 in the app, the CLI, the report),
    which a deleted claim does not give back."""
    store.delete_claim(library.emoji.id)
    reviews = {r["identifier"]: r for r in export(store, tmp_path / "n.jsonld")["@graph"]}
    for claim in store.claims():
        if claim.uuid in reviews:
            assert reviews[claim.uuid]["url"].endswith(f"#claim-{claim.number}")
    assert reviews[library.overlap.uuid]["url"].endswith("#claim-2")  # not renumbered
