"""Settings read from the environment, with safe local defaults, in one object."""

from __future__ import annotations

import secrets
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NUCSEC_", extra="ignore")

    data_dir: Path = Field(default=Path("data"), description="Local folder for SQLite and files.")
    database_url: str | None = Field(default=None, description="SQLAlchemy URL; SQLite if unset.")
    secret_key: str | None = Field(default=None, description="Signs sessions; made if unset.")
    secure_cookies: bool = Field(
        default=False, description="Send the session cookie over HTTPS only (set behind TLS)."
    )
    max_request_bytes: int = Field(
        default=2_000_000,
        ge=1024,
        description="Largest request body the web server reads; larger ones get a 413.",
    )

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


def get_settings() -> Settings:
    """Fresh settings from the current environment (cheap; tests change the environment)."""
    return Settings()
