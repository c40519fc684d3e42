"""Train the check-worthiness model shipped as annotator/evidence/checkworthy.json.

Data: ClaimBuster (Arslan, Hassan, Li, Tremayne 2020, "A Benchmark Dataset of Check-worthy
Factual Claims", doi:10.5281/zenodo.3609356, CC BY 4.0): 9,674 sentences of U.S.
presidential debates, 2,764 labelled check-worthy factual (CFS) and the rest not (the
"2.5xNCS" binary set). See bench/data/README.md for the file and its SHA-256.

Model: L2-regularised logistic regression on annotator.evidence.checkworthy.features (word
1-2 grams and cues), fitted with full-batch Adam in numpy. Features seen fewer than
MIN_COUNT times in training are dropped; weights are rounded to 4 decimals, which keeps the
file well under 1 MB. 20 % of the sentences (by a hash of their id, bench/evidence_data.py
held_out) are never trained on; bench/bench_evidence.py reports the AUC on them.
Run: python tools/train_checkworthy.py [--data DIR]
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from evidence_data import (  # noqa: E402
    CLAIMBUSTER,
    claimbuster,
    data_file,
    data_folder_argument,
    held_out,
)

from annotator.evidence.checkworthy import MODEL_FILE, features  # noqa: E402

MIN_COUNT = 3
L2 = 1e-3
STEPS = 400
TARGET = ROOT / "annotator" / "evidence" / MODEL_FILE


def fit(rows: list[list[str]], labels: np.ndarray, vocabulary: dict[str, int]
        ) -> tuple[float, np.ndarray]:
    row_index, col_index = [], []
    for i, feats in enumerate(rows):
        for f in set(feats):
            if f in vocabulary:
                row_index.append(i)
                col_index.append(vocabulary[f])
    r = np.asarray(row_index)
    c = np.asarray(col_index)
    n, d = len(rows), len(vocabulary)
    w = np.zeros(d)
    b = 0.0
    m_w, v_w, m_b, v_b = np.zeros(d), np.zeros(d), 0.0, 0.0
    rate, beta1, beta2, eps = 0.05, 0.9, 0.999, 1e-8
    for step in range(1, STEPS + 1):
        z = np.bincount(r, weights=w[c], minlength=n) + b
        p = 1 / (1 + np.exp(-z))
        error = (p - labels) / n
        grad_w = np.bincount(c, weights=error[r], minlength=d) + L2 * w
        grad_b = float(error.sum())
        m_w = beta1 * m_w + (1 - beta1) * grad_w
        v_w = beta2 * v_w + (1 - beta2) * grad_w**2
        m_b = beta1 * m_b + (1 - beta1) * grad_b
        v_b = beta2 * v_b + (1 - beta2) * grad_b**2
        w -= rate * (m_w / (1 - beta1**step)) / (np.sqrt(v_w / (1 - beta2**step)) + eps)
        b -= rate * (m_b / (1 - beta1**step)) / (np.sqrt(v_b / (1 - beta2**step)) + eps)
    return b, w


def main() -> int:
    path = data_file(CLAIMBUSTER, data_folder_argument(__doc__))
    if path is None:
        return 1
    train = [(text, label) for sid, text, label in claimbuster(path) if not held_out(sid)]
    rows = [features(text) for text, _ in train]
    labels = np.asarray([label for _, label in train], dtype=float)
    counts = Counter(f for feats in rows for f in set(feats))
    vocabulary = {f: i for i, f in enumerate(sorted(f for f, n in counts.items()
                                                    if n >= MIN_COUNT))}
    bias, weights = fit(rows, labels, vocabulary)
    kept = {f: round(float(weights[i]), 4) for f, i in vocabulary.items()
            if round(float(weights[i]), 4) != 0.0}
    TARGET.write_text(json.dumps({
        "about": "Check-worthiness logistic regression trained by tools/train_checkworthy.py "
                 "on ClaimBuster (doi:10.5281/zenodo.3609356, CC BY 4.0).",
        "bias": round(bias, 4), "threshold": 0.5, "weights": kept,
    }, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"trained on {len(train)} sentences; {len(kept)} features; "
          f"{TARGET.stat().st_size / 1024:.0f} KiB written to {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
