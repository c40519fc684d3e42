"""Public data sets for the evidence benchmarks and the check-worthiness training.

ClaimBuster is committed in bench/data/ (gzip-compressed, with its licence); Climate-FEVER
is not (its authors grant no licence to redistribute it): bench/data/README.md says where
each comes from, its licence and its SHA-256. A file is looked for in --data DIR (else
$ANNOTATOR_EVIDENCE_DATA), then in bench/data/, as NAME or NAME.gz; its SHA-256 is that of the
uncompressed bytes. Scripts that need a missing file say so and skip that part.

The pooled Climate-FEVER protocol (climate_fever_pooled):
- corpus: every evidence sentence of every claim, once (evidence_id; 7,675 evidences are
  5,240 distinct sentences, and no id has two texts), each with its Wikipedia article's
  title, which the ranking may use as the app uses an article's title;
- queries: every claim with at least one evidence labelled SUPPORTS or REFUTES (1,061 of
  1,535, whatever the claim's own label: a DISPUTED or NOT_ENOUGH_INFO claim with such an
  evidence has a passage that bears on it);
- relevant: that claim's SUPPORTS/REFUTES evidences (per-evidence labels); its
  NOT_ENOUGH_INFO evidences are not relevant (they do not settle it);
- metrics: MRR over the top 100, and Recall@10 = share of the claim's relevant sentences
  in its top 10, averaged over claims.
"""

from __future__ import annotations

import argparse
import gzip
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
    """The data file (NAME or NAME.gz) if present and intact, else None (with the reason
    printed)."""
    given = folder or os.environ.get("ANNOTATOR_EVIDENCE_DATA")
    bases = [Path(given)] if given else []
    bases.append(HERE / "data")
    candidates = [base / file for base in bases for file in (name, f"{name}.gz")]
    path = next((c for c in candidates if c.is_file()), None)
    if path is None:
        print(f"skipped: {name} (or .gz) not found in {', '.join(map(str, bases))} "
              "(see bench/data/README.md)")
        return None
    digest = hashlib.sha256(read_bytes(path)).hexdigest()
    if digest != SHA256[name]:
        print(f"skipped: {path} has SHA-256 {digest} (uncompressed), expected {SHA256[name]}")
        return None
    return path


def read_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def read_text(path: Path) -> str:
    return read_bytes(path).decode("utf-8")


@dataclass(frozen=True)
class PooledSet:
    """Climate-FEVER pooled: every claim's evidence sentences form one corpus."""

    sentences: list[str]
    titles: list[str]  # per sentence: its Wikipedia article's title
    claims: list[str]
    relevant: list[set[int]]  # per claim: indexes of its SUPPORTS/REFUTES sentences
    own: list[set[int]]  # per claim: indexes of all five of its evidence sentences


def climate_fever_pooled(path: Path) -> PooledSet:
    sentences: list[str] = []
    titles: list[str] = []
    index: dict[str, int] = {}
    claims: list[str] = []
    relevant: list[set[int]] = []
    own: list[set[int]] = []
    for line in read_text(path).splitlines():
        record = json.loads(line)
        mine: set[int] = set()
        good: set[int] = set()
        for evidence in record["evidences"]:
            key = evidence["evidence_id"]
            if key not in index:
                index[key] = len(sentences)
                sentences.append(evidence["evidence"])
                titles.append(evidence["article"])
            mine.add(index[key])
            if evidence["evidence_label"] in RELEVANT:
                good.add(index[key])
        if good:
            claims.append(record["claim"])
            relevant.append(good)
            own.append(mine)
    return PooledSet(sentences, titles, claims, relevant, own)


def claimbuster(path: Path) -> list[tuple[int, str, int]]:
    """(sentence_id, text, label 1 = check-worthy factual sentence)."""
    rows = json.loads(read_text(path))
    return [(int(r["sentence_id"]), str(r["text"]), int(r["label"])) for r in rows]


def held_out(sentence_id: int) -> bool:
    """The fixed 20 % test split: chosen by a hash of the id, never by the labels."""
    return zlib.crc32(str(sentence_id).encode()) % 5 == 0
