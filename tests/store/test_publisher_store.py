"""Publisher settings shared through the library, and the claims' rating labels."""

from __future__ import annotations

import pytest

from annotator.domain.history import HistoryField, describe_change
from annotator.domain.publishing import PublisherKey, PublisherSettings
from annotator.store import ConcurrentEdit, Store
from annotator.store.publishing import (
    change_settings,
    publisher_settings,
    rating_labels_in_use,
    stored_keys,
)


def test_settings_are_shared_by_everyone_using_the_library(alice: Store, dana: Store) -> None:
    assert publisher_settings(dana) == PublisherSettings()
    change_settings(alice, {PublisherKey.ORGANISATION: "Example Fact Check",
                            PublisherKey.URL_TEMPLATE: "https://fc.example/{number}"})
    seen = publisher_settings(dana)
    assert (seen.organisation, seen.url_template) == ("Example Fact Check",
                                                      "https://fc.example/{number}")
    assert stored_keys(dana) == {PublisherKey.ORGANISATION, PublisherKey.URL_TEMPLATE}
    change_settings(dana, {PublisherKey.ORGANISATION: None})  # unset: back to the default
    assert publisher_settings(alice).organisation == ""
    assert stored_keys(alice) == {PublisherKey.URL_TEMPLATE}


def test_one_refused_value_writes_nothing(alice: Store) -> None:
    with pytest.raises(ValueError, match="unknown placeholder"):
        change_settings(alice, {PublisherKey.ORGANISATION: "Desk",
                                PublisherKey.URL_TEMPLATE: "https://fc.example/{slug}"})
    assert publisher_settings(alice) == PublisherSettings()


def test_worst_and_best_are_checked_together(alice: Store) -> None:
    settings = change_settings(alice, {PublisherKey.WORST_RATING: "7",
                                       PublisherKey.BEST_RATING: "9"})
    assert (settings.worst_rating, settings.best_rating) == (7, 9)
    with pytest.raises(ValueError, match="must be below"):
        change_settings(alice, {PublisherKey.BEST_RATING: "2"})
    assert publisher_settings(alice).best_rating == 9
    settings = change_settings(alice, {PublisherKey.WORST_RATING: None,
                                       PublisherKey.BEST_RATING: None})
    assert (settings.worst_rating, settings.best_rating) == (1, 5)


def test_a_rating_label_is_a_claim_edit_with_history(alice: Store, dana: Store) -> None:
    document = alice.import_document("T", "The budget grew by 3 % last year.").document
    claim = alice.create_claim(document.id, 4, 10)
    labelled = alice.set_rating_label(claim.id, "  Lacks   context ",
                                      expected_version=claim.version)
    assert labelled.rating_label == "Lacks context"
    assert labelled.version == claim.version + 1
    assert dana.claim(claim.id).rating_label == "Lacks context"
    assert [c.rating_label for c in dana.claims(document.id)] == ["Lacks context"]
    entry = alice.history(claim.id)[-1]
    assert (entry.field, entry.old, entry.new) == (HistoryField.RATING_LABEL, "",
                                                   "Lacks context")
    assert describe_change(entry) == "Alice labelled this claim “Lacks context”"
    with pytest.raises(ConcurrentEdit, match="Alice labelled this claim"):
        dana.set_rating_label(claim.id, "Misleading", expected_version=claim.version)
    cleared = dana.set_rating_label(claim.id, "")
    assert cleared.rating_label == ""
    assert describe_change(dana.history(claim.id)[-1]) == (
        "Dana cleared the rating label of this claim")


def test_labels_in_use_most_used_first(alice: Store) -> None:
    document = alice.import_document("T", "One two three four five six.").document
    claims = [alice.create_claim(document.id, start, start + 3) for start in (0, 4, 8, 14)]
    for claim, label in zip(claims, ["Misleading", "Lacks context", "Misleading", ""],
                            strict=True):
        alice.set_rating_label(claim.id, label)
    assert rating_labels_in_use(alice) == ["Misleading", "Lacks context"]


def test_a_deleted_claim_comes_back_with_its_label(alice: Store) -> None:
    document = alice.import_document("T", "The budget grew by 3 % last year.").document
    claim = alice.set_rating_label(alice.create_claim(document.id, 4, 10).id, "Misleading")
    snapshot = alice.delete_claim(claim.id)
    assert alice.restore_claim(snapshot).rating_label == "Misleading"
