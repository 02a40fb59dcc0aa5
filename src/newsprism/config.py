"""Configuration: one TOML file whose sections mirror the CLI commands, plus environment.

Precedence, lowest first: built-in defaults, the TOML file (``--config``, ``NEWSPRISM_CONFIG`` or
``<config dir>/newsprism.toml``), ``NEWSPRISM_*`` environment variables, command-line options.
An unknown section or key is an error that names it.

Environment variables: ``NEWSPRISM_DB`` (database URL or path), ``NEWSPRISM_CONFIG``,
``NEWSPRISM_DATA_DIR`` and ``NEWSPRISM_<SECTION>_<KEY>`` for any key below, for example
``NEWSPRISM_IMPORT_MAX_FILE_MB=50``.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError

APP_NAME = "newsprism"


@dataclass(frozen=True)
class ImportSettings:
    """``[import]``: file import."""

    max_file_mb: float = 64.0
    """Files larger than this are skipped (JSONL and WARC are streamed and exempt)."""
    min_words: int = 40
    """Texts with fewer words than this are skipped as 'too short'."""
    max_record_mb: float = 10.0
    """Largest single record: a text, Markdown or HTML file, a JSON record, a JSONL line or a WARC
    record's HTML body; a larger one fails alone with its reason and the import goes on."""
    max_depth: int = 64
    """Deepest nesting of JSON arrays/objects or YAML front matter in one record."""
    max_decompressed_mb: float = 2048.0
    """Most a compressed file (.warc.gz, .jsonl.gz, .json.gz) may decompress to (a gzip bomb stops
    here; raise it for larger WARC archives)."""


@dataclass(frozen=True)
class FetchSettings:
    """``[fetch]``: how feeds and pages are fetched."""

    user_agent: str = "newsprism/0.1 (+https://github.com/newsprism/newsprism; self-hosted news reader)"
    """The User-Agent every request identifies itself with."""
    timeout_s: float = 20.0
    """Seconds a whole request (connect, headers and body) may take."""
    max_bytes: int = 10_000_000
    """Largest response body accepted, after decompression; larger ones are cut off and refused."""
    max_redirects: int = 5
    """Redirects followed before a fetch fails."""
    per_host_concurrency: int = 2
    """Requests in flight to one host at a time."""
    concurrency: int = 16
    """Requests in flight in all."""
    politeness_delay_s: float = 1.0
    """Pause between two requests to the same host."""
    retries: int = 2
    """Retries (with backoff) after a timeout or a 5xx answer."""
    allow_private: bool = False
    """Allow fetching private, loopback and link-local addresses (off: they are refused)."""
    allowed_hosts: tuple[str, ...] = ()
    """Hosts or IPs allowed even when private (for example '127.0.0.1')."""
    respect_robots: bool = True
    """Obey robots.txt when fetching article pages for summary-only feeds."""


@dataclass(frozen=True)
class UpdateSettings:
    """``[update]``: polling feeds."""

    default_interval_min: int = 30
    """Minutes between polls of a feed (a feed's own interval wins; errors back off from it)."""
    fetch_full_articles: bool = True
    """Fetch the article page when a feed entry carries only a summary (robots.txt respected)."""
    analyse: bool = True
    """Analyse the stories an update touched, within ``analysis_budget_s`` (false: only on first
    view or by ``newsprism run`` between polls, then cached)."""
    analysis_budget_s: float = 30.0
    """With ``analyse``: seconds an update may spend analysing the stories it touched, the most
    covered and most recent first; the rest stay pending and ``newsprism run`` analyses them
    between polls (a story's page also analyses it on first view). 0: none during the update."""


@dataclass(frozen=True)
class GroupSettings:
    """``[group]``: story grouping."""

    window_days: float = 4.0
    """Stories older than this (by last article) are no longer candidates for new articles."""
    model: str = "minilm"
    """Embedding model for grouping: "minilm" (English, fast) or "multilingual-e5" (groups reports
    of one event across languages, ~6x the CPU; pip install 'newsprism[multilingual]'). After a
    change, run `newsprism regroup`."""


@dataclass(frozen=True)
class ServeSettings:
    """``[serve]``: the web server."""

    host: str = "127.0.0.1"
    """Address the web server listens on; beyond localhost, changes need the token."""
    port: int = 8765
    """Port the web server listens on."""
    token: str = ""
    """Token for write actions when listening beyond localhost (generated and stored if empty)."""
    allowed_hosts: tuple[str, ...] = ()
    """Host names the server answers besides localhost, IP addresses and ``host`` (others get 421,
    which stops DNS rebinding): the name(s) users reach it by through a reverse proxy or DNS, for
    example "news.example.org"; ".example.org" allows a domain and its subdomains, "*" any."""


@dataclass(frozen=True)
class OutletOverride:
    """A user's own verdict on an outlet, which wins over every rater."""

    lean: str | None = None
    """left, lean left, center, lean right, right (or mixed, satire...)."""
    factual: str | None = None
    """Factual-reporting verdict (very high ... very low)."""
    name: str | None = None
    """Display name."""
    owner: str | None = None
    """Owner, shown beside the outlet."""
    note: str | None = None
    """Why you set this (shown beside the override)."""


@dataclass(frozen=True)
class Settings:
    """All settings. Build with :func:`load_settings`."""

    db: str = ""
    """SQLAlchemy URL or a file path; empty means ``<data dir>/newsprism.db``."""
    data_dir: str = ""
    """Folder for the database, tokens and caches; empty means the user data directory."""
    import_: ImportSettings = field(default_factory=ImportSettings)
    fetch: FetchSettings = field(default_factory=FetchSettings)
    update: UpdateSettings = field(default_factory=UpdateSettings)
    group: GroupSettings = field(default_factory=GroupSettings)
    serve: ServeSettings = field(default_factory=ServeSettings)
    outlets: Mapping[str, OutletOverride] = field(default_factory=dict)

    @property
    def data_path(self) -> Path:
        if self.data_dir:
            return Path(self.data_dir).expanduser()
        from platformdirs import user_data_dir

        return Path(user_data_dir(APP_NAME, appauthor=False))

    @property
    def db_url(self) -> str:
        return db_url(self.db or str(self.data_path / "newsprism.db"))


_SECTIONS: dict[str, tuple[str, type]] = {
    "import": ("import_", ImportSettings),
    "fetch": ("fetch", FetchSettings),
    "update": ("update", UpdateSettings),
    "group": ("group", GroupSettings),
    "serve": ("serve", ServeSettings),
}


def setting_docs() -> dict[str, str]:
    """Every setting as ``section.key`` with its help text (from the attribute docstrings)."""
    import ast
    import inspect

    docs: dict[str, str] = {}
    classes = {cls.__name__: name for name, (_a, cls) in _SECTIONS.items()}
    classes["Settings"] = ""
    classes["OutletOverride"] = 'outlets."<domain>"'
    tree = ast.parse(inspect.getsource(inspect.getmodule(Settings)))  # type: ignore[arg-type]
    for node in tree.body:
        if not (isinstance(node, ast.ClassDef) and node.name in classes):
            continue
        prefix = classes[node.name]
        body = node.body
        for i, stmt in enumerate(body):
            if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                key = stmt.target.id
                if node.name == "Settings" and key not in {"db", "data_dir"}:
                    continue  # the sections themselves
                nxt = body[i + 1] if i + 1 < len(body) else None
                doc = ""
                if isinstance(nxt, ast.Expr) and isinstance(nxt.value, ast.Constant):
                    doc = " ".join(str(nxt.value.value).split())
                docs[f"{prefix}.{key}" if prefix else key] = doc
    return docs


def db_url(value: str) -> str:
    """Turn a path or URL into a SQLAlchemy URL (a bare path means a SQLite file)."""
    if "://" in value:
        return value
    return "sqlite:///" + str(Path(value).expanduser().resolve())


def default_config_path() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False)) / "newsprism.toml"


def _coerce(section: str, key: str, ftype: Any, value: Any) -> Any:
    want = ftype if isinstance(ftype, type) else None
    text = str(ftype)
    try:
        if want is bool or text == "bool":
            if isinstance(value, str):
                low = value.strip().lower()
                if low in {"1", "true", "yes", "on"}:
                    return True
                if low in {"0", "false", "no", "off"}:
                    return False
                raise ValueError(value)
            return bool(value)
        if want is int or text == "int":
            return int(value)
        if want is float or text == "float":
            return float(value)
        if "tuple" in text:
            if isinstance(value, str):
                return tuple(v.strip() for v in value.split(",") if v.strip())
            return tuple(str(v) for v in value)
        return str(value)
    except (TypeError, ValueError) as e:
        raise ConfigError(f"[{section}] {key}: invalid value {value!r}") from e


def _build(section: str, cls: type, values: Mapping[str, Any]) -> Any:
    fields = {f.name: f for f in dataclasses.fields(cls)}
    kwargs = {}
    for key, value in values.items():
        if key not in fields:
            raise ConfigError(f"unknown setting [{section}] {key!r}; known: {', '.join(sorted(fields))}")
        kwargs[key] = _coerce(section, key, fields[key].type, value)
    return cls(**kwargs)


def load_settings(
    path: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    **overrides: Any,
) -> Settings:
    """Read settings from the TOML file and the environment; ``overrides`` win (e.g. db=...)."""
    env = os.environ if env is None else env
    explicit = path or env.get("NEWSPRISM_CONFIG")
    cfg_path = Path(explicit).expanduser() if explicit else default_config_path()
    raw: dict[str, Any] = {}
    if cfg_path.exists():
        try:
            raw = tomllib.loads(cfg_path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
            raise ConfigError(f"cannot read config {cfg_path}: {e}") from e
    elif explicit:
        raise ConfigError(f"config file not found: {cfg_path}")
    return settings_from_mapping(raw, env, **overrides)


def settings_from_mapping(
    raw: Mapping[str, Any], env: Mapping[str, str] | None = None, **overrides: Any
) -> Settings:
    env = {} if env is None else env
    sections: dict[str, dict[str, Any]] = {name: {} for name in _SECTIONS}
    top: dict[str, Any] = {}
    outlets: dict[str, OutletOverride] = {}
    for key, value in raw.items():
        if key in _SECTIONS:
            if not isinstance(value, dict):
                raise ConfigError(f"[{key}] must be a table")
            sections[key].update(value)
        elif key == "outlets":
            if not isinstance(value, dict):
                raise ConfigError("[outlets] must be a table of domains")
            for domain, ov in value.items():
                if not isinstance(ov, dict):
                    raise ConfigError(f"[outlets.{domain!r}] must be a table")
                outlets[domain.lower()] = _build(f"outlets.{domain}", OutletOverride, ov)
        elif key in {"db", "data_dir"}:
            top[key] = str(value)
        else:
            raise ConfigError(f"unknown config section or key {key!r}")
    for name, (_attr, cls) in _SECTIONS.items():
        prefix = f"NEWSPRISM_{name.upper()}_"
        for fld in dataclasses.fields(cls):
            var = prefix + fld.name.upper()
            if var in env:
                sections[name][fld.name] = env[var]
    if env.get("NEWSPRISM_DB"):
        top["db"] = env["NEWSPRISM_DB"]
    if env.get("NEWSPRISM_DATA_DIR"):
        top["data_dir"] = env["NEWSPRISM_DATA_DIR"]
    for key, value in overrides.items():
        if value is None:
            continue
        if key not in {"db", "data_dir"}:
            raise ConfigError(f"unknown override {key!r}")
        top[key] = str(value)
    built = {attr: _build(name, cls, sections[name]) for name, (attr, cls) in _SECTIONS.items()}
    return Settings(outlets=outlets, **top, **built)
