"""Command line: the library's publisher settings (annotator config) and claim labels."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from tests.conftest import ORIGINAL_REPORT

TEMPLATE = "https://fc.example.org/{article_slug}#claim-{number}"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_show_set_get_unset(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    db = ("--db", str(db_path))
    code, out, _ = run(capsys, "config", *db)
    assert code == 0
    assert out.splitlines() == [
        "organisation.name = (not set)", "organisation.url = (not set)",
        "url.template = (not set)", "rating.verified = True  (default)",
        "rating.disputed = False  (default)", "rating.worst = 1  (default)",
        "rating.best = 5  (default)"]
    assert run(capsys, "config", "set", "organisation.name", " Example  Fact Check ", *db) == (
        0, "organisation.name = Example Fact Check\n", "")
    assert run(capsys, "config", "set", "url.template", TEMPLATE, *db)[:2] == (
        0, f"url.template = {TEMPLATE}\n")
    assert run(capsys, "config", "set", "rating.verified", "Correct", *db)[0] == 0
    assert run(capsys, "config", "get", "rating.verified", *db) == (0, "Correct\n", "")
    assert run(capsys, "config", "unset", "rating.verified", *db) == (
        0, "rating.verified = True  (default)\n", "")
    assert run(capsys, "config", "get", "organisation.url", *db) == (0, "\n", "")
    shown = run(capsys, "config", *db)[1].splitlines()
    assert shown[0] == "organisation.name = Example Fact Check"
    assert shown[2] == f"url.template = {TEMPLATE}"


@pytest.mark.parametrize(("argv", "message"), [
    (("set", "url.template", "https://fc.example/{slug}"),
     "annotator: url.template: unknown placeholder {slug}; use {article_slug}, {number}, "
     "{claim_id}, {article_id}.\n"),
    (("set", "url.template", "ftp://fc.example/{number}"),
     "annotator: url.template: 'ftp://fc.example/1' is not an http(s) address; start the "
     "template with https:// and a host name.\n"),
    (("set", "rating.worst", "9"),
     "annotator: The worst rating (rating.worst = 9) must be below the best rating "
     "(rating.best = 5).\n"),
    (("get", "organization"),
     "annotator: There is no setting 'organization'; the settings are: organisation.name, "
     "organisation.url, url.template, rating.verified, rating.disputed, rating.worst, "
     "rating.best.\n"),
])
def test_errors_say_what_is_wrong(capsys: pytest.CaptureFixture[str], db_path: Path,
                                  argv: tuple[str, ...], message: str) -> None:
    assert run(capsys, "config", *argv, "--db", str(db_path)) == (2, "", message)
    assert "(not set)" in run(capsys, "config", "--db", str(db_path))[1]  # nothing written


def test_claimreview_export_needs_the_publisher(capsys: pytest.CaptureFixture[str],
                                                db_path: Path, tmp_path: Path) -> None:
    db = ("--db", str(db_path))
    run(capsys, "import", str(ORIGINAL_REPORT), *db)
    assert run(capsys, "claim", "add", "1", "--quote", "Trump spoke to his Russian "
               "counterpart on Thursday via phone call, in which they", "--verdict",
               "disputed", *db)[0] == 0
    out_path = tmp_path / "reviews.jsonld"
    code, out, err = run(capsys, "export", "--format", "claimreview", "-o", str(out_path), *db)
    assert (code, out) == (2, "")
    assert err.startswith("annotator: ClaimReview needs the publisher's organisation.name "
                          "and url.template")
    assert "annotator config set organisation.name" in err and not out_path.exists()

    run(capsys, "config", "set", "organisation.name", "Example Fact Check", *db)
    run(capsys, "config", "set", "url.template", TEMPLATE, *db)
    code, out, err = run(capsys, "claim", "label", "#1", "--document", "1", "Lacks context",
                         *db)
    assert code == 0 and out.startswith("#1\t1\tdisputed\tLacks context\tTrump spoke")
    code, out, err = run(capsys, "export", "--format", "claimreview", "-o", str(out_path), *db)
    assert code == 0 and "Exported 1 claim" in out
    # The quote is longer than 75 characters: a warning, not a refusal.
    assert err.startswith("annotator: warning: 1 reviewed claim is longer than 75 characters")
    [review] = json.loads(out_path.read_text(encoding="utf-8"))["@graph"]
    assert review["url"].startswith("https://fc.example.org/") and review["url"].endswith(
        "#claim-1")
    assert review["author"] == {"@type": "Organization", "name": "Example Fact Check"}
    assert review["reviewRating"]["alternateName"] == "Lacks context"
    assert run(capsys, "claim", "label", "1", "", *db)[1].startswith("#1\t1\tdisputed\t\t")
    assert run(capsys, "claim", "label", "#1", "x", *db)[0] == 2  # a number needs --document
