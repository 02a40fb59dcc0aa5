"""The embedder interface."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors."""

    name: str
    """Stable identifier stored beside each vector (a model change means re-embedding)."""
    dim: int

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Return an array of shape (len(texts), dim), each row of unit length."""
        ...
