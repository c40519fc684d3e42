"""Helpers shared by the benchmark scripts: sample text, timing, ratio printing."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLE = REPO_ROOT / "resources" / "samples" / "004_c41784a00cd0d9a4.txt"


def big_article(target_chars: int = 1_000_000) -> str:
    """The sample report repeated to ~1 MB, each copy numbered so quotes stay distinct."""
    base = SAMPLE.read_text(encoding="utf-8")
    parts: list[str] = []
    size = 0
    copy = 0
    while size < target_chars:
        part = f"Part {copy} 👍🏽\n\n{base}\n\n"
        parts.append(part)
        size += len(part)
        copy += 1
    return "".join(parts)


def best_of(repeats: int, action: Callable[[], object]) -> float:
    """Median wall time in seconds over `repeats` runs."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def report(name: str, ours: float, baseline: float, baseline_name: str, unit: str = "s") -> None:
    print(f"{name}: {ours:.4f} {unit}  |  {baseline_name}: {baseline:.4f} {unit}  |  "
          f"ratio ours/baseline = {ours / baseline:.2f}x")
