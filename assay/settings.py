"""One Settings object: defaults < assay.toml < ASSAY_* environment < CLI flags."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import platformdirs
from pydantic import Field, ValidationError
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from assay.errors import ConfigError

SECRET_FIELDS = frozenset({"api_key", "smtp_password"})


def default_db_path() -> Path:
    return Path(platformdirs.user_data_dir("assay")) / "assay.db"


def default_model_dir() -> Path:
    return Path(platformdirs.user_data_dir("assay")) / "models"


def config_file() -> Path:
    """The TOML file read for settings: $ASSAY_CONFIG, else ./assay.toml."""
    return Path(os.environ.get("ASSAY_CONFIG", "assay.toml"))


class Settings(BaseSettings):
    """Every knob assay has. Each field: type, default, one line of help (its description)."""

    model_config = SettingsConfigDict(env_prefix="ASSAY_", extra="forbid", validate_default=True)

    db: Path = Field(default_factory=default_db_path, description="SQLite database file.")
    database_url: str | None = Field(
        None,
        description="Database URL (e.g. postgresql://user@host/assay, for PostgreSQL with "
        "pgvector); overrides `db`.",
    )
    # Fetching
    user_agent: str = Field(
        "assay/0.1 (self-hosted news intelligence; respects robots.txt)",
        description="User-Agent sent with every HTTP request.",
    )
    fetch_timeout: float = Field(15.0, description="Seconds before an HTTP request times out.")
    fetch_max_bytes: int = Field(
        10_000_000, description="Largest response body accepted, after decompression, in bytes."
    )
    fetch_max_redirects: int = Field(5, description="Most redirects followed for one request.")
    allow_private: bool = Field(
        False, description="Allow fetching private, loopback and link-local addresses."
    )
    respect_robots: bool = Field(True, description="Obey robots.txt for our user agent.")
    # Feeds
    feed_concurrency: int = Field(8, description="Feeds polled at the same time.")
    feed_interval: int = Field(1800, description="Seconds between polls of a healthy feed.")
    feed_max_backoff: int = Field(
        86_400, description="Longest wait, in seconds, after repeated errors."
    )
    feed_lease_seconds: int = Field(
        600,
        ge=1,
        description="Seconds a worker's claim on a feed lasts while it polls; a feed whose "
        "worker died is polled by another once the claim lapses.",
    )
    # Files
    max_file_bytes: int = Field(
        50_000_000, description="Largest input file read, in bytes; larger files are refused."
    )
    # Extraction / enrichment
    min_text_chars: int = Field(
        80, description="Articles with less extracted text than this are rejected as empty."
    )
    languages: list[str] = Field(
        default_factory=lambda: ["en", "fr", "de", "es", "pt", "it", "zh", "ja", "ru", "id"],
        description="ISO 639-1 languages the detector chooses among (fewer is faster).",
    )
    enrich: bool = Field(True, description="Run sector, entity and fact enrichment at ingest.")
    sector_threshold: float = Field(
        0.5, description="Calibrated score above which a sector is assigned."
    )
    max_sectors: int = Field(
        3, ge=1, le=9, description="Most sectors assigned to one article (best scores first)."
    )
    enrich_workers: int = Field(
        0, ge=0, description="Processes for enrichment of large batches; 0 = one per CPU core."
    )
    # Embeddings and near-duplicate clustering
    model_dir: Path = Field(
        default_factory=default_model_dir,
        description="Folder holding built models (the fast embedder: `assay embed build-model`).",
    )
    embed_at_ingest: bool = Field(
        True, description="Embed new articles with the fast model at ingest, if it is built."
    )
    dedupe_threshold: float = Field(
        0.3,
        description="MinHash LSH threshold for near-duplicate candidates (0-1); changing it "
        "needs the stored band keys rebuilt.",
    )
    dedupe_jaccard: float = Field(
        0.4, description="Estimated Jaccard (word 5-shingles) a candidate needs to join a story."
    )
    developing_story_days: int = Field(
        14, description="Days within which articles on the same event form one developing story."
    )
    # Secrets: only from the environment or a secrets file, masked in `assay config`.
    api_key: str | None = Field(
        None, description="API key the REST API (not built yet) will require for writes (secret)."
    )
    smtp_password: str | None = Field(
        None, description="SMTP password for e-mail digests (not built yet; secret)."
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = TomlConfigSettingsSource(settings_cls, toml_file=config_file())
        return (init_settings, env_settings, file_secret_settings, toml)

    @property
    def url(self) -> str:
        """The SQLAlchemy URL of the store."""
        return self.database_url or f"sqlite:///{self.db}"


def load_settings(**overrides: Any) -> Settings:
    """Build Settings once at the edge; CLI flags come in as overrides (None means unset)."""
    given = {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings(**given)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"]) or "settings"
        if err["type"] == "extra_forbidden":
            raise ConfigError(f"Unknown setting '{loc}' in {config_file()}.") from None
        key = f"ASSAY_{loc.upper()}"
        value = err.get("input")
        raise ConfigError(f"{key} is {value!r}; {err['msg'].lower()}.") from None
    except (OSError, ValueError) as exc:
        raise ConfigError(f"Cannot read {config_file()}: {exc}") from None


def describe_settings(settings: Settings) -> list[dict[str, Any]]:
    """Each setting with its value, origin and help; secrets masked."""
    toml_path = config_file()
    toml_keys: set[str] = set()
    if toml_path.is_file():
        import tomllib

        with toml_path.open("rb") as fh:
            toml_keys = set(tomllib.load(fh))
    rows = []
    for name, info in Settings.model_fields.items():
        value = getattr(settings, name)
        if f"ASSAY_{name.upper()}" in os.environ:
            origin = "env"
        elif name in toml_keys:
            origin = str(toml_path)
        elif name in settings.model_fields_set:
            origin = "flag"
        else:
            origin = "default"
        if name in SECRET_FIELDS and value:
            value = "********"
        elif isinstance(value, Path):
            value = str(value)
        rows.append({"name": name, "value": value, "origin": origin, "help": info.description})
    return rows
