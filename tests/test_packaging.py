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
    assert "pip install" in docker and "-e ." in docker  # installs as the README does
    assert 'CMD ["/app/.venv/bin/waybill-ui", "serve"]' in docker
    # the unprivileged user creates the venv inside WORKDIR, so it must own that folder before
    # WORKDIR would make it (as root); COPY --chown leaves an existing folder's owner alone
    workdir = re.search(r"^WORKDIR (\S+)", docker, flags=re.M)
    before = docker[:workdir.start()]
    assert re.search(rf"mkdir [^\n]*{workdir[1]}\b", before) and re.search(rf"chown waybill\S* [^\n]*{workdir[1]}\b", before)


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
