"""The ``metodset`` console command: what people run, without remembering manage.py.

metodset demo [--port 8000]        migrate, load the demo network, run worker + web
metodset serve [--port 8000]       run the web server (plus ``metodset worker`` beside it)
metodset worker                    run the background task worker
metodset import people FILE        import people from XLSX/CSV (columns: docs/import.md)
metodset import organizations FILE import organisations
metodset bench                     run the benchmarks, write bench/results/latest.json
metodset bench --only certificates run one section alone, write var/bench/certificates.json
                                   (sections: certificates, routes, diagnostics, communities,
                                   expertise)
metodset backup [FILE]             database and media into one .tar.gz (see core/backup.py)
metodset restore FILE [--force]    restore such a copy into an empty database and media folder
metodset manage ARGS...            any Django management command
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any


def _compile_catalogs() -> None:
    """Compile the .po catalogues before Django loads anything.

    A process keeps the first catalogue it reads of a language for its whole life, and
    setting Django up may already read one: compiled later, the Russian text would reach
    neither the pages nor what the process stores until a restart.
    """
    from metodset.core.i18n import compile_catalogs

    compile_catalogs()


def _setup(**env_defaults: str) -> None:
    for key, value in env_defaults.items():
        os.environ.setdefault(key, value)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "metodset.settings")
    _compile_catalogs()
    import django

    django.setup()


def _site_url_default(host: str, port: int) -> None:
    """Links in letters, feeds and QR codes point at this server unless SITE_URL says otherwise.

    A server bound to every interface is reached by the machine's name, not by 0.0.0.0.
    """
    if host in ("0.0.0.0", "::", ""):
        host = socket.getfqdn()
    if ":" in host:
        host = f"[{host}]"
    os.environ.setdefault("SITE_URL", f"http://{host}:{port}")


def _manage(*args: str, **options: Any) -> None:
    from django.core.management import call_command

    call_command(*args, **options)


def _prepare() -> None:
    """Migrate, create the cache table, collect static files: safe to repeat.

    (``_setup`` compiled the catalogues.) Pages name static files by the hashes in the
    collected manifest, so the server may not start before collecting.
    """
    _manage("migrate", "--no-input", verbosity=0)
    _manage("createcachetable", verbosity=0)
    _manage("collectstatic", "--no-input", verbosity=0)


def _worker_argv() -> list[str]:
    return [sys.executable, "-m", "metodset.cli", "worker"]


def _port_is_free(host: str, port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as runserver does
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def _port_taken_message(port: int) -> str:
    return f"Порт {port} занят: укажите другой, например --port {port + 1}."


def _stop_on_sigterm(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


class _SupervisedWorker:
    """The task worker beside the web server, started again when it dies.

    Without it a demo whose worker crashed (or was killed) would keep serving pages while
    certificates, letters and imports silently queue up. Restarts wait 1 s, doubling up to
    30 s while the worker keeps dying quickly, so a worker that cannot start does not spin.
    """

    FIRST_DELAY, MAX_DELAY, HEALTHY_AFTER = 1.0, 30.0, 60.0

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._process = subprocess.Popen(_worker_argv())
        self._thread = threading.Thread(target=self._watch, name="worker-supervisor", daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        delay = self.FIRST_DELAY
        started = time.monotonic()
        while not self._stopping.is_set():
            code = self._process.poll()
            if code is None:
                self._pause(0.5)
                continue
            if time.monotonic() - started >= self.HEALTHY_AFTER:
                delay = self.FIRST_DELAY
            # Ctrl+C reaches the worker too: waiting first lets the stop win that race.
            if self._pause(delay):
                return
            print(f"Обработчик задач остановился (код {code}) — перезапускаю", file=sys.stderr)
            with self._lock:
                if self._stopping.is_set():
                    return
                self._process = subprocess.Popen(_worker_argv())
            started = time.monotonic()
            delay = min(delay * 2, self.MAX_DELAY)

    def _pause(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; True if asked to stop meanwhile.

        Short sleeps rather than ``Event.wait``: that waits for an absolute monotonic deadline,
        which libfaketime (CI's run with the clock 400 days ahead) puts 400 days away.
        """
        end = time.monotonic() + seconds
        while not self._stopping.is_set():
            left = end - time.monotonic()
            if left <= 0:
                return False
            time.sleep(min(left, 0.1))
        return True

    def stop(self) -> None:
        with self._lock:
            self._stopping.set()
            worker = self._process
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def _serve(host: str, port: int, with_worker: bool) -> int:
    # runserver leaves with os._exit() when the port is taken, which would orphan the worker.
    if not _port_is_free(host, port):
        print(_port_taken_message(port), file=sys.stderr)
        return 1
    # A process manager's SIGTERM stops us like Ctrl+C does, so the worker is stopped too.
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    worker = _SupervisedWorker() if with_worker else None
    try:
        _manage("runserver", f"{host}:{port}", "--noreload", "--skip-checks")
    except KeyboardInterrupt:
        pass
    finally:
        if worker is not None:
            worker.stop()
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    if not args.no_serve and not _port_is_free("127.0.0.1", args.port):
        print(_port_taken_message(args.port), file=sys.stderr)
        return 1
    _site_url_default("127.0.0.1", args.port)
    _setup(EMAIL_BACKEND="metodset.core.mail.DemoEmailBackend")
    print("Методсеть: подготовка базы данных…", flush=True)
    _prepare()
    from metodset.demo.loader import demo_load, demo_logins

    summary = demo_load()
    print(summary, flush=True)
    print("\nДемо-входы (пароль у всех: demo12345):")
    for role, email in demo_logins():
        print(f"  {role:<28} {email}")
    if args.no_serve:
        return 0
    print(f"\nОткройте http://127.0.0.1:{args.port}/  (Ctrl+C — остановить)\n", flush=True)
    return _serve("127.0.0.1", args.port, with_worker=True)


def cmd_serve(args: argparse.Namespace) -> int:
    _site_url_default(args.host, args.port)
    _setup()
    _prepare()
    return _serve(args.host, args.port, with_worker=args.with_worker)


def cmd_worker(args: argparse.Namespace) -> int:
    _setup()
    extra = ["--batch"] if args.batch else []
    _manage("run_worker", "--interval", str(args.interval), *extra)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    _setup()
    from django.core.management import call_command
    from django.core.management.base import CommandError

    try:
        call_command("import_rows", args.kind, args.file, *(["--by", args.by] if args.by else []))
    except CommandError as exc:
        print(exc, file=sys.stderr)
        return 1
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    _setup()
    # Pages are measured as served: with the hashed, compressed static files.
    _manage("collectstatic", "--no-input", verbosity=0)
    from metodset.bench import run

    return run(quick=args.quick, only=args.only)


def cmd_backup(args: argparse.Namespace) -> int:
    _setup()
    from django.utils import timezone

    from metodset.core.backup import BackupError, backup_write

    stamp = timezone.now().strftime("%Y-%m-%d-%H%M%S")
    path = Path(args.file or f"metodset-backup-{stamp}.tar.gz").resolve()
    try:
        manifest = backup_write(path=path)
    except (BackupError, OSError) as exc:
        print(f"Резервная копия не сделана: {exc}", file=sys.stderr)
        return 1
    rows = sum(manifest["rows"].values())
    print(f"Резервная копия записана: {path} (записей: {rows}, файлов: {manifest['media_files']}).")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    _setup()
    from metodset.core.backup import BackupError, backup_restore

    path = Path(args.file).resolve()
    try:
        restored = backup_restore(path=path, force=args.force)
    except (BackupError, OSError) as exc:
        print(f"Восстановление не выполнено: {exc}", file=sys.stderr)
        return 1
    print(
        f"Восстановлено из {path}: записей {restored.rows}, файлов {restored.files}. "
        "Ключ SECRET_KEY в копию не входит: перенесите его отдельно."
    )
    return 0


def cmd_compilemessages(args: argparse.Namespace) -> int:
    from metodset.core.i18n import compile_catalogs

    for path in compile_catalogs():
        print(f"compiled {path}")
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "metodset.settings")
    _compile_catalogs()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["metodset", *args.rest])
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="metodset", description="Методсеть")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("demo", help="load the demo network and serve it")
    p.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    p.add_argument("--no-serve", action="store_true", help="only load the data")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("serve", help="run the web server")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    p.add_argument("--with-worker", action="store_true", help="also run the task worker")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("worker", help="run the background task worker")
    p.add_argument("--interval", type=float, default=1.0)
    p.add_argument("--batch", action="store_true", help="run what is queued, then exit")
    p.set_defaults(func=cmd_worker)

    p = sub.add_parser("import", help="import people or organisations from XLSX/CSV")
    p.add_argument("kind", choices=["people", "organizations"])
    p.add_argument("file")
    p.add_argument("--by", help="e-mail of the person the import is recorded as done by")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("bench", help="run the benchmarks")
    p.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    p.add_argument(
        "--only",
        choices=["certificates", "routes", "diagnostics", "communities", "expertise"],
        help="run one section alone (results in var/bench/)",
    )
    p.set_defaults(func=cmd_bench)

    p = sub.add_parser("backup", help="write the database and media files to one archive")
    p.add_argument(
        "file", nargs="?", help="archive to write (default: metodset-backup-<date>.tar.gz)"
    )
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="restore an archive made by metodset backup")
    p.add_argument("file")
    p.add_argument(
        "--force", action="store_true", help="replace a database and media folder that have data"
    )
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("compilemessages", help="compile translation catalogues")
    p.set_defaults(func=cmd_compilemessages)

    p = sub.add_parser("manage", help="run a Django management command")
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_manage)

    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
