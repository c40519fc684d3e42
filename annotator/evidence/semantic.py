"""Optional semantic re-ranking (extra ``annotator[semantic]``): a sentence-embedding model
run with onnxruntime from a folder on this machine. Nothing is ever downloaded.

A model folder holds the ONNX file, its ``tokenizer.json`` (Hugging Face tokenizers) and a
manifest, ``annotator-embedding.json``::

    {"name": "all-MiniLM-L6-v2 int8", "onnx": "model.onnx", "tokenizer": "tokenizer.json",
     "sha256": {"model.onnx": "<hex>", "tokenizer.json": "<hex>"}, "max_length": 128}

Every file is checked against its SHA-256 before it is loaded. The folder is named by
$ANNOTATOR_EMBEDDING_MODEL, or provided by an installed package through the entry point
group ``annotator.embedding_models`` (a function returning the folder). Without a usable
model the assistant ranks lexically and says why (load_embedder's note).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MANIFEST = "annotator-embedding.json"
ENVIRONMENT = "ANNOTATOR_EMBEDDING_MODEL"
ENTRY_POINTS = "annotator.embedding_models"
BATCH = 8  # with texts sorted by length: little padding; measured fastest on 2 cores
LEXICAL_ONLY = "Lexical ranking only: "


class ModelRejected(Exception):
    """The model folder is incomplete or a file failed its SHA-256 check."""


@dataclass(frozen=True, slots=True)
class ModelFiles:
    name: str
    onnx: Path
    tokenizer: Path
    sha256: str  # of the ONNX file: names the vectors stored in the index
    max_length: int


def read_manifest(folder: Path) -> ModelFiles:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        onnx = folder / str(manifest["onnx"])
        tokenizer = folder / str(manifest["tokenizer"])
        expected = {str(k): str(v).lower() for k, v in manifest["sha256"].items()}
        max_length = int(manifest.get("max_length", 128))
        name = str(manifest.get("name", folder.name))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ModelRejected(f"the model folder {folder} has no readable {MANIFEST} "
                            f"({exc})") from exc
    for path in (onnx, tokenizer):
        want = expected.get(path.name)
        if want is None:
            raise ModelRejected(f"{MANIFEST} in {folder} gives no SHA-256 for {path.name}")
        try:
            got = _sha256(path)
        except OSError as exc:
            raise ModelRejected(f"cannot read {path}: {exc.strerror}") from exc
        if got != want:
            raise ModelRejected(f"{path} failed its SHA-256 check (expected {want}, "
                                f"found {got}); it was not loaded")
    return ModelFiles(name, onnx, tokenizer, expected[onnx.name], max_length)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def model_folder() -> Path | None:
    configured = os.environ.get(ENVIRONMENT)
    if configured:
        return Path(configured).expanduser()
    from importlib.metadata import entry_points

    for entry in entry_points(group=ENTRY_POINTS):
        return Path(entry.load()())
    return None


class Embedder:
    """Sentence embeddings (L2-normalised, mean-pooled over tokens) from a verified model."""

    def __init__(self, files: ModelFiles) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        self.files = files
        self.sha256 = files.sha256
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 2
        self._session = onnxruntime.InferenceSession(
            str(files.onnx), options, providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._tokenizer = Tokenizer.from_file(str(files.tokenizer))
        self._tokenizer.enable_truncation(files.max_length)
        self._tokenizer.enable_padding()

    def embed(self, texts: list[str]) -> Any:
        """One L2-normalised row per text, in the order given."""
        import numpy as np

        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        parts = [self._batch([texts[i] for i in order[at:at + BATCH]])
                 for at in range(0, len(order), BATCH)]
        if not parts:
            return np.zeros((0, 0), dtype=np.float32)
        vectors = np.empty((len(texts), parts[0].shape[1]), dtype=np.float32)
        vectors[order] = np.concatenate(parts)
        return vectors

    def _batch(self, texts: list[str]) -> Any:
        import numpy as np

        encodings = self._tokenizer.encode_batch(texts)
        ids = np.asarray([e.ids for e in encodings], dtype=np.int64)
        mask = np.asarray([e.attention_mask for e in encodings], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feed["token_type_ids"] = np.zeros_like(ids)
        output = np.asarray(self._session.run(None, {k: v for k, v in feed.items()
                                                     if k in self._inputs})[0],
                            dtype=np.float32)
        if output.ndim == 3:  # token vectors: mean over the real tokens
            weights = mask[:, :, None].astype(np.float32)
            output = (output * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1.0)
        norms = np.linalg.norm(output, axis=1, keepdims=True)
        return (output / np.maximum(norms, 1e-12)).astype(np.float32)


def load_embedder(folder: Path | None = None) -> tuple[Embedder | None, str]:
    """The embedder, or None with the note to show why ranking stays lexical."""
    folder = folder or model_folder()
    if folder is None:
        return None, (LEXICAL_ONLY + "no sentence-embedding model is installed (set "
                      f"{ENVIRONMENT} to a model folder; see annotator.evidence.semantic).")
    try:
        import onnxruntime  # noqa: F401
        import tokenizers  # noqa: F401
    except ImportError:
        return None, (LEXICAL_ONLY + "the semantic extra is not installed "
                      "(pip install 'annotator[semantic]').")
    try:
        files = read_manifest(folder)
        return Embedder(files), ""
    except ModelRejected as exc:
        return None, LEXICAL_ONLY + str(exc) + "."
    except Exception as exc:  # onnxruntime refuses the file: say so, keep working
        return None, LEXICAL_ONLY + f"the model in {folder} could not be loaded ({exc})."
