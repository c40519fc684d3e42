"""Public data sets for the evidence benchmarks and the check-worthiness training.

They are not committed (see bench/data/README.md for where each comes from, its licence
and its SHA-256): pass --data DIR, or set ANNOTATOR_EVIDENCE_DATA, or put them in
bench/data/. Scripts that need a missing file say so and skip that part.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import zlib
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
CLIMATE_FEVER = "climate-fever.jsonl"
CLAIMBUSTER = "claimbuster-kfold_25ncs.json"
SHA256 = {
    CLIMATE_FEVER: "8a4b9032d861be482ffb49dddfd283ffa6089e654f1e968040011882c5eb6e0b",
    CLAIMBUSTER: "10c4ef81d6b5814cee23d8ab7ca5803a0a64944d0da3d813733534ed664ba6fe",
}
RELEVANT = {"SUPPORTS", "REFUTES"}


def data_folder_argument(description: str | None) -> str | None:
    """The --data option every script here takes (None: the default places)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--data", metavar="DIR",
                        help="folder holding the data sets (see bench/data/README.md)")
    folder: str | None = parser.parse_args().data
    return folder


def data_file(name: str, folder: str | Path | None = None) -> Path | None:
    """The data file if present and intact, else None (with the reason printed)."""
    base = Path(folder or os.environ.get("ANNOTATOR_EVIDENCE_DATA") or HERE / "data")
    path = base / name
    if not path.is_file():
        print(f"skipped: {path} not found (see bench/data/README.md)")
        return None
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != SHA256[name]:
        print(f"skipped: {path} has SHA-256 {digest}, expected {SHA256[name]}")
        return None
    return path


@dataclass(frozen=True)
class PooledSet:
    """Climate-FEVER pooled: every claim's evidence sentences form one corpus."""

    sentences: list[str]
    claims: list[str]
    relevant: list[set[int]]  # per claim: indexes of its SUPPORTS/REFUTES sentences
    own: list[set[int]]  # per claim: indexes of all five of its evidence sentences


def climate_fever_pooled(path: Path) -> PooledSet:
    sentences: list[str] = []
    index: dict[str, int] = {}
    claims: list[str] = []
    relevant: list[set[int]] = []
    own: list[set[int]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        mine: set[int] = set()
        good: set[int] = set()
        for evidence in record["evidences"]:
            key = evidence["evidence_id"]
            if key not in index:
                index[key] = len(sentences)
                sentences.append(evidence["evidence"])
            mine.add(index[key])
            if evidence["evidence_label"] in RELEVANT:
                good.add(index[key])
        if good:
            claims.append(record["claim"])
            relevant.append(good)
            own.append(mine)
    return PooledSet(sentences, claims, relevant, own)


def claimbuster(path: Path) -> list[tuple[int, str, int]]:
    """(sentence_id, text, label 1 = check-worthy factual sentence)."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    return [(int(r["sentence_id"]), str(r["text"]), int(r["label"])) for r in rows]


def held_out(sentence_id: int) -> bool:
    """The fixed 20 % test split: chosen by a hash of the id, never by the labels."""
    return zlib.crc32(str(sentence_id).encode()) % 5 == 0
