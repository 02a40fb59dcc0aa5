"""What every request handler reaches: the facade, the views cache, the write guard."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from fastapi import Request

if TYPE_CHECKING:
    from ..app import Newsprism
    from ._security import WriteGuard
    from ._views import Views


@dataclass
class AppState:
    np: Newsprism
    views: Views
    guard: WriteGuard


def state(request: Request) -> AppState:
    st = request.app.state.newsprism
    assert isinstance(st, AppState)
    return st
