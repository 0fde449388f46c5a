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


def dockerfile_steps() -> list[tuple[str, str]]:
    """The Dockerfile's instructions in order, as (INSTRUCTION, arguments), continuations joined."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    steps = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            steps.append((word.upper(), rest.strip()))
    return steps


def test_docker_image_matches_the_settings():
    docker = (ROOT / "Dockerfile").read_text()
    defaults = Settings()
    assert f"EXPOSE {defaults.port}" in docker
    assert 'VOLUME ["/data"]' in docker and "WAYBILL_DATA_DIR=/data" in docker
    assert 'CMD ["/app/.venv/bin/waybill-ui", "serve"]' in docker
    health = [args for word, args in dockerfile_steps() if word == "HEALTHCHECK"]
    assert len(health) == 1 and f"127.0.0.1:{defaults.port}/healthz" in health[0]
    assert "status == 200 else 1" in health[0]  # anything but 200 (or no answer) is unhealthy


def test_docker_image_is_reproducible_and_its_code_belongs_to_root():
    steps = dockerfile_steps()
    words = [word for word, _ in steps]
    # the base image pinned by version and by digest (a mirror of it may be named with --build-arg)
    bases = [args for word, args in steps if word == "FROM"]
    assert bases == ["${BASE_IMAGE}"], bases
    [default] = [args.partition("=")[2] for word, args in steps if word == "ARG" and args.startswith("BASE_IMAGE=")]
    assert re.fullmatch(r"python:\d+\.\d+\.\d+-slim-\w+@sha256:[0-9a-f]{64}", default), default
    assert words.index("ARG") < words.index("FROM")
    # the locked dependencies are installed before any source is copied (a source change reuses that layer)
    copies = [(i, args) for i, (word, args) in enumerate(steps) if word in ("COPY", "ADD")]
    lock_install = next(
        i for i, (word, args) in enumerate(steps) if word == "RUN" and "-r /app/requirements.lock" in args
    )
    before = [args for i, args in copies if i < lock_install]
    assert before == ["requirements.lock /app/requirements.lock"], before
    assert all(i > lock_install for i, args in copies if "waybill_ui" in args or "pyproject" in args)
    # the app itself: a regular install with the locked build backend, no editable install anywhere
    app_install = next(args for word, args in steps if word == "RUN" and "/app/src" in args and "pip install" in args)
    assert "--no-deps" in app_install and "--no-build-isolation" in app_install and "rm -rf /app/src" in app_install
    assert not any(re.search(r"(^|\s)(-e|--editable)(\s|$)", args) for word, args in steps if word == "RUN")
    # root installs; the app runs as its own user, which owns only /data
    user = words.index("USER")
    assert steps[user][1] not in ("root", "0") and words.count("USER") == 1
    assert all(i < user for i, (word, args) in enumerate(steps) if word == "RUN" and "pip install" in args)
    chowns = [args for word, args in steps if word == "RUN" and "chown" in args]
    assert all(re.search(r"chown \S+ /data(\s|$)", args) for args in chowns), chowns
    assert not any("--chown" in args for word, args in steps if word in ("COPY", "ADD"))
    assert words[-1] == "CMD" and user < words.index("CMD")


def _lock() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"{line!r} in requirements.lock is not an exact pin"
            pins[_canonical(name)] = version
    return pins


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_requirements_lock_pins_every_dependency_of_pyproject_within_its_range():
    from packaging.requirements import Requirement

    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    project = data["project"]
    pins = _lock()
    wanted = project["dependencies"] + project["optional-dependencies"]["postgres"] + data["build-system"]["requires"]
    for text in wanted:
        requirement = Requirement(text)
        name = _canonical(requirement.name)
        assert name in pins, f"{requirement.name} (pyproject.toml) is missing from requirements.lock"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"requirements.lock pins {requirement.name}=={pins[name]}, outside pyproject's {requirement.specifier}"
        )


def test_requirements_lock_holds_what_the_dependencies_need():
    """Closed under "requires": each locked package's own dependencies (as the installed
    distributions declare them, for this platform, the extras pyproject asks for included) are
    locked too, so the image's `pip install -r requirements.lock` installs nothing unpinned."""
    from importlib import metadata

    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = _lock()
    todo = [Requirement(t) for t in project["dependencies"] + project["optional-dependencies"]["postgres"]]
    seen: set[tuple[str, frozenset]] = set()
    while todo:
        requirement = todo.pop()
        key = (_canonical(requirement.name), frozenset(requirement.extras))
        if key in seen:
            continue
        seen.add(key)
        assert key[0] in pins, f"{requirement.name} is needed but not in requirements.lock"
        try:
            declared = metadata.requires(requirement.name) or []
        except metadata.PackageNotFoundError:  # not installed here: its needs cannot be read
            continue
        for text in declared:
            needed = Requirement(text)
            extras = requirement.extras or {""}
            if needed.marker is None or any(needed.marker.evaluate({"extra": extra}) for extra in extras):
                todo.append(needed)


def test_compose_starts_the_app_with_the_official_postgres_image():
    compose = (ROOT / "docker-compose.yml").read_text()
    assert re.search(r"image: \$\{POSTGRES_IMAGE:-postgres:\d+[\w.-]*\}", compose)  # a mirror may be named
    assert "WAYBILL_DATABASE_URL: postgresql+psycopg://" in compose
    # the app is built here; BASE_IMAGE only passed on when set, so the Dockerfile's pinned default applies
    assert re.search(r"build:\n\s+context: \.\n\s+args:\n\s+- BASE_IMAGE\b(?!=)", compose)


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
