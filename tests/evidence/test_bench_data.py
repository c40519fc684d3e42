"""The benchmark data: the vendored ClaimBuster file is intact and licensed, and the pooled
Climate-FEVER protocol (bench/evidence_data.py) reads a file the test writes."""

from __future__ import annotations

import gzip
import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture
def evidence_data() -> Iterator[ModuleType]:
    sys.path.insert(0, str(BENCH))
    try:
        import evidence_data

        yield evidence_data
    finally:
        sys.path.remove(str(BENCH))


def test_the_vendored_claimbuster_file_is_intact_and_licensed(
        evidence_data: ModuleType) -> None:
    path = evidence_data.data_file(evidence_data.CLAIMBUSTER, BENCH / "no-such-folder")
    assert path == BENCH / "data" / "claimbuster-kfold_25ncs.json.gz"
    rows = evidence_data.claimbuster(path)
    assert len(rows) == 9674 and sum(label for _, _, label in rows) == 2764
    licence = (BENCH / "data" / "LICENSE-claimbuster.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in licence and "10.5281/zenodo.3609356" in licence


def evidence(eid: str, label: str, text: str) -> dict[str, object]:
    return {"evidence_id": eid, "evidence_label": label, "article": eid.split(":")[0],
            "evidence": text}


def test_the_pooled_protocol(evidence_data: ModuleType, tmp_path: Path,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    records = [
        {"claim": "Polar bears are dying out.", "claim_label": "SUPPORTS", "evidences": [
            evidence("Polar bear:1", "SUPPORTS", "Numbers fell."),
            evidence("Polar bear:2", "NOT_ENOUGH_INFO", "They live on ice."),
            evidence("Arctic:7", "REFUTES", "Some populations grew.")]},
        {"claim": "Ice is melting.", "claim_label": "DISPUTED", "evidences": [
            evidence("Polar bear:2", "SUPPORTS", "They live on ice."),  # seen above
            evidence("Arctic:9", "NOT_ENOUGH_INFO", "The Arctic is large.")]},
        {"claim": "Nothing settles this.", "claim_label": "NOT_ENOUGH_INFO", "evidences": [
            evidence("Arctic:9", "NOT_ENOUGH_INFO", "The Arctic is large.")]},
    ]
    raw = "".join(json.dumps(r) + "\n" for r in records).encode()
    path = tmp_path / "climate-fever.jsonl.gz"
    path.write_bytes(gzip.compress(raw))
    monkeypatch.setitem(evidence_data.SHA256, evidence_data.CLIMATE_FEVER,
                        hashlib.sha256(raw).hexdigest())
    assert evidence_data.data_file(evidence_data.CLIMATE_FEVER, tmp_path) == path

    pooled = evidence_data.climate_fever_pooled(path)
    assert pooled.sentences == ["Numbers fell.", "They live on ice.",
                                "Some populations grew.", "The Arctic is large."]
    assert pooled.titles == ["Polar bear", "Polar bear", "Arctic", "Arctic"]
    # A claim is a query when it has a SUPPORTS/REFUTES evidence, whatever its own label;
    # only those evidences are relevant, each sentence counted once.
    assert pooled.claims == ["Polar bears are dying out.", "Ice is melting."]
    assert pooled.relevant == [{0, 2}, {1}]

    path.write_bytes(gzip.compress(raw + b"\n"))  # not the file whose SHA-256 is known
    assert evidence_data.data_file(evidence_data.CLIMATE_FEVER, tmp_path) is None
