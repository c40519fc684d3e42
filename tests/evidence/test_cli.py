"""annotator evidence / annotator suggest on a library the test builds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.store import Store

from .conftest import HARBOUR, doc_id


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(library: Store, db_file: Path) -> str:
    library.close()
    return str(db_file)


def test_evidence_for_text_as_json(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "evidence", "--db", db, "--text",
                       "The terminal will employ 1,800 workers", "--exclude", "Port rewrite",
                       "--top", "3", "--json")
    assert code == 0
    answer = json.loads(out)
    assert answer["no_evidence"] is False
    best = answer["results"][0]
    assert set(best) >= {"document_id", "start", "end", "text", "score"}
    assert HARBOUR[best["start"]:best["end"]] == best["text"]
    assert "1,800 workers" in best["text"]
    assert len(answer["results"]) <= 3
    assert all(r["document_id"] != 2 for r in answer["results"])


def test_evidence_for_a_claim_leaves_its_article_out(
        db: str, capsys: pytest.CaptureFixture[str]) -> None:
    with Store.open(db) as store:
        rewrite = doc_id(store, "Port rewrite")
        text = store.document(rewrite).text
        quote = "about 1,800 people will work on the project"
        start = text.index(quote)
        claim = store.create_claim(rewrite, start, start + len(quote))
    code, out, _ = run(capsys, "evidence", "--claim", str(claim.id), "--db", db, "--json")
    assert code == 0
    results = json.loads(out)["results"]
    assert results and all(r["document_id"] != rewrite for r in results)
    # The same claim named as the claims list shows it: its number in its article.
    code, by_number, _ = run(capsys, "evidence", "--claim", claim.label, "--document",
                             str(rewrite), "--db", db, "--json")
    assert code == 0 and json.loads(by_number)["results"] == results
    code, _, err = run(capsys, "evidence", "--claim", claim.label, "--db", db)
    assert code == 2 and "--document" in err


def test_evidence_says_no_close_match(db: str, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANNOTATOR_EMBEDDING_MODEL", raising=False)
    code, out, _ = run(capsys, "evidence", "--db", db, "--text",
                       "Glaciers in Patagonia retreated by 40 metres")
    assert code == 0
    assert out.splitlines()[-2:] == [
        "No close match in your library.",
        "Lexical ranking only: no sentence-embedding model is installed (set "
        "ANNOTATOR_EMBEDDING_MODEL to a model folder; see annotator.evidence.semantic).",
    ]


def test_evidence_errors_are_one_line(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "evidence", "--db", db, "--claim", "999")
    assert code == 2 and err.startswith("annotator: ") and len(err.splitlines()) == 1
    code, _, err = run(capsys, "evidence", "--db", db, "--text", "x", "--top", "0")
    assert code == 2 and "--top" in err


def test_suggest_lists_check_worthy_sentences(db: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "suggest", "Harbour works", "--db", db, "--json")
    assert code == 0
    found = json.loads(out)
    assert found and all(set(s) == {"start", "end", "text", "score"} for s in found)
    assert all(HARBOUR[s["start"]:s["end"]] == s["text"] for s in found)
    assert any("420 million euros" in s["text"] for s in found)
    code, out, _ = run(capsys, "suggest", "Harbour works", "--db", db, "--min-score", "0")
    assert code == 0 and len(out.splitlines()) == 1 + 5  # header and every sentence
