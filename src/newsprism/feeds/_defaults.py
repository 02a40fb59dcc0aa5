"""The curated default feed list offered by ``newsprism init`` (``data/default_feeds.toml``)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources

from ..errors import ConfigError


@dataclass(frozen=True)
class DefaultFeed:
    url: str
    outlet: str
    country: str
    title: str
    source: str
    """Where the feed address was found."""
    language: str = "en"


def default_feeds() -> list[DefaultFeed]:
    raw = resources.files("newsprism").joinpath("data/default_feeds.toml").read_text(encoding="utf-8")
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"bundled default_feeds.toml is invalid: {e}") from e
    sources = data.get("sources", {})
    out = []
    for f in data.get("feed", []):
        out.append(
            DefaultFeed(
                url=f["url"],
                outlet=f["outlet"],
                country=f["country"],
                title=f.get("title", f["outlet"]),
                source=sources.get(f["source"], f["source"]),
                language=f.get("language", "en"),
            )
        )
    return out
