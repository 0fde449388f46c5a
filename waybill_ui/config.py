"""All settings in one place: environment variables, then `<data dir>/.env`, then defaults.

The names are the contract listed in the README's settings table (prefix ``WAYBILL_``).
"""

from __future__ import annotations

import json
import os
import secrets
from functools import cached_property
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

KUAIDI100_DEFAULT_URL = "https://poll.kuaidi100.com/poll/query.do"
KDNIAO_DEFAULT_URL = "https://api.kdniao.com/Ebusiness/EbusinessOrderHandle.aspx"
KDNIAO_EORDER_DEFAULT_URL = "https://api.kdniao.com/api/EOrderService"
KUAIDI100_LABEL_DEFAULT_URL = "https://api.kuaidi100.com/label/order"
KUAIDI100_SUBSCRIBE_DEFAULT_URL = "https://poll.kuaidi100.com/poll"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WAYBILL_", extra="ignore", env_file_encoding="utf-8")

    data_dir: Path = Path("./data")
    database_url: str | None = None
    host: str = "0.0.0.0"
    port: int = 8080

    tracking_provider: str = "sandbox"
    kuaidi100_customer: str | None = None
    kuaidi100_key: str | None = None
    kuaidi100_url: str = KUAIDI100_DEFAULT_URL
    kdniao_business_id: str | None = None
    kdniao_api_key: str | None = None
    kdniao_url: str = KDNIAO_DEFAULT_URL
    kdniao_request_type: str = "1002"
    # E-waybill (电子面单) endpoints; the accounts themselves live in the database.
    kdniao_eorder_url: str = KDNIAO_EORDER_DEFAULT_URL
    kuaidi100_label_url: str = KUAIDI100_LABEL_DEFAULT_URL
    # Push tracking (docs/tracking.md): None = on for the embedded network, off for real providers
    # (a laptop on a shop LAN is usually not reachable from the internet).
    tracking_push: bool | None = None
    kuaidi100_subscribe_url: str = KUAIDI100_SUBSCRIBE_DEFAULT_URL
    kuaidi100_salt: str | None = None  # signs Kuaidi100's callbacks; generated and kept secret when unset

    sandbox_seed: int = 0
    sandbox_speed: float = 1.0
    sandbox_faults: str = ""
    # Where the app reaches the embedded network; empty means this process at its own port.
    sandbox_url: str | None = None

    # The outbound HTTP client used for every provider call.
    http_timeout_s: float = 10.0
    http_max_connections: int = 50
    http_retries: int = 3

    # Alerts by e-mail (issue 22, docs/alert-channels.md): the shop's outgoing mail server.
    smtp_host: str = ""
    smtp_port: int = 465
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_from: str = ""
    smtp_security: str = "ssl"  # ssl (port 465), starttls (587) or none (a server on the LAN)

    upload_limit_mb: int = 256  # a large shop's order export is 200 MB and more; uploads stream to disk
    # Security (docs/security.md): how long a browser login lasts, how long a new API token
    # works, and extra origins (e.g. "https://shop.example") allowed to send cookie-authenticated
    # changes besides the app's own address.
    session_hours: int = Field(default=168, ge=1)
    api_token_days: int = Field(default=90, ge=1)
    allowed_origins: str = ""
    # Off only in tests that drive the jobs themselves.
    jobs_enabled: bool = True
    public_url: str | None = Field(default=None, description="Address printed in the setup link")

    @field_validator("tracking_provider")
    @classmethod
    def _known_provider(cls, value: str) -> str:
        from waybill_ui.carriers import registry  # the providers declare themselves there

        value = value.strip().lower()
        if value not in registry.available():
            raise ValueError(f"WAYBILL_TRACKING_PROVIDER must be one of {', '.join(registry.available())}")
        return value

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'waybill.db').resolve()}"

    @property
    def db_path(self) -> Path | None:
        """The SQLite file behind `db_url`, or None for another database."""
        url = self.db_url
        if url.startswith("sqlite:///"):
            return Path(url.removeprefix("sqlite:///"))
        return None

    @property
    def storage_path(self) -> Path:
        return self.data_dir / ".nicegui"

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    @cached_property
    def secrets(self) -> "Secrets":
        return Secrets.load_or_create(self.data_dir)

    @property
    def push_enabled(self) -> bool:
        if self.tracking_push is not None:
            return self.tracking_push
        return self.tracking_provider == "sandbox"

    @property
    def push_salt(self) -> str:
        return self.kuaidi100_salt or self.secrets.kuaidi100_salt

    def base_url(self) -> str:
        if self.public_url:
            return self.public_url.rstrip("/")
        host = "localhost" if self.host in {"0.0.0.0", "::", ""} else self.host
        return f"http://{host}:{self.port}"


class Secrets:
    """Secrets generated on first start and kept in the data dir (never in code or in git)."""

    FILE = "secrets.json"

    def __init__(self, values: dict[str, str]):
        self.storage_secret: str = values["storage_secret"]
        self.sandbox_customer: str = values["sandbox_customer"]
        self.sandbox_key: str = values["sandbox_key"]
        self.kuaidi100_salt: str = values["kuaidi100_salt"]

    @classmethod
    def load_or_create(cls, data_dir: Path) -> "Secrets":
        path = data_dir / cls.FILE
        values: dict[str, str] = {}
        if path.exists():
            values = json.loads(path.read_text(encoding="utf-8"))
        wanted = {
            "storage_secret": lambda: secrets.token_urlsafe(32),
            "sandbox_customer": lambda: "SANDBOX" + secrets.token_hex(4).upper(),
            "sandbox_key": lambda: secrets.token_hex(16),
            "kuaidi100_salt": lambda: secrets.token_hex(16),
        }
        missing = {k: make() for k, make in wanted.items() if k not in values}
        if missing:
            values.update(missing)
            data_dir.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(values, indent=2), encoding="utf-8")
            os.chmod(tmp, 0o600)
            tmp.replace(path)
        return cls(values)


def load_settings(**overrides) -> Settings:
    """Read the environment, then the `.env` inside the data dir it names."""
    data_dir = Path(overrides.get("data_dir") or os.environ.get("WAYBILL_DATA_DIR") or "./data")
    env_file = data_dir / ".env"
    settings = Settings(_env_file=env_file if env_file.exists() else None, **overrides)
    settings.data_dir = settings.data_dir.resolve()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    from waybill_ui.file_modes import make_private

    make_private(settings.data_dir, settings.db_path)
    return settings
