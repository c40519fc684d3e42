"""Several editors, each in its own process, editing one library at once.

Used by tests/store/test_desk_load.py (a few seconds) and bench/bench_desk_load.py (30 s).
Each writer edits claims only it touches ("own") and claims every writer touches
("shared"), always passing the version it read. The rules checked afterwards:

- an edit of an own claim always succeeds (it may wait for the lock, never fails on it);
- a refused edit of a shared claim is a ConcurrentEdit naming another writer;
- every claim's history is an unbroken chain (each change's old value is the previous
  change's new value, and ends at what is stored), one entry per successful edit.
"""

from __future__ import annotations

import multiprocessing
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from multiprocessing.pool import Pool
from typing import Any

OWN_PER_WRITER = 3
SHARED = 3
TEXT = ("The council approved the budget on Monday. The mayor said taxes will not rise. "
        "Critics said the plan cuts library hours by a third. ") * 4


@dataclass
class LoadReport:
    writers: int
    seconds: float
    counts: Counter[str] = field(default_factory=Counter)
    colleagues: Counter[str] = field(default_factory=Counter)  # names in refusals
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        c = self.counts
        return (f"{self.writers} writers, {self.seconds:.0f} s: own claims {c['own ok']} edits "
                f"succeeded, {c['own refused'] + c['own failed']} failed; shared claims "
                f"{c['shared ok']} succeeded, {c['shared refused']} refused as ConcurrentEdit "
                f"naming a colleague, {c['shared failed']} failed otherwise; "
                f"history entries checked: {c['history entries']}")


def prepare(target: str, writers: int) -> tuple[list[list[int]], list[int]]:
    """A document with OWN_PER_WRITER claims per writer and SHARED claims for all."""
    from annotator.store import Store

    with Store.open(target, author="setup") as store:
        doc = store.import_document("Council", TEXT).document
        total = writers * OWN_PER_WRITER + SHARED
        ids = [store.create_claim(doc.id, i * 5, i * 5 + 4).id for i in range(total)]
    own = [ids[w * OWN_PER_WRITER:(w + 1) * OWN_PER_WRITER] for w in range(writers)]
    return own, ids[writers * OWN_PER_WRITER:]


def writer_name(index: int) -> str:
    return f"Writer {index}"


def warm_up() -> None:
    import annotator.store  # noqa: F401  (imports paid before the clock starts)


def start_pool(writers: int) -> Pool:
    return multiprocessing.get_context("spawn").Pool(writers, initializer=warm_up)


def write(target: str, index: int, own: list[int], shared: list[int], start_at: float,
          seconds: float) -> dict[str, Any]:
    """One writer process: edit until the time is up; returns counts and problems."""
    from annotator.domain.verdict import Verdict
    from annotator.store import ConcurrentEdit, Store

    me = writer_name(index)
    counts: Counter[str] = Counter()
    colleagues: Counter[str] = Counter()
    problems: list[str] = []
    verdicts = list(Verdict)
    rng = random.Random(index)
    with Store.open(target, author=me) as store:
        time.sleep(max(0.0, start_at - time.time()))
        deadline = time.monotonic() + seconds
        n = 0
        while time.monotonic() < deadline:
            n += 1
            kind = "shared" if n % 2 else "own"
            claim_id = rng.choice(shared if kind == "shared" else own)
            try:
                claim = store.claim(claim_id)
                if n % 3:
                    others = [v for v in verdicts if v is not claim.verdict]
                    store.set_verdict(claim_id, rng.choice(others),
                                      expected_version=claim.version)
                else:
                    store.set_note(claim_id, f"{me}, edit {n}", expected_version=claim.version)
                counts[f"{kind} ok"] += 1
            except ConcurrentEdit as refused:
                counts[f"{kind} refused"] += 1
                colleagues[refused.author or "?"] += 1
                if kind == "own" or refused.author in (None, me):
                    problems.append(f"{me} on {kind} claim {claim_id}: {refused}")
            except Exception as exc:
                counts[f"{kind} failed"] += 1
                problems.append(f"{me} on {kind} claim {claim_id}: {type(exc).__name__}: {exc}")
    return {"counts": dict(counts), "colleagues": dict(colleagues), "problems": problems[:20]}


def run(pool: Pool, target: str, writers: int, seconds: float) -> LoadReport:
    own, shared = prepare(target, writers)
    start_at = time.time() + 0.5
    results = pool.starmap(write, [(target, w, own[w], shared, start_at, seconds)
                                   for w in range(writers)])
    report = LoadReport(writers, seconds)
    for result in results:
        report.counts.update(result["counts"])
        report.colleagues.update(result["colleagues"])
        report.problems.extend(result["problems"])
    check_history(target, [c for claims in own for c in claims] + shared, report)
    return report


def check_history(target: str, claim_ids: list[int], report: LoadReport) -> None:
    """Each field's changes chain (old = previous new) and end at the stored value."""
    from annotator.domain.history import HistoryField
    from annotator.store import Store

    changes = 0
    with Store.open(target, author="checker") as store:
        for claim_id in claim_ids:
            claim = store.claim(claim_id)
            entries = store.history(claim_id)
            current = {HistoryField.VERDICT: "unchecked", HistoryField.NOTE: ""}
            for entry in entries:
                if entry.field == HistoryField.CREATED:
                    continue
                field_ = HistoryField(entry.field)
                if entry.old != current[field_]:
                    report.problems.append(
                        f"claim {claim_id}: {field_} history broken at entry {entry.id} "
                        f"({entry.old!r} after {current[field_]!r})")
                current[field_] = entry.new
                changes += 1
            if (current[HistoryField.VERDICT], current[HistoryField.NOTE]) != (
                    claim.verdict.value, claim.note):
                report.problems.append(f"claim {claim_id}: history does not end at the claim")
            if claim.version != 1 + len(entries) - 1:
                report.problems.append(f"claim {claim_id}: version {claim.version} after "
                                       f"{len(entries) - 1} changes")
    report.counts["history entries"] = changes
    succeeded = report.counts["own ok"] + report.counts["shared ok"]
    if changes != succeeded:
        report.problems.append(f"{succeeded} edits succeeded but {changes} are in the history")
