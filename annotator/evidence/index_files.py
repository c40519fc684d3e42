"""The evidence ranker on disk, so that a restart maps it instead of rebuilding it.

Building the ranker of a big library reads every passage and costs seconds of CPU and, held
in Python objects, hundreds of MiB. So it is built once, written as plain ``.npy`` arrays
(the passage columns of passage_table, bm25s's score matrix, the document frequencies, the
vectors of the semantic extra) with its vocabulary as JSON, and loaded with
``numpy.load(mmap_mode="r")``: the operating system pages in what a search touches (the
columns of the query's terms, the ten passages returned), and can drop those pages again;
a process's resident memory stays about flat as the library grows.

Where: the user's cache folder (``$ANNOTATOR_CACHE``, else platformdirs'
``user_cache_path("annotator")``), ``evidence/<library>/<state>/``. <library> is a digest of
the library's path or URL; <state> a digest of what the stored index holds (index_signature:
every indexed document with its text's digest, vector model and title), the term analysis
and BM25F's parameters (ranking.ANALYSIS_KEY), the embedding model and this file format.
Anything that changes the passages changes the state, and a state that is not on disk is
built again; the library's own tables stay the truth and the cache can be deleted at any
time. A folder is written under a
temporary name and renamed when complete, so a reader never maps half a ranker; other
states of the same library are then removed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import fields
from pathlib import Path

from annotator.evidence.passage_table import Columns, PassageTable
from annotator.evidence.ranking import Ranker

FORMAT = 1
ENVIRONMENT = "ANNOTATOR_CACHE"
_VOCABULARY = "vocabulary.json"
_VECTORS = "vectors"
_COMPLETE = "complete"  # written last: a folder without it is not used


def cache_root() -> Path:
    configured = os.environ.get(ENVIRONMENT)
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_cache_path

    return Path(user_cache_path("annotator", appauthor=False))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def library_folder(root: Path, label: str) -> Path:
    """The folder of one library's rankers (label: the Store's path or URL)."""
    return root / "evidence" / _digest(label)


def state_name(signature: object, model: str | None) -> str:
    from annotator.evidence.ranking import ANALYSIS_KEY  # the term analysis and BM25F's

    return _digest(f"{FORMAT}\n{ANALYSIS_KEY}\n{model or ''}\n{signature!r}")


def load(folder: Path) -> tuple[Ranker, int] | None:
    """The ranker saved in `folder`, mapped from its files, and how many of its passages
    have no vector; None if there is none (or it cannot be read: it is then built
    again)."""
    import numpy as np

    if not (folder / _COMPLETE).exists():
        return None
    try:
        words = json.loads((folder / _VOCABULARY).read_text(encoding="utf-8"))
        unembedded = int(json.loads((folder / _COMPLETE).read_text(encoding="utf-8"))[
            "unembedded"])
        columns = Columns(**{f.name: np.load(folder / f"{f.name}.npy", mmap_mode="r")
                             for f in fields(Columns)})
        arrays = {p.stem: np.load(p, mmap_mode="r") for p in folder.glob("bm25-*.npy")}
        vectors_file = folder / f"{_VECTORS}.npy"
        vectors = np.load(vectors_file, mmap_mode="r") if vectors_file.exists() else None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    table = PassageTable(columns, {word: i for i, word in enumerate(words)})
    return Ranker.restore(table, {k.removeprefix("bm25-"): v for k, v in arrays.items()},
                          vectors), unembedded


def save(folder: Path, ranker: Ranker, unembedded: int = 0) -> bool:
    """Write the ranker into `folder` (complete or not at all); False when the cache
    cannot be written (the ranker is then simply not kept)."""
    import numpy as np

    table = ranker.table
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".writing-", dir=folder.parent))
        try:
            for f in fields(Columns):
                np.save(work / f"{f.name}.npy", getattr(table.columns, f.name))
            for name, array in ranker.state().items():
                np.save(work / f"bm25-{name}.npy", np.asarray(array))
            if ranker.vectors is not None:
                np.save(work / f"{_VECTORS}.npy", np.asarray(ranker.vectors, dtype=np.float32))
            words = [""] * len(table.vocabulary)
            for word, i in table.vocabulary.items():
                words[i] = word
            (work / _VOCABULARY).write_text(json.dumps(words, ensure_ascii=False),
                                            encoding="utf-8")
            (work / _COMPLETE).write_text(json.dumps({"unembedded": unembedded}),
                                          encoding="utf-8")
            os.replace(work, folder)
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
    except OSError:
        return False
    for other in folder.parent.iterdir():  # earlier states of this library
        if other != folder and other.is_dir() and not other.name.startswith(".writing-"):
            shutil.rmtree(other, ignore_errors=True)
    return True
