"""A Typst compile of an organiser's design in a child process it cannot get out of.

``python -m metodset.certificates.sandbox`` reads a JSON job on stdin, limits its own address
space and CPU time, compiles, and writes a JSON result on stdout. The parent
(:func:`compile_isolated`) starts it in a network namespace of its own when the system allows
(``unshare -rn``), and always with every proxy variable pointing at a closed local port: Typst
downloads any ``@preview`` package it is asked for, even one named by a computed string or
through ``eval``, so no reading of the source can promise "no download" — only a child with no
route out can. The child gets a wall-clock timeout and is killed when it runs over.

This module imports nothing of Django's, so the child starts in a tenth of a second.
"""

from __future__ import annotations

import base64
import functools
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from typing import Any

# Nothing listens on the discard port; a proxy there refuses every connection at once.
CLOSED_PROXY = "http://127.0.0.1:9"
_PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "ftp_proxy")


class SandboxTimeout(Exception):
    """The compile ran past its time."""


class SandboxOutOfMemory(Exception):
    """The compile wanted more memory than allowed, or the child died another way."""


@dataclass
class SandboxError(Exception):
    """Typst's own error: its message and the diagnostic that says where."""

    message: str
    diagnostic: str = ""


@functools.cache
def _unshare() -> list[str]:
    """``unshare -rn --`` if this system lets an ordinary user have a network of its own."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return []
    try:
        probe = subprocess.run([unshare, "-rn", "true"], capture_output=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return []
    return [unshare, "-rn", "--"] if probe.returncode == 0 else []


def isolated_network() -> bool:
    return bool(_unshare())


def _environment() -> dict[str, str]:
    """Only what Python needs (no secrets of the web process), and proxies that lead nowhere."""
    env = {key: os.environ[key] for key in ("PATH", "LANG", "LC_ALL") if key in os.environ}
    for name in _PROXY_VARIABLES:
        env[name] = env[name.upper()] = CLOSED_PROXY
    return env


def compile_isolated(
    source: bytes,
    *,
    root: str,
    package_path: str,
    timeout: float,
    memory_mb: int,
    sys_inputs: dict[str, str],
    format: str = "pdf",
    ppi: float | None = None,
    pdf_tags: bool = True,
) -> bytes | list[bytes]:
    """What ``typst.compile`` would return, computed in the child; raises a Sandbox* error."""
    job = {
        "source": source.decode(),
        "root": root,
        "package_path": package_path,
        "format": format,
        "ppi": ppi,
        "pdf_tags": pdf_tags,
        "sys_inputs": sys_inputs,
        "memory_mb": memory_mb,
        "cpu_seconds": max(1, int(timeout) + 1),
    }
    # -I: neither the environment nor the working folder (the render folder) adds to sys.path.
    command = [*_unshare(), sys.executable, "-I", "-m", "metodset.certificates.sandbox"]
    try:
        child = subprocess.run(
            command,
            input=json.dumps(job).encode(),
            capture_output=True,
            timeout=timeout,
            env=_environment(),
            cwd=root,
        )
    except subprocess.TimeoutExpired as exc:  # run() has killed the child
        raise SandboxTimeout from exc
    if child.returncode == -signal.SIGXCPU:
        raise SandboxTimeout
    try:
        result = json.loads(child.stdout)
    except ValueError:
        raise SandboxOutOfMemory(child.stderr.decode(errors="replace")[-2000:]) from None
    if "error" in result:
        if result["error"] == "memory":
            raise SandboxOutOfMemory
        raise SandboxError(result["error"], result.get("diagnostic", ""))
    pages = [base64.b64decode(page) for page in result["pages"]]
    return pages if result["list"] else pages[0]


def _limit(memory_mb: int, cpu_seconds: int) -> None:
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def main() -> None:
    job: dict[str, Any] = json.loads(sys.stdin.buffer.read())
    _limit(job["memory_mb"], job["cpu_seconds"])
    import typst  # after the limits: its fonts count too

    try:
        result = typst.compile(
            job["source"].encode(),
            root=job["root"],
            package_path=job["package_path"],
            package_cache_path=job["package_path"],
            ignore_system_fonts=True,
            format=job["format"],
            ppi=job["ppi"],
            sys_inputs=job["sys_inputs"],
            pdf_tags=job["pdf_tags"],
        )
    except MemoryError:
        answer: dict[str, Any] = {"error": "memory"}
    except (typst.TypstError, RuntimeError) as exc:
        answer = {
            "error": getattr(exc, "message", "") or str(exc),
            "diagnostic": getattr(exc, "diagnostic", "") or "",
        }
    else:
        pages = result if isinstance(result, list) else [result]
        answer = {
            "list": isinstance(result, list),
            "pages": [base64.b64encode(page).decode() for page in pages],
        }
    sys.stdout.write(json.dumps(answer))


if __name__ == "__main__":
    main()
