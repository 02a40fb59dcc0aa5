"""newsprism: every side of every news story, on your own machine.

Public API: :class:`Newsprism` (the facade), the data types in :mod:`newsprism.models`, the
settings loader and the exception family. Everything else is internal.
"""

from __future__ import annotations

from .app import Newsprism
from .config import Settings, load_settings
from .errors import (
    ConfigError,
    ExtractionError,
    FeedError,
    FetchError,
    InputError,
    ModelError,
    NewsprismError,
    NotFoundError,
    StorageError,
)
from .models import Article, ArticleDraft, IngestReport, ItemResult, Outcome, Outlet, Story

__version__ = "0.1.0"

__all__ = [
    "Article",
    "ArticleDraft",
    "ConfigError",
    "ExtractionError",
    "FeedError",
    "FetchError",
    "IngestReport",
    "InputError",
    "ItemResult",
    "ModelError",
    "Newsprism",
    "NewsprismError",
    "NotFoundError",
    "Outcome",
    "Outlet",
    "Settings",
    "StorageError",
    "Story",
    "__version__",
    "load_settings",
]
