"""One Settings object: defaults < assay.toml < ASSAY_* environment < CLI flags."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import Field, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from assay.errors import ConfigError

SECRET_FIELDS = frozenset({"api_key", "smtp_password", "secret_key"})


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
    quick_check: Literal["auto", "always", "never"] = Field(
        "auto",
        description="When to run SQLite's PRAGMA quick_check on opening the database: auto "
        "(commands that write always, reads when the file is under 64 MB), always, never.",
    )
    # Fetching
    user_agent: str = Field(
        "assay/0.1 (self-hosted news intelligence; respects robots.txt)",
        description="User-Agent sent with every HTTP request.",
    )
    fetch_timeout: float = Field(
        15.0,
        gt=0,
        description="Seconds one fetch may take in all, redirects and a slow body included.",
    )
    fetch_max_bytes: int = Field(
        10_000_000, description="Largest response body accepted, after decompression, in bytes."
    )
    fetch_max_redirects: int = Field(5, description="Most redirects followed for one request.")
    allow_private: bool = Field(
        False, description="Allow fetching private, loopback and link-local addresses."
    )
    fetch_max_retry_wait: float = Field(
        10.0,
        ge=0,
        description="Longest Retry-After (429/503), in seconds, waited out before one retry; "
        "a longer one fails the fetch and delays that feed's next poll.",
    )
    respect_robots: bool = Field(True, description="Obey robots.txt for our user agent.")
    # Feeds
    feed_concurrency: int = Field(8, description="Feeds polled at the same time.")
    feed_interval: int = Field(1800, description="Seconds between polls of a healthy feed.")
    feed_max_backoff: int = Field(
        86_400, description="Longest wait, in seconds, after repeated errors."
    )
    max_feed_items: int = Field(
        1000, ge=1, description="Most items read from one feed or sitemap; the rest are skipped."
    )
    max_sitemap_children: int = Field(
        20, ge=0, description="Most child sitemaps fetched from a sitemap index (newest first)."
    )
    feed_lease_seconds: int = Field(
        600,
        ge=1,
        description="Seconds a worker's claim on a feed lasts while it polls; a feed whose "
        "worker died is polled by another once the claim lapses.",
    )
    # Files
    max_file_bytes: int = Field(
        50_000_000,
        description="Largest input file read, in bytes (uncompressed); larger files are refused.",
    )
    max_mail_messages: int = Field(
        10_000, ge=1, description="Most messages read from one mailbox; the rest are reported."
    )
    max_title_chars: int = Field(
        500, ge=10, description="Longest title kept, in characters; longer ones are cut."
    )
    max_text_chars: int = Field(
        200_000,
        ge=100,
        description="Longest article text or text page kept, in characters; the rest is cut.",
    )
    max_html_chars: int = Field(
        5_000_000, ge=1000, description="Longest HTML page read, in characters; the rest is cut."
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
    # Web: `assay serve`
    serve_host: str = Field(
        "127.0.0.1", description="Address `assay serve` binds to (loopback unless told otherwise)."
    )
    serve_port: int = Field(8000, ge=0, le=65535, description="Port `assay serve` listens on.")
    api_read_requires_key: bool = Field(
        False, description="Require an API key (any role) to read through the REST API."
    )
    rate_limit_search: float = Field(
        120.0,
        ge=0,
        description="Searches per minute one client or key may run (bursts up to a third "
        "of it); 0 turns the limit off.",
    )
    rate_limit_write: float = Field(
        30.0,
        ge=0,
        description="Writes per minute (feeds, keys, polls) one client or key may send; "
        "0 turns the limit off.",
    )
    # Delivery: digests, alerts, Atom feeds out and `assay run`
    public_url: str = Field(
        "http://127.0.0.1:8000",
        description="Base URL of the web UI as readers reach it; links in e-mails and Atom "
        "feeds start with it.",
    )
    mail_from: str = Field(
        "assay <assay@localhost>",
        description="From address of digests, confirmations and alert e-mails.",
    )
    smtp_host: str = Field("localhost", description="SMTP server that sends e-mail.")
    smtp_port: int = Field(25, ge=0, le=65535, description="SMTP server port (465 for tls).")
    smtp_security: Literal["none", "starttls", "tls"] = Field(
        "none",
        description="none (plain), starttls (upgrade after connecting) or tls (implicit TLS).",
    )
    smtp_username: str | None = Field(
        None, description="SMTP login; the password comes from ASSAY_SMTP_PASSWORD."
    )
    smtp_timeout: float = Field(30.0, gt=0, description="Seconds before an SMTP command times out.")
    smtp_ca_file: Path | None = Field(
        None, description="PEM file of CA certificates to trust for SMTP TLS (default: system's)."
    )
    mail_connections: int = Field(
        4, ge=1, le=32, description="SMTP connections digests are sent over at once."
    )
    mail_max_attempts: int = Field(
        6, ge=1, description="Attempts at one message after temporary (4xx) failures."
    )
    mail_retry_base: float = Field(
        300.0,
        ge=0,
        description="Seconds before retrying a temporarily refused message; doubles each time.",
    )
    policy_version: str = Field(
        "1", description="Version of the privacy policy recorded with each subscriber's consent."
    )
    confirm_link_hours: int = Field(
        48, ge=1, description="Hours a subscription confirmation link stays valid."
    )
    manage_link_days: int = Field(
        90, ge=1, description="Days a preferences link in an e-mail stays valid."
    )
    digest_hour: int = Field(
        7, ge=0, le=23, description="Local hour new subscribers get their digest at."
    )
    digest_timezone: str = Field(
        "UTC", description="IANA time zone of new subscribers (e.g. Europe/Berlin)."
    )
    digest_max_stories: int = Field(12, ge=1, description="Most stories in one digest.")
    digest_lookback_hours: int = Field(
        36,
        ge=1,
        description="Hours before the delivery time a digest's stories may be from (stories "
        "sent before are left out).",
    )
    webhook_timeout: float = Field(
        10.0, gt=0, description="Seconds before a webhook POST times out."
    )
    webhook_max_attempts: int = Field(
        8, ge=1, description="Attempts at one webhook notification before giving up."
    )
    webhook_retry_base: float = Field(
        30.0, ge=0, description="Seconds before retrying a failed webhook; doubles each time."
    )
    run_interval: float = Field(
        60.0,
        gt=0,
        description="Seconds `assay run` sleeps between rounds (poll due feeds, fire alerts, "
        "send due digests).",
    )
    log_format: Literal["text", "json"] = Field(
        "text", description="Log lines of `assay run`: text, or one JSON object per line."
    )
    # Secrets: only from the environment or a secrets file, masked in `assay config`.
    api_key: str | None = Field(
        None,
        description="A bootstrap admin key for the REST API, besides keys from `assay keys "
        "create` (secret).",
    )
    smtp_password: str | None = Field(
        None, description="SMTP password (with `smtp_username`) for sending e-mail (secret)."
    )
    secret_key: str | None = Field(
        None,
        description="Signs subscription links and webhook bodies: a long random string (secret).",
    )

    @field_validator("digest_timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"expected an IANA time zone like Europe/Berlin, not {value!r}"
            ) from None
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = _TomlWithoutSecrets(settings_cls, toml_file=config_file())
        return (init_settings, env_settings, file_secret_settings, toml)

    @property
    def url(self) -> str:
        """The SQLAlchemy URL of the store."""
        return self.database_url or f"sqlite:///{self.db}"


class _TomlWithoutSecrets(TomlConfigSettingsSource):
    """assay.toml, refusing secrets: they belong in the environment (or a secrets file)."""

    def __call__(self) -> dict[str, Any]:
        data = super().__call__()
        found = sorted(SECRET_FIELDS & set(data))
        if found:
            name = found[0]
            raise ConfigError(
                f"{config_file()} sets the secret '{name}'; remove it there and set "
                f"ASSAY_{name.upper()} in the environment instead."
            )
        return data


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
