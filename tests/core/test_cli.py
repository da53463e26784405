"""The ``metodset`` console command: its arguments, and ``metodset demo`` on a fresh machine."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from metodset.cli import main

SUBCOMMANDS = [
    "demo",
    "serve",
    "worker",
    "import",
    "bench",
    "backup",
    "restore",
    "compilemessages",
    "manage",
]


def _fresh_env(tmp_path: Path) -> dict[str, str]:
    """A new machine: an empty var/ and SQLite, whatever database the tests run on."""
    env = {**os.environ, "METODSET_VAR": str(tmp_path / "var"), "PYTHONUNBUFFERED": "1"}
    for name in ("DATABASE_URL", "REDIS_URL", "TASKS_IMMEDIATE", "EMAIL_BACKEND"):
        env.pop(name, None)
    return env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_help_lists_every_subcommand(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    usage = capsys.readouterr().out
    for command in SUBCOMMANDS:
        assert command in usage


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_each_subcommand_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    assert f"metodset {command}" in capsys.readouterr().out


def test_arguments_are_checked_before_anything_runs(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["import", "teachers", "people.xlsx"])
    assert exit_.value.code == 2
    assert "invalid choice: 'teachers'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["demo", "--port", "eighty"])


def test_demo_refuses_a_busy_port_before_touching_the_database(capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["demo", "--port", str(port)]) == 1
    assert (
        f"Порт {port} занят: укажите другой, например --port {port + 1}." in capsys.readouterr().err
    )


@pytest.mark.own_sqlite
def test_demo_without_serving_loads_once_on_a_fresh_machine(tmp_path):
    env = _fresh_env(tmp_path)
    command = [sys.executable, "-m", "metodset.cli", "demo", "--no-serve"]
    # Generous timeouts: the suite asserts behaviour, not speed (that is `make bench`'s job).
    first = subprocess.run(command, env=env, capture_output=True, text=True, timeout=180)
    second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=180)

    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    assert "Добавлено сейчас: 12 организаций, 153 человека" in first.stdout
    assert "Всё уже было загружено, ничего не изменилось." in second.stdout
    for out in (first.stdout, second.stdout):
        assert "Демо-входы (пароль у всех: demo12345):" in out
        assert "coordinator@demo.metodset.ru" in out
        assert "teacher@demo.metodset.ru" in out
        assert "admin@demo.metodset.ru" in out
    assert (tmp_path / "var" / "metodset.sqlite3").exists()


@pytest.mark.own_sqlite
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads children from /proc")
def test_demo_serves_russian_login_and_sigterm_stops_the_worker_too(tmp_path):
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "metodset.cli", "demo", "--port", str(port)],
        env=_fresh_env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        page = _wait_for_page(f"http://127.0.0.1:{port}/login/", server)
        assert "Войти" in page
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        assert len(children) == 1  # the task worker
        worker = int(children[0])

        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=20) == 0
        assert _gone(worker)
    finally:
        if server.poll() is None:
            server.kill()


def _wait_for_page(url: str, server: subprocess.Popen, timeout: float = 180) -> str:
    """The demo loads before it serves: minutes on a loaded machine (speed is the bench's job)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert server.poll() is None, "the demo exited"
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read().decode()
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer in {timeout} s")


def _gone(pid: int, timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except FileNotFoundError:
            return True
        if "\nState:\tZ" in status:  # exited, waiting for its parent's reaper
            return True
        time.sleep(0.1)
    return False


def _children(pid: int) -> set[int]:
    """Children of every thread of ``pid``: a worker restarted by a thread is that thread's."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found.update(int(c) for c in (task / "children").read_text().split())
        except FileNotFoundError:
            continue
    return found


@pytest.mark.own_sqlite
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads children from /proc")
def test_serve_restarts_a_worker_that_dies_and_sigterm_stops_both(tmp_path):
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "metodset.cli", "serve", "--port", str(port), "--with-worker"],
        env=_fresh_env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for_page(f"http://127.0.0.1:{port}/login/", server)
        (first,) = _children(server.pid)

        os.kill(first, signal.SIGKILL)
        deadline = time.monotonic() + 15
        while not (_children(server.pid) - {first}) and time.monotonic() < deadline:
            time.sleep(0.2)
        (second,) = _children(server.pid) - {first}
        assert _wait_for_page(f"http://127.0.0.1:{port}/login/", server)  # still serving

        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=20) == 0
        assert _gone(second)
        assert "Обработчик задач остановился (код -9) — перезапускаю" in server.stderr.read()
    finally:
        if server.poll() is None:
            server.kill()
