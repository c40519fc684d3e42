"""The semantic extra's loading and ranking, with a tiny ONNX model this test makes.

The model is one Gather node (a word-vector table) whose table puts synonyms on the same
vector, so a paraphrase with no word in common with its source is found only semantically.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import pytest

from annotator.evidence import semantic
from annotator.evidence.assistant import EvidenceIndex
from annotator.evidence.semantic import ENVIRONMENT, MANIFEST, Embedder, load_embedder
from annotator.store import Store

WIDTH = 8
# Words sharing a concept number get the same vector.
CONCEPTS = {"doctor": 1, "physician": 1, "resigned": 2, "quit": 2, "hospital": 3, "clinic": 3,
            "harbour": 4, "ships": 5, "tomatoes": 6, "ripen": 7, "the": 0, "on": 0,
            "friday": 0, "in": 0, "summer": 0}


def make_model(folder: Path) -> Path:
    onnx = pytest.importorskip("onnx", reason="making the test model needs the onnx package")
    pytest.importorskip("tokenizers", reason="the semantic extra (tokenizers) is not installed")
    from onnx import TensorProto, helper, numpy_helper
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers

    folder.mkdir()
    vocabulary = {"[PAD]": 0, "[UNK]": 1}
    table = [np.zeros(WIDTH), np.zeros(WIDTH)]
    for word, concept in CONCEPTS.items():
        vocabulary[word] = len(table)
        vector = np.zeros(WIDTH)
        vector[concept] = 1.0
        table.append(vector)
    tokenizer = Tokenizer(models.WordLevel(vocabulary, unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.Lowercase()
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    tokenizer.save(str(folder / "tokenizer.json"))
    graph = helper.make_graph(
        [helper.make_node("Gather", ["table", "input_ids"], ["last_hidden_state"], axis=0)],
        "tiny-embedder",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "tokens"]),
         helper.make_tensor_value_info("attention_mask", TensorProto.INT64,
                                       ["batch", "tokens"])],
        [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT,
                                       ["batch", "tokens", WIDTH])],
        [numpy_helper.from_array(np.asarray(table, dtype=np.float32), "table")],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.save(model, str(folder / "model.onnx"))
    (folder / MANIFEST).write_text(json.dumps({
        "name": "tiny test embedder", "onnx": "model.onnx", "tokenizer": "tokenizer.json",
        "sha256": {name: hashlib.sha256((folder / name).read_bytes()).hexdigest()
                   for name in ("model.onnx", "tokenizer.json")},
    }), encoding="utf-8")
    return folder


@pytest.fixture
def model_dir(tmp_path: Path) -> Path:
    pytest.importorskip("onnxruntime",
                        reason="the semantic extra (onnxruntime) is not installed")
    return make_model(tmp_path / "model")


@pytest.fixture
def embedder(model_dir: Path) -> Embedder:
    loaded, note = load_embedder(model_dir)
    assert loaded is not None, note
    return loaded


def test_a_verified_model_embeds_unit_vectors(model_dir: Path) -> None:
    embedder, note = load_embedder(model_dir)
    assert embedder is not None and note == ""
    vectors = embedder.embed(["The doctor resigned", "the physician quit", "ships"])
    assert vectors.shape == (3, WIDTH)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0)
    assert vectors[0] @ vectors[1] == pytest.approx(1.0)
    assert vectors[0] @ vectors[2] == pytest.approx(0.0)


def test_a_model_that_fails_its_checksum_is_not_loaded(model_dir: Path) -> None:
    with (model_dir / "model.onnx").open("ab") as handle:
        handle.write(b"\0")
    embedder, note = load_embedder(model_dir)
    assert embedder is None
    assert note.startswith("Lexical ranking only:") and "SHA-256" in note


def test_a_paraphrase_is_found_only_semantically(model_dir: Path, tmp_path: Path) -> None:
    embedder, _ = load_embedder(model_dir)
    with Store.open(tmp_path / "lib.sqlite3") as store:
        source = store.import_document("Staff news", "The physician quit on Friday.").document
        store.import_document("Port", "Ships crowd the harbour in summer.")
        store.import_document("Garden", "Tomatoes ripen in summer.")
        claim = "The doctor resigned"

        lexical = EvidenceIndex(store)
        lexical.refresh()
        assert lexical.search(claim).results == ()

        index = EvidenceIndex(store, embedder)
        index.refresh()
        answer = index.search(claim)
        assert answer.results[0].document_id == source.id
        assert not answer.no_evidence
        # The vectors are stored: a restart embeds nothing again.
        again = EvidenceIndex(store, embedder)
        assert again.refresh().indexed == 0
        assert again.ranker.vectors is not None
        assert again.search(claim).results[0].document_id == source.id


def test_without_the_extra_ranking_is_lexical_with_a_note(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # import onnxruntime fails
    embedder, note = load_embedder(tmp_path)
    assert embedder is None
    assert "pip install 'annotator[semantic]'" in note


def test_without_a_model_the_note_says_how_to_add_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENVIRONMENT, raising=False)
    monkeypatch.setattr(semantic, "model_folder", lambda: None)
    embedder, note = load_embedder()
    assert embedder is None and ENVIRONMENT in note


def test_passages_are_embedded_with_their_title_and_again_after_a_rename(
        embedder: Embedder, tmp_path: Path) -> None:
    from annotator.domain.records import DocumentMetadata
    from annotator.evidence.passages import missing_vectors

    with Store.open(tmp_path / "lib.sqlite3") as store:
        clinic = store.import_document("Clinic", "Ships crowd the harbour.").document
        store.import_document("Garden", "Tomatoes ripen in summer.")
        index = EvidenceIndex(store, embedder)
        index.refresh()
        # Only the title says "clinic" (a synonym of the claim's word).
        assert [h.document_id for h in index.search("hospital").results] == [clinic.id]
        assert missing_vectors(store, embedder) == []

        store.update_document(clinic.id, DocumentMetadata(title="Port"))
        assert [b.document_id for b in missing_vectors(store, embedder)] == [clinic.id]
        index.refresh()
        assert missing_vectors(store, embedder) == []
        assert index.search("hospital").results == ()


class CountingEmbedder:
    """The real embedder, counting the texts it is given."""

    def __init__(self, embedder: Embedder) -> None:
        self.inner = embedder
        self.sha256 = embedder.sha256
        self.texts = 0

    def embed(self, texts: list[str]) -> object:
        self.texts += len(texts)
        return self.inner.embed(texts)


def test_vectors_are_stored_as_computed_and_never_computed_twice(
        embedder: Embedder, tmp_path: Path) -> None:
    """The worker stores each document's vectors before it computes the next, so a second
    run (or a restart) finds them stored and embeds nothing again; a restart with the
    ranker cache maps the vectors from disk."""
    from annotator.evidence.passages import load_passages

    counting = CountingEmbedder(embedder)
    cache = tmp_path / "cache"
    with Store.open(tmp_path / "lib.sqlite3") as store:
        source = store.import_document("Staff news", "The physician quit on Friday.").document
        store.import_document("Garden", "Tomatoes ripen in summer.")
        index = EvidenceIndex(store, counting, cache=cache)  # type: ignore[arg-type]
        index.refresh()
        assert counting.texts == 2
        assert all(p.vector is not None for p in load_passages(store, embedder.sha256))
        index.refresh()
        EvidenceIndex(store, counting, cache=cache).refresh()  # type: ignore[arg-type]
        assert counting.texts == 2
        again = EvidenceIndex(store, counting, cache=cache)  # type: ignore[arg-type]
        assert again.search("The doctor resigned").results[0].document_id == source.id
        assert isinstance(again.ranker.vectors, np.memmap)


def test_passages_not_embedded_yet_are_announced(embedder: Embedder, tmp_path: Path) -> None:
    from annotator.evidence.assistant import EMBEDDING_PENDING

    with Store.open(tmp_path / "lib.sqlite3") as store:
        store.import_document("Staff news", "The physician quit on Friday.")
        index = EvidenceIndex(store, embedder)
        index.refresh(embed=False)  # cut and stored, not embedded yet
        assert index.search("physician").note == EMBEDDING_PENDING
        index.refresh()
        assert index.search("physician").note == ""
