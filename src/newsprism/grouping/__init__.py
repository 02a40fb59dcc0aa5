"""Story grouping (placeholder until the grouping issue lands): one story per article."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class Grouper:
    def __init__(self, store: Any, embedder: Any, settings: Any) -> None:
        self.store = store

    def add(self, article_ids: Sequence[int]) -> None:
        return None
