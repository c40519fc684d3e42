"""Re-anchoring 10k claims into a new version of a 1 MB text after a harsh edit.

The edit: 300 scattered changes (100 inserted sentences, 100 deletions of 5-60 code points,
100 one-letter typo fixes). Two texts: *unique* (random words, every quote occurs once) and
*repeated* (the sample article over and over: every paragraph occurs ~180 times, so only the
diff can tell the copies apart). Every claim's true new place is known from the edit, so an
untouched claim (no change inside its quote) attached anywhere but its own words is counted.

Compared, interleaved (5 runs; times are medians, ratios the median of the runs' ratios):
- ``reanchor_all`` (the diff first, then quote and context), what the store runs: its result
  keeps the untouched claims as arrays, given the old text's SHA-256 as the store gives it
  (``documents.sha256``); ``reanchor_many`` is the same with one ``Resolution`` per claim;
- baseline: one ``str.find`` of each quote in the new text (on repeated text it stops at
  the first copy, so it is also printed with one ``str.count`` per quote, a whole scan);
- ``diff_texts`` alone (the part of ``reanchor_all`` that aligns the two versions);
- for reference, ``resolve_many`` (quote and context only), the resolver without the diff.

Run: python bench/bench_reanchor.py
"""

from __future__ import annotations

import random
import re
import statistics
import sys
import time
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import SAMPLE

from annotator.domain.anchor import (
    AnchorState,
    Resolution,
    make_anchor,
    resolve_many,
    text_sha256,
)
from annotator.domain.reanchor import reanchor_all, reanchor_many
from annotator.domain.textdiff import diff_texts

CLAIMS = 10_000
EDITS = 300
SIZE = 1_000_000
RUNS = 5

Edit = tuple[int, int, str]  # position in the old text, code points deleted, text inserted


def repeated_text() -> str:
    base = SAMPLE.read_text(encoding="utf-8").strip() + "\n\n"
    return base * (SIZE // len(base) + 1)


def unique_text(rng: random.Random) -> str:
    words = sorted(set(re.findall(r"\w+", SAMPLE.read_text(encoding="utf-8"))))
    paragraphs, size = [], 0
    while size < SIZE:
        sentences = [
            " ".join(rng.choice(words) for _ in range(rng.randrange(8, 30))).capitalize() + "."
            for _ in range(rng.randrange(2, 6))
        ]
        paragraphs.append(" ".join(sentences))
        size += len(paragraphs[-1]) + 2
    return "\n\n".join(paragraphs)


def claim_spans(text: str, rng: random.Random) -> list[tuple[int, int]]:
    starts = [m.start() for m in re.finditer(r"(?<=\s)\S", text)]
    spans = []
    for start in rng.sample(starts, CLAIMS):
        spans.append((start, min(len(text), start + rng.randrange(30, 150))))
    return spans


def harsh_edit(text: str, rng: random.Random) -> list[Edit]:
    """300 non-overlapping changes at random places, in increasing order of position."""
    edits: list[Edit] = []
    taken: list[tuple[int, int]] = []
    kinds = ["insert"] * (EDITS // 3) + ["delete"] * (EDITS // 3)
    kinds += ["typo"] * (EDITS - len(kinds))
    for k, kind in enumerate(kinds):
        while True:
            pos = rng.randrange(1, len(text) - 100)
            if kind == "insert":
                change: Edit = (pos, 0, f" Inserted sentence {k} with new words {rng.random()}.")
            elif kind == "delete":
                change = (pos, rng.randrange(5, 60), "")
            else:
                if not text[pos].isalpha():
                    continue
                change = (pos, 1, "q" if text[pos] != "q" else "z")
            lo, hi = pos - 1, pos + change[1] + 1
            if all(hi <= a or lo >= b for a, b in taken):
                taken.append((lo, hi))
                edits.append(change)
                break
    return sorted(edits)


def apply(text: str, edits: list[Edit]) -> str:
    parts, at = [], 0
    for pos, deleted, inserted in edits:
        parts += [text[at:pos], inserted]
        at = pos + deleted
    parts.append(text[at:])
    return "".join(parts)


def truth(spans: list[tuple[int, int]], edits: list[Edit]) -> list[tuple[int, int] | None]:
    """Where each untouched span went; None for a span an edit changed."""
    positions = [pos for pos, _d, _i in edits]
    ends = [pos + deleted for pos, deleted, _i in edits]
    shifts = [0]
    for _pos, deleted, inserted in edits:
        shifts.append(shifts[-1] + len(inserted) - deleted)
    result: list[tuple[int, int] | None] = []
    for start, end in spans:
        before = bisect_right(ends, start)  # edits that end at or before the span
        inside = bisect_left(positions, end)  # edits that begin before the span ends
        if inside > before:
            result.append(None)
        else:
            result.append((start + shifts[before], end + shifts[before]))
    return result


def score(
    results: list[Resolution], where: list[tuple[int, int] | None]
) -> tuple[int, int, int, Counter[str]]:
    """Untouched claims on the wrong words, untouched claims not kept, edited claims that
    were attached verbatim (necessarily to another copy of their old words), states."""
    wrong = lost = elsewhere = 0
    for result, place in zip(results, where, strict=True):
        if place is None:
            elsewhere += result.state in {AnchorState.ANCHORED, AnchorState.MOVED}
            continue
        if result.start is None or result.state is AnchorState.AMBIGUOUS:
            lost += 1
        elif (result.start, result.end) != place:
            wrong += 1
    return wrong, lost, elsewhere, Counter(result.state.value for result in results)


def interleaved(actions: dict[str, Callable[[], object]]) -> dict[str, list[float]]:
    """Each action's time in every run; the actions take turns within a run."""
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(RUNS):
        for name, action in actions.items():
            started = time.perf_counter()
            action()
            times[name].append(time.perf_counter() - started)
    return times


def ratio(times: dict[str, list[float]], name: str, baseline: str) -> float:
    """Median over the runs of the run's time ratio (the pair measured in the same run)."""
    return statistics.median(a / b for a, b in zip(times[name], times[baseline], strict=True))


def run(label: str, text: str, rng: random.Random) -> None:
    spans = claim_spans(text, rng)
    anchors = [make_anchor(text, s, e) for s, e in spans]
    edits = harsh_edit(text, rng)
    new = apply(text, edits)
    where = truth([(a.start, a.end) for a in anchors], edits)
    untouched = sum(place is not None for place in where)

    def finds() -> None:
        for anchor in anchors:
            new.find(anchor.exact)

    def counts() -> None:
        for anchor in anchors:
            new.count(anchor.exact)

    sha = text_sha256(text)
    ours = reanchor_all(anchors, text, new, old_sha256=sha).resolutions()
    quote_only = resolve_many(anchors, new)
    times = interleaved(
        {
            "reanchor_all": lambda: reanchor_all(anchors, text, new, old_sha256=sha),
            "reanchor_many": lambda: reanchor_many(anchors, text, new, old_sha256=sha),
            "diff_texts": lambda: diff_texts(text, new),
            "str.find": finds,
            "resolve_many": lambda: resolve_many(anchors, new),
            "str.count": counts,
        }
    )
    medians = {name: statistics.median(values) for name, values in times.items()}
    print(f"-- {label}: {len(text) / 1e6:.2f} M code points, {len(anchors):,} claims, "
          f"{len(edits)} edits, {untouched:,} claims untouched")
    for name, results in (("reanchor_all", ours), ("resolve_many", quote_only)):
        wrong, lost, elsewhere, states = score(results, where)
        print(f"   {name:<14} {medians[name]:7.3f} s  ratio to str.find "
              f"{ratio(times, name, 'str.find'):5.2f}x  untouched on the wrong words: "
              f"{wrong:,}  untouched not kept: {lost:,}  edited but attached verbatim: "
              f"{elsewhere:,}  states {dict(sorted(states.items()))}")
    print(f"   {'reanchor_many':<14} {medians['reanchor_many']:7.3f} s  ratio to str.find "
          f"{ratio(times, 'reanchor_many', 'str.find'):5.2f}x  (the same, a Resolution per claim)")
    print(f"   {'diff_texts':<14} {medians['diff_texts']:7.3f} s  ratio to str.find "
          f"{ratio(times, 'diff_texts', 'str.find'):5.2f}x  (the diff alone, part of reanchor_all)")
    print(f"   {'str.find':<14} {medians['str.find']:7.3f} s  (one per quote, the baseline; on "
          "repeated text it stops at the first copy, the wrong one for almost every claim)")
    print(f"   {'str.count':<14} {medians['str.count']:7.3f} s  (one whole-text scan per quote, "
          "the least needed to know whether a quote is unique); reanchor_all / str.count = "
          f"{ratio(times, 'reanchor_all', 'str.count'):.2f}x")


def main() -> None:
    rng = random.Random(9)
    run("unique text", unique_text(rng), rng)
    run("repeated paragraphs", repeated_text(), rng)


if __name__ == "__main__":
    main()
