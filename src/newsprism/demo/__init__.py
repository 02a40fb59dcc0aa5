"""The bundled demo corpus: FICTION, written for the newsprism demo.

Twenty-two invented articles from six invented outlets (``.example`` domains) about events in the
invented Republic of Veloria; see ``README.md`` beside this module for the events and the
differences between outlets planted on purpose. :func:`load_demo` imports them into a database
and gives the outlets their leans as user overrides.
"""

from __future__ import annotations

import dataclasses
import logging
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import OutletOverride, settings_from_mapping
from ..errors import ConfigError
from ..models import IngestReport
from ..outlets import LEANS

if TYPE_CHECKING:
    from ..app import Newsprism

log = logging.getLogger(__name__)

__all__ = ["apply_outlets", "demo_dir", "demo_files", "demo_outlets", "load_demo"]

ARTICLES_FILE = "articles.jsonl"
OUTLETS_FILE = "outlets.toml"


def demo_dir() -> Path:
    """The folder holding the demo corpus."""
    return Path(__file__).resolve().parent


def demo_files() -> list[Path]:
    """The files :func:`load_demo` imports."""
    return [demo_dir() / ARTICLES_FILE]


def demo_outlets() -> dict[str, OutletOverride]:
    """The fictional outlets' overrides (name, lean, note) by domain, read from ``outlets.toml``."""
    path = demo_dir() / OUTLETS_FILE
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"cannot read the demo outlets {path}: {e}") from e
    outlets = dict(settings_from_mapping(raw).outlets)
    for domain, override in outlets.items():
        if override.lean not in LEANS:
            raise ConfigError(f"demo outlet {domain!r} has lean {override.lean!r}, not one of {LEANS}")
    return outlets


def load_demo(np: Newsprism) -> IngestReport:
    """Import the demo articles into ``np`` and apply the demo outlets' leans.

    Loading again imports nothing new: every article comes back as a duplicate.
    """
    applied = apply_outlets(np, demo_outlets())
    report = np.import_paths(demo_files())
    log.info("demo corpus: %s; %d outlet overrides applied", report.summary(), applied)
    return report


def apply_outlets(np: Newsprism, outlets: Mapping[str, OutletOverride]) -> int:
    """Store ``outlets`` as the user's overrides through the facade; return how many were applied.

    Skipped with a warning on a facade without the override API.
    """
    setter = getattr(np, "set_outlet_override", None)
    if setter is None:
        log.warning(
            "this newsprism has no outlet override API (Newsprism.set_outlet_override); "
            "the demo outlets keep no lean"
        )
        return 0
    for domain, override in outlets.items():
        values = {k: v for k, v in dataclasses.asdict(override).items() if v is not None}
        setter(domain, **values)
    return len(outlets)
