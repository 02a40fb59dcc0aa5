"""The ``newsprism`` command line: a thin client of :class:`newsprism.Newsprism`."""

from __future__ import annotations

from ._main import app, main

__all__ = ["app", "main"]
