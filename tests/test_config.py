from pathlib import Path

import pytest
from pydantic import ValidationError

from waybill_ui.config import Secrets, load_settings


def test_defaults_follow_the_contract(data_dir: Path, monkeypatch: pytest.MonkeyPatch):
    settings = load_settings()
    assert settings.host == "0.0.0.0"
    assert settings.port == 8080
    assert settings.tracking_provider == "sandbox"
    assert settings.data_dir == data_dir.resolve()
    assert settings.db_url == f"sqlite:///{data_dir.resolve() / 'waybill.db'}"
    assert settings.sandbox_seed == 0 and settings.sandbox_speed == 1.0 and settings.sandbox_faults == ""
    assert settings.kdniao_request_type == "1002"


def test_environment_and_env_file(data_dir: Path, monkeypatch: pytest.MonkeyPatch):
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / ".env").write_text("WAYBILL_PORT=9001\nWAYBILL_SANDBOX_SPEED=60\nWAYBILL_KUAIDI100_KEY=abc\n")
    monkeypatch.setenv("WAYBILL_PORT", "9002")  # the environment wins over the file
    settings = load_settings()
    assert settings.port == 9002
    assert settings.sandbox_speed == 60
    assert settings.kuaidi100_key == "abc"


def test_unknown_provider_is_refused(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("WAYBILL_TRACKING_PROVIDER", "fedex")
    with pytest.raises(ValidationError):
        load_settings()


def test_secrets_generated_once_and_kept(data_dir: Path):
    first = load_settings().secrets
    second = load_settings().secrets
    assert first.storage_secret == second.storage_secret
    assert len(first.storage_secret) >= 32
    assert (data_dir / Secrets.FILE).stat().st_mode & 0o077 == 0  # not readable by others
    other = Secrets.load_or_create(data_dir.parent / "elsewhere")
    assert other.storage_secret != first.storage_secret
