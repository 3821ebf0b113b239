"""Settings read from the environment, with safe local defaults, in one object."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

ENV_PREFIX = "NUCSEC_"


class Settings(BaseModel):
    """Each field can be set by the environment variable `NUCSEC_<FIELD>` (any case); values
    given to the constructor win. A plain model, not pydantic-settings: that package costs
    every command's start-up about 80 ms of imports for what the validator below does."""

    model_config = ConfigDict(extra="ignore")

    data_dir: Path = Field(default=Path("data"), description="Local folder for SQLite and files.")
    database_url: str | None = Field(default=None, description="SQLAlchemy URL; SQLite if unset.")
    secret_key: str | None = Field(default=None, description="Signs sessions; made if unset.")
    secure_cookies: bool = Field(
        default=False, description="Send the session cookie over HTTPS only (set behind TLS)."
    )
    login_max_failures: int = Field(
        default=5, ge=1, description="Failed logins per user name, within the window, that lock it."
    )
    login_address_max_failures: int = Field(
        default=20, ge=1, description="Failed logins from one client address that lock it."
    )
    login_window_seconds: int = Field(
        default=900, ge=1, description="The window in which failed logins are counted."
    )
    login_lockout_seconds: int = Field(
        default=900, ge=1, description="How long a locked user name or address is refused."
    )
    signing_key_passphrase: str | None = Field(
        default=None, description="Opens the release-signing key, if it has a passphrase."
    )
    import_max_bytes: int = Field(
        default=10_000_000, ge=1, description="Largest CSV or YAML import file, in bytes."
    )
    import_max_rows: int = Field(
        default=20_000, ge=1, description="Most rows (items, findings, records) in one import file."
    )
    max_upload_mb: int = Field(
        default=20,
        ge=1,
        le=1000,
        description="Largest file attached to an evidence record, in MB (10^6 bytes).",
    )
    max_request_bytes: int = Field(
        default=2_000_000,
        ge=1024,
        description="Largest request body the web server reads; larger ones get a 413.",
    )

    concurrent_reads: int = Field(
        default=4,
        ge=1,
        le=200,
        description=(
            "Page and API reads one server process runs at once (writes are never held back)."
            " Python runs one thread at a time, so on SQLite more only take turns; raise it on"
            " PostgreSQL over a slow network, where reads wait on the database."
        ),
    )

    @model_validator(mode="before")
    @classmethod
    def _from_environment(cls, given: Any) -> Any:
        if not isinstance(given, dict):
            return given
        found: dict[str, str] = {}
        for key, value in os.environ.items():
            name = key.lower().removeprefix(ENV_PREFIX.lower())
            if key.upper().startswith(ENV_PREFIX) and name in cls.model_fields:
                found[name] = value
        return {**found, **given}

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_mb * 1_000_000

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'nucsec.db').resolve()}"

    @property
    def resolved_secret_key(self) -> str:
        """The configured key, or one generated once and kept in the data folder (mode 600)."""
        if self.secret_key:
            return self.secret_key
        path = self.data_dir / "secret_key"
        if not path.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48), encoding="utf-8")
            path.chmod(0o600)
        return path.read_text(encoding="utf-8").strip()

    def derived_key(self, purpose: str) -> bytes:
        """A key for one purpose (audit chain, backup signature), derived from the secret key.

        It lives where the secret key lives, outside the database: whoever can edit the
        database alone cannot forge what it signs.
        """
        return derive_key(self.resolved_secret_key, purpose)


def derive_key(secret: str, purpose: str) -> bytes:
    return hmac.new(secret.encode("utf-8"), f"nucsec:{purpose}".encode(), hashlib.sha256).digest()


def get_settings() -> Settings:
    """Fresh settings from the current environment (cheap; tests change the environment)."""
    return Settings()
