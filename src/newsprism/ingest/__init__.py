"""Ingest: turn files (and, through the feeds stage, fetched pages) into clean articles."""

from __future__ import annotations

from ._hash import content_hash
from ._importer import Importer, ImportOptions, discover
from ._readers import Candidate, record_to_candidate

__all__ = ["Candidate", "ImportOptions", "Importer", "content_hash", "discover", "record_to_candidate"]
