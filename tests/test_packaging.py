"""The README's commands, CI and the Docker image agree with each other and with the settings."""

import re
import tomllib
from pathlib import Path

from waybill_ui.config import Settings

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```bash\n(python3 -m venv[^\n]+)\n```", text)


def test_readme_has_the_run_and_test_commands():
    run, test = readme_commands()[:2]
    assert "pip install -e ." in run and run.endswith("waybill-ui")
    assert "[test]" in test and "pytest" in test


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    test = readme_commands()[1]
    # same steps (CI only adds quiet flags)
    assert test.replace("pip install", "pip install -q").replace("pytest", "pytest -q") in ci
    assert "chromium-driver" in ci


def test_docker_image_matches_the_settings():
    docker = (ROOT / "Dockerfile").read_text()
    defaults = Settings()
    assert f"EXPOSE {defaults.port}" in docker
    assert 'VOLUME ["/data"]' in docker and "WAYBILL_DATA_DIR=/data" in docker
    assert f"127.0.0.1:{defaults.port}/healthz" in docker
    assert "USER waybill" in docker
    # reproducible: pinned base, locked dependencies installed before the source is copied, the app
    # itself installed as a package (not editable) by root, so the runtime user cannot change it
    base = re.search(r"^FROM (\S+)", docker, flags=re.M)[1]
    assert "@sha256:" in base or re.search(r":\d+\.\d+\.\d+", base), base
    assert docker.index("-r /app/requirements.lock") < docker.index("COPY waybill_ui")
    assert "pip install" in docker and " -e " not in docker
    assert docker.index("USER waybill") > docker.index("--no-deps /app/src")
    assert 'CMD ["/app/.venv/bin/waybill-ui", "serve"]' in docker
    assert (ROOT / "requirements.lock").is_file()


def test_compose_starts_the_app_with_the_official_postgres_image():
    compose = (ROOT / "docker-compose.yml").read_text()
    assert re.search(r"image: postgres:\d+", compose)
    assert "WAYBILL_DATABASE_URL: postgresql+psycopg://" in compose and "build: ." in compose


def test_console_script_and_dependencies_declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["scripts"]["waybill-ui"] == "waybill_ui.cli:main"
    for dep in project["dependencies"] + project["optional-dependencies"]["test"]:
        assert re.search(r"[<>=]", dep), f"{dep} needs a version range"
    assert any(d.startswith("apscheduler>=3.11,<4") for d in project["dependencies"])


def test_readme_names_every_setting():
    readme = (ROOT / "README.md").read_text()
    missing = [name for name in Settings.model_fields if f"WAYBILL_{name.upper()}" not in readme]
    assert not missing, missing
