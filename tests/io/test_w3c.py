"""W3C Web Annotation export, read back with json and checked with jsonschema.

The schema in schemas/web-annotation.schema.json encodes the model's MUST assertions; the
negative tests below prove it actually rejects what the model forbids, so a pass means
something.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from annotator.domain.verdict import ReviewStatus
from annotator.io.export import export_library
from annotator.io.w3c import OWN_TERMS
from annotator.store import Store
from annotator.store.review_merge import ReviewDecision, apply_review_decisions
from tests.io.export_support import EMOJI_TEXT, Library

CONTEXT = "http://www.w3.org/ns/anno.jsonld"


@pytest.fixture(scope="module")
def validator(schema_validator: Callable[[str], Draft202012Validator]) -> Draft202012Validator:
    return schema_validator("web-annotation.schema.json")


@pytest.fixture
def collection(store: Store, library: Library, tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / "claims.jsonld"
    export_library(store, "w3c", path)
    text = path.read_text(encoding="utf-8")
    assert "🧪" in text  # UTF-8, not \\u escapes
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def by_id(collection: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in collection["first"]["items"]}


def errors(validator: Draft202012Validator, document: object) -> list[str]:
    return [error.message for error in validator.iter_errors(document)]


def test_collection_and_every_annotation_pass_the_schema(
    validator: Draft202012Validator, collection: dict[str, Any]
) -> None:
    assert errors(validator, collection) == []
    for annotation in collection["first"]["items"]:
        assert errors(validator, annotation) == []


def test_each_annotation_is_one_line_that_stands_alone(
    validator: Draft202012Validator, store: Store, library: Library, tmp_path: Path
) -> None:
    """A line of the file is one whole annotation, with its context: grep or a line
    reader takes out a valid annotation."""
    export_library(store, "w3c", path := tmp_path / "claims.jsonld")
    lines = path.read_text(encoding="utf-8").splitlines()
    annotations = [json.loads(line.strip().rstrip(",")) for line in lines
                   if line.lstrip().startswith('{"@context"')]
    assert {a["id"] for a in annotations} == {f"urn:uuid:{c.uuid}" for c in library.claims}
    for annotation in annotations:
        assert errors(validator, annotation) == []
        assert annotation["type"] == "Annotation"
    assert json.loads("\n".join(lines))["first"]["items"] == annotations


def test_collection_shape(collection: dict[str, Any], library: Library) -> None:
    assert collection["@context"] == [CONTEXT, OWN_TERMS]
    assert collection["type"] == "AnnotationCollection"
    assert collection["id"].startswith("urn:uuid:")
    assert collection["total"] == len(collection["first"]["items"]) == 5
    page = collection["first"]
    assert page["type"] == "AnnotationPage" and page["startIndex"] == 0
    assert set(by_id(collection)) == {f"urn:uuid:{c.uuid}" for c in library.claims}


def test_each_annotation_is_labelled_with_the_claim_number(collection: dict[str, Any],
                                                           library: Library) -> None:
    labels = {key: a["label"] for key, a in by_id(collection).items()}
    assert labels == {f"urn:uuid:{c.uuid}": f"Claim #{c.number}" for c in library.claims}


def test_annotation_targets_the_claim_in_code_points(collection: dict[str, Any],
                                                     library: Library) -> None:
    annotation = by_id(collection)[f"urn:uuid:{library.emoji.uuid}"]
    assert annotation["type"] == "Annotation"
    assert annotation["motivation"] == "assessing"
    target = annotation["target"]
    # Imported from the web: the article's address, with our id and the text's hash.
    digest = base64.urlsafe_b64encode(hashlib.sha256(EMOJI_TEXT.encode()).digest())
    assert target["source"] == {
        "id": "https://news.example/emoji", "type": "Text", "label": "Emoji 🧪 article",
        "sameAs": [f"urn:uuid:{library.emoji_doc.uuid}",
                   f"ni:///sha-256;{digest.rstrip(b'=').decode()}"],
        "version": 1}  # the text's version (schema.org), never corrected
    quote, position = target["selector"]
    assert quote == {"type": "TextQuoteSelector", "exact": library.emoji.exact,
                     "prefix": library.emoji.prefix, "suffix": library.emoji.suffix}
    assert position["type"] == "TextPositionSelector"
    assert EMOJI_TEXT[position["start"]:position["end"]] == quote["exact"]
    assert EMOJI_TEXT.index(quote["prefix"] + quote["exact"] + quote["suffix"]) >= 0


def test_bodies_carry_verdict_note_and_sources(collection: dict[str, Any],
                                               library: Library) -> None:
    bodies = by_id(collection)[f"urn:uuid:{library.emoji.uuid}"]["body"]
    verdict, note, stats, blog = bodies
    assert verdict == {"type": "TextualBody", "purpose": "assessing", "value": "verified",
                       "format": "text/plain"}
    assert note["purpose"] == "commenting" and note["value"] == library.emoji.note
    assert stats["type"] == "SpecificResource" and stats["purpose"] == "linking"
    assert stats["source"]["id"] == "https://stats.example/gdp?q=2023&x=1"
    assert stats["source"]["label"] == ("supports: GDP 2023 (Statistics Office) "
                                        "accessed 2024-03-01")
    assert stats["selector"] == {"type": "TextQuoteSelector", "exact": "Growth: 3.4 %"}
    # A URL typed without a scheme is no IRI: the source gets its own id, the text is kept.
    assert blog["source"]["id"].startswith("urn:uuid:")
    assert "example.org/no-scheme" in blog["source"]["label"]


def test_a_passage_source_points_into_the_other_document(collection: dict[str, Any],
                                                         library: Library,
                                                         original_text: str) -> None:
    bodies = by_id(collection)[f"urn:uuid:{library.minus.uuid}"]["body"]
    passage = bodies[-1]
    assert passage["source"]["id"] == f"urn:uuid:{library.original_doc.uuid}"
    quote, position = passage["selector"]
    assert original_text[position["start"]:position["end"]] == quote["exact"]


def test_creator_and_times(collection: dict[str, Any], library: Library) -> None:
    annotation = by_id(collection)[f"urn:uuid:{library.original.uuid}"]
    assert annotation["creator"] == {"type": "Person", "name": "tester"}
    assert annotation["generator"]["type"] == "Software"
    for key in ("created", "modified", "generated"):
        assert annotation[key].endswith("Z")
    assert annotation["body"] == [{"type": "TextualBody", "purpose": "assessing",
                                   "value": "verified", "format": "text/plain"}]


def test_a_file_article_is_named_by_its_id_and_hash(collection: dict[str, Any],
                                                    library: Library,
                                                    original_text: str) -> None:
    source = by_id(collection)[f"urn:uuid:{library.original.uuid}"]["target"]["source"]
    assert source["id"] == f"urn:uuid:{library.original_doc.uuid}"
    assert source["format"] == "text/plain"
    (ni,) = source["sameAs"]
    scheme, _, encoded = ni.partition(";")
    assert scheme == "ni:///sha-256"
    digest = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
    assert digest == hashlib.sha256(original_text.encode()).digest()


def test_a_review_decision_is_an_assessment_by_the_reviewer(
    validator: Draft202012Validator, store: Store, library: Library, tmp_path: Path
) -> None:
    apply_review_decisions(store, [
        ReviewDecision(library.formula.uuid, ReviewStatus.NEEDS_WORK, "Source?", "Alex", None,
                       library.formula.modified_at),
        ReviewDecision(library.emoji.uuid, ReviewStatus.APPROVED, "", "Alex", None,
                       library.emoji.modified_at),
    ])
    path = tmp_path / "reviewed.jsonld"
    export_library(store, "w3c", path)
    collection = json.loads(path.read_text(encoding="utf-8"))
    # The reviewed library passes the schema too, collection and every annotation.
    assert errors(validator, collection) == []
    for annotation in collection["first"]["items"]:
        assert errors(validator, annotation) == []
    items = by_id(collection)
    review = items[f"urn:uuid:{library.formula.uuid}"]["body"][-1]
    assert review == {"type": "TextualBody", "purpose": "assessing",
                      "value": "needs-work: Source?", "format": "text/plain",
                      "creator": {"type": "Person", "name": "Alex"}}
    accepted = [b for b in items[f"urn:uuid:{library.emoji.uuid}"]["body"] if "creator" in b]
    assert [(b["purpose"], b["value"]) for b in accepted] == [("assessing", "approved")]


# The terms of http://www.w3.org/ns/anno.jsonld this export relies on (Web Annotation
# Vocabulary, section 3 and 4; https://www.w3.org/TR/annotation-vocab/), all but the
# motivations some published copies of the context lack.
ANNO_TERMS = frozenset({
    "id", "type", "label", "total", "first", "items", "startIndex", "created", "modified",
    "generated", "generator", "creator", "name", "body", "target", "source", "selector",
    "motivation", "purpose", "value", "format", "exact", "prefix", "suffix", "start", "end",
    "AnnotationCollection", "AnnotationPage", "Annotation", "TextualBody", "SpecificResource",
    "TextQuoteSelector", "TextPositionSelector", "Text", "Person", "Software",
    "commenting", "linking",
})


def _terms(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "@context":
                continue
            yield key
            if key in ("type", "motivation", "purpose"):
                yield item
            else:
                yield from _terms(item)
    elif isinstance(value, list):
        for item in value:
            yield from _terms(item)


def test_the_context_defines_every_term_beyond_the_published_one(
    store: Store, library: Library, tmp_path: Path
) -> None:
    apply_review_decisions(store, [ReviewDecision(
        library.formula.uuid, ReviewStatus.REJECTED, "", "Alex", None,
        library.formula.modified_at)])
    path = tmp_path / "reviewed.jsonld"
    export_library(store, "w3c", path)
    collection = json.loads(path.read_text(encoding="utf-8"))
    context = collection["@context"]
    assert context[0] == CONTEXT
    own = context[1]
    used = set(_terms(collection))
    assert {"assessing", "sameAs"} <= used
    assert used - ANNO_TERMS <= set(own)
    for term in own:  # absolute IRIs, so no processor resolves them against a base
        iri = own[term] if isinstance(own[term], str) else own[term]["@id"]
        assert iri.startswith(("http://www.w3.org/ns/oa#", "http://schema.org/"))
    for annotation in collection["first"]["items"]:
        assert annotation["@context"] == context


def test_an_empty_library_is_a_valid_empty_collection(validator: Draft202012Validator,
                                                      store: Store, tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonld"
    export_library(store, "w3c", path)
    collection = json.loads(path.read_text(encoding="utf-8"))
    assert collection["total"] == 0 and "first" not in collection
    assert errors(validator, collection) == []


# --- the schema rejects what the model forbids -------------------------------------------


def broken(collection: dict[str, Any], change: str) -> dict[str, Any]:
    annotation = copy.deepcopy(collection["first"]["items"][0])
    if change == "no context":
        del annotation["@context"]
    elif change == "wrong context":
        annotation["@context"] = "http://example.org/other.jsonld"
    elif change == "no id":
        del annotation["id"]
    elif change == "id not an IRI":
        annotation["id"] = "claim 1"
    elif change == "wrong type":
        annotation["type"] = "Note"
    elif change == "no target":
        del annotation["target"]
    elif change == "quote without exact":
        del annotation["target"]["selector"][0]["exact"]
    elif change == "position without end":
        del annotation["target"]["selector"][1]["end"]
    elif change == "negative start":
        annotation["target"]["selector"][1]["start"] = -1
    elif change == "time without zone":
        annotation["created"] = annotation["created"].rstrip("Z")
    elif change == "body and bodyValue":
        annotation["bodyValue"] = "also this"
    elif change == "textual body without value":
        del annotation["body"][0]["value"]
    elif change == "specific resource without source":
        del annotation["target"]["source"]
    elif change == "unknown motivation":
        annotation["motivation"] = "shouting"
    elif change == "creator of unknown type":
        annotation["creator"] = {"type": "Robot", "name": "x"}
    return annotation


@pytest.mark.parametrize("change", [
    "no context", "wrong context", "no id", "id not an IRI", "wrong type", "no target",
    "quote without exact", "position without end", "negative start", "time without zone",
    "body and bodyValue", "textual body without value", "specific resource without source",
    "unknown motivation", "creator of unknown type",
])
def test_schema_rejects_broken_annotations(validator: Draft202012Validator,
                                           collection: dict[str, Any], change: str) -> None:
    assert errors(validator, broken(collection, change))


def test_schema_rejects_a_non_empty_collection_without_pages(
    validator: Draft202012Validator, collection: dict[str, Any]
) -> None:
    pageless = {key: value for key, value in collection.items() if key != "first"}
    assert errors(validator, pageless)
