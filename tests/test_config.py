from __future__ import annotations

from pathlib import Path

import pytest

from newsprism import ConfigError
from newsprism.config import load_settings, settings_from_mapping


def test_unknown_key_is_named() -> None:
    with pytest.raises(ConfigError, match="'max_fiel_mb'"):
        settings_from_mapping({"import": {"max_fiel_mb": 3}})
    with pytest.raises(ConfigError, match="'bogus'"):
        settings_from_mapping({"bogus": {}})


def test_env_overrides_file(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('db = "/tmp/x.db"\n[import]\nmax_file_mb = 5\n[fetch]\nallowed_hosts = ["127.0.0.1"]\n')
    s = load_settings(cfg, env={"NEWSPRISM_IMPORT_MIN_WORDS": "12"})
    assert s.import_.max_file_mb == 5 and s.import_.min_words == 12
    assert s.fetch.allowed_hosts == ("127.0.0.1",)
    assert s.db_url == "sqlite:////tmp/x.db"
    s = load_settings(cfg, env={"NEWSPRISM_DB": "postgresql://u@h/db"})
    assert s.db_url == "postgresql://u@h/db"


def test_bad_values_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="invalid value"):
        settings_from_mapping({"import": {"min_words": "many"}})
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "nope.toml", env={})
    bad = tmp_path / "bad.toml"
    bad.write_text("[import\n")
    with pytest.raises(ConfigError, match="cannot read config"):
        load_settings(bad, env={})


def test_every_setting_has_help_text() -> None:
    import dataclasses

    from newsprism.config import _SECTIONS, Settings, setting_docs

    docs = setting_docs()
    expected = {f"{name}.{f.name}" for name, (_a, cls) in _SECTIONS.items() for f in dataclasses.fields(cls)}
    expected |= {"db", "data_dir"}
    assert expected <= set(docs), expected - set(docs)
    missing = sorted(k for k, v in docs.items() if not v)
    assert not missing, f"settings without help text: {missing}"
    assert {f.name for f in dataclasses.fields(Settings)} >= {"db", "data_dir"}
