"""Settings: precedence defaults < assay.toml < ASSAY_* env < flags, and every knob documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from assay.errors import ConfigError
from assay.settings import Settings, load_settings


@pytest.fixture
def toml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "assay.toml"
    monkeypatch.setenv("ASSAY_CONFIG", str(path))
    monkeypatch.delenv("ASSAY_FETCH_TIMEOUT", raising=False)
    return path


def test_every_setting_has_help() -> None:
    undocumented = [n for n, f in Settings.model_fields.items() if not f.description]
    assert undocumented == []


def test_readme_documents_every_setting() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    rows = {
        line.split("|")[1].strip(" `"): line for line in readme.splitlines() if "| `ASSAY_" in line
    }
    stale = []
    for name, field in Settings.model_fields.items():
        row = rows.get(f"ASSAY_{name.upper()}", "")
        default = field.default
        # The table must carry the current help text and, for plain defaults, the value.
        if field.description not in row or (
            field.default_factory is None and default is not None and f"`{default}`" not in row
        ):
            stale.append(name)
    assert stale == []


def test_toml_overrides_default_and_env_overrides_toml(
    toml: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    toml.write_text("fetch_timeout = 4.5\nfeed_concurrency = 3\n")
    assert load_settings().fetch_timeout == 4.5
    monkeypatch.setenv("ASSAY_FETCH_TIMEOUT", "9")
    settings = load_settings()
    assert (settings.fetch_timeout, settings.feed_concurrency) == (9.0, 3)
    assert load_settings(fetch_timeout=1.0).fetch_timeout == 1.0


def test_unknown_toml_key_is_named(toml: Path) -> None:
    toml.write_text("fetch_timout = 3\n")
    with pytest.raises(ConfigError, match="Unknown setting 'fetch_timout'"):
        load_settings()


def test_malformed_toml_is_a_config_error(toml: Path) -> None:
    toml.write_text("fetch_timeout = = 3\n")
    with pytest.raises(ConfigError, match="Cannot read"):
        load_settings()


def test_secrets_in_the_toml_file_are_refused(toml: Path) -> None:
    toml.write_text('secret_key = "abc"\nfetch_timeout = 3\n')
    with pytest.raises(
        ConfigError, match="sets the secret 'secret_key'; remove it there and set ASSAY_SECRET_KEY"
    ):
        load_settings()


def test_an_unknown_digest_time_zone_is_named(monkeypatch: pytest.MonkeyPatch, toml: Path) -> None:
    monkeypatch.setenv("ASSAY_DIGEST_TIMEZONE", "Mars/Olympus")
    with pytest.raises(ConfigError, match="ASSAY_DIGEST_TIMEZONE is 'Mars/Olympus'"):
        load_settings()
