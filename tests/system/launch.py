"""Starting the app (`serve`) and its console commands as real processes, from an interpreter that
has already imported them.

An app process spends about half of its start importing NiceGUI, FastAPI, SQLAlchemy and our own
modules, and the crash tests restart the app dozens of times (docs/testing.md, "How long it
takes"). Python's own fork server (`multiprocessing`'s "forkserver" start method) loads
`tests/system/preload.py` once per test worker (the app, the CLI, every page module and the API's
finished routes); every app or command is then a fresh
fork of it running `waybill_ui.cli.main` with its own environment, its own output files and its
own process id, which a test kills with SIGKILL like any other. Nothing of the app is started in
the fork server: no settings, no database, no event loop, no thread.

`python -m waybill_ui serve` itself, as the README starts it, stays covered by the tests that
start it that way (`LiveApp(exec_=True)` in test_sqlite_second_process.py and
test_several_processes.py, tests/test_cli.py). The security audit forks its app here in the suite
(tests/security/test_audit.py) and execs it when run as a script.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver
import os
import subprocess
import sys
import tempfile
from pathlib import Path

PRELOAD = ["tests.system.preload"]
_TEST_ONLY = ("WAYBILL_", "NICEGUI_", "PYTEST")  # the test run's own variables: not the fork server's
_context: multiprocessing.context.ForkServerContext | None = None


def _forkserver() -> multiprocessing.context.ForkServerContext:
    """Started once per test process, with the test run's own variables left out, so that nothing
    the modules might read while they are imported comes from the test run."""
    global _context
    if _context is None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        saved = dict(os.environ)
        try:
            for name in [n for n in os.environ if n.startswith(_TEST_ONLY)]:
                del os.environ[name]
            multiprocessing.forkserver.ensure_running()
        finally:
            os.environ.clear()
            os.environ.update(saved)
        _context = context
    return _context


def _main(args: list[str], env: dict[str, str], stdout: str, stderr: str) -> None:
    """In the fork: the command's environment, output files and arguments, then the CLI."""
    # NiceGUI's ui.run does nothing in a process multiprocessing calls a child (its guard for the
    # reloader's workers); this fork is the app's main process.
    multiprocessing.current_process().name = "MainProcess"
    os.environ.clear()
    os.environ.update(env)
    for fd, path in ((1, stdout), (2, stderr)):
        opened = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.dup2(opened, fd)
        os.close(opened)
    sys.argv = ["waybill-ui", *args]
    from waybill_ui import cli

    try:
        code = cli.main(args)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    sys.exit(code)


class Forked:
    """The part of `subprocess.Popen` the tests use, for a fork of the fork server."""

    def __init__(self, args: list[str], env: dict[str, str], stdout: Path, stderr: Path | None = None) -> None:
        self.args = args
        self._process = _forkserver().Process(
            target=_main, args=(args, env, str(stdout), str(stderr or stdout)), name="waybill-ui"
        )
        self._process.start()
        assert self._process.pid is not None
        self.pid: int = self._process.pid

    @property
    def returncode(self) -> int | None:
        return self._process.exitcode  # -N when killed by signal N, as Popen says it

    def poll(self) -> int | None:
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        self._process.join(timeout)
        if self._process.exitcode is None:
            raise subprocess.TimeoutExpired(self.args, timeout or 0)
        return self._process.exitcode

    def send_signal(self, sig: int) -> None:
        if self._process.exitcode is None:
            os.kill(self.pid, sig)

    def terminate(self) -> None:
        self._process.terminate()

    def kill(self) -> None:
        self._process.kill()


def run(args: list[str], env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    """A console command, as `subprocess.run(…, capture_output=True, text=True)` answers it."""
    with tempfile.TemporaryDirectory(prefix="waybill-cli-") as folder:
        out, err = Path(folder) / "out", Path(folder) / "err"
        command = Forked(args, env, out, err)
        try:
            code = command.wait(timeout)
        except subprocess.TimeoutExpired:
            command.kill()
            raise
        # a fork that died before it took its files (it cannot here, but then) reads as no output
        said = [path.read_text(errors="replace") if path.exists() else "" for path in (out, err)]
        return subprocess.CompletedProcess(args, code, *said)
