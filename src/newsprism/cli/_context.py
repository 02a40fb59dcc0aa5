"""Shared CLI state: global options and the lazily opened facade."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console

if TYPE_CHECKING:
    from ..app import Newsprism

console = Console()
err_console = Console(stderr=True)


@dataclass
class State:
    db: str | None = None
    config: str | None = None
    _np: Any = field(default=None, repr=False)

    def np(self) -> Newsprism:
        if self._np is None:
            from ..app import Newsprism

            self._np = Newsprism.open(self.db, self.config)
        return self._np  # type: ignore[no-any-return]

    def close(self) -> None:
        if self._np is not None:
            self._np.close()
            self._np = None


def state(ctx: typer.Context) -> State:
    obj = ctx.find_root().obj
    assert isinstance(obj, State)
    return obj


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
