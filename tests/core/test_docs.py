"""README and docs/ stay true: the commands, targets, settings, links and images they name."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from django.core.management import get_commands

from metodset.cli import main

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
SETTINGS = ROOT / "src" / "metodset" / "settings.py"
IMAGES = ROOT / "docs" / "guide" / "img"

# `metodset <command>`, also as .venv/bin/metodset, but not …/metodset (a path or a database).
METODSET = re.compile(r"(?:(?<![\w./-])|(?<=bin/))metodset[ \t]+([a-z][\w-]*)(?![\w.-])([^\n`]*)")
MAKE = re.compile(r"(?<![\w./-])make[ \t]+([a-z][\w-]*)")
ENV_READ = r"(?:environ\.get|environ\.setdefault|getenv|env_bool|env_list)\(\s*[\"']{}[\"']"
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")


def _relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _code(text: str) -> list[str]:
    """Fenced blocks, line by line, and inline code spans: where commands are written."""
    pieces: list[str] = []
    for block in re.findall(r"^```[^\n]*\n(.*?)^```", text, flags=re.M | re.S):
        pieces.extend(block.splitlines())
    prose = re.sub(r"^```[^\n]*\n.*?^```", "", text, flags=re.M | re.S)
    pieces.extend(re.findall(r"`([^`\n]+)`", prose))
    return pieces


def _mentions(pattern: re.Pattern) -> list[tuple[str, re.Match]]:
    return [
        (_relative(doc), match)
        for doc in DOCS
        for piece in _code(doc.read_text(encoding="utf-8"))
        for match in pattern.finditer(piece)
    ]


@cache
def _help(*argv: str) -> str:
    """The help text ``metodset … --help`` prints; empty if argparse refuses the command."""
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        try:
            main([*argv, "--help"])
        except SystemExit as exit_:
            if exit_.code != 0:
                return ""
    return out.getvalue()


def test_the_docs_name_commands_at_all():
    assert {m.group(1) for _, m in _mentions(METODSET)} >= {"demo", "serve", "worker", "import"}
    assert {m.group(1) for _, m in _mentions(MAKE)} >= {"demo", "test"}


def test_every_metodset_command_and_option_in_the_docs_exists():
    wrong = []
    for doc, match in _mentions(METODSET):
        command, rest = match.group(1), match.group(2)
        usage = _help(command)
        if not usage:
            wrong.append(f"{doc}: metodset {command}")
            continue
        if command == "manage":
            name = rest.split()[0] if rest.split() else ""
            if re.fullmatch(r"[a-z_]+", name) and name not in get_commands():
                wrong.append(f"{doc}: metodset manage {name}")
            continue
        for option in re.findall(r"(?<![\w-])(--[a-z][\w-]*)", rest):
            if not re.search(rf"(?<![\w-]){option}(?![\w-])", usage):
                wrong.append(f"{doc}: metodset {command} {option}")
    assert wrong == []


def _make_targets() -> set[str]:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z][\w-]*)\s*:(?!=)", makefile, flags=re.M))


def test_every_make_target_in_the_docs_exists():
    targets = _make_targets()
    assert {"demo", "test"} <= targets
    wrong = {f"{doc}: make {m.group(1)}" for doc, m in _mentions(MAKE) if m.group(1) not in targets}
    assert wrong == set()


def _documented_variables() -> set[str]:
    """Names in the first column of the settings tables (headed «переменная»)."""
    names: set[str] = set()
    for doc in DOCS:
        in_table = False
        for line in doc.read_text(encoding="utf-8").splitlines():
            if not line.startswith("|"):
                in_table = False
                continue
            first = line.split("|")[1].strip()
            if first == "переменная":
                in_table = True
            elif in_table:
                names.update(re.findall(r"`([A-Z][A-Z0-9_]+)`", first))
    return names


def _source() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "src").rglob("*.py")))


def test_the_settings_table_exists():
    assert {"DATABASE_URL", "SECRET_KEY", "SITE_URL", "REDIS_URL"} <= _documented_variables()


def test_every_documented_variable_is_read_by_the_code():
    source = _source()
    unread = {
        name
        for name in _documented_variables()
        if not re.search(ENV_READ.format(re.escape(name)), source)
        and not re.search(rf"environ\[\s*[\"']{name}[\"']", source)
    }
    assert unread == set()


def test_every_variable_settings_reads_is_documented():
    settings = SETTINGS.read_text(encoding="utf-8")
    read = set(re.findall(ENV_READ.format(r"([A-Z][A-Z0-9_]+)"), settings))
    assert len(read) > 20
    assert read - _documented_variables() == set()


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[`*_]", "", heading.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = re.sub(r"^```.*?^```", "", path.read_text(encoding="utf-8"), flags=re.M | re.S)
    return {_slug(h) for h in re.findall(r"^#{1,6} (.+)$", text, flags=re.M)}


def test_every_link_between_the_docs_resolves():
    broken = []
    for doc in DOCS:
        text = re.sub(r"^```.*?^```", "", doc.read_text(encoding="utf-8"), flags=re.M | re.S)
        for target in LINK.findall(text):
            if re.match(r"[a-z]+:", target):
                continue
            path, _, anchor = target.partition("#")
            resolved = (doc.parent / path).resolve() if path else doc
            if not resolved.exists():
                broken.append(f"{_relative(doc)}: {target}")
            elif anchor and resolved.suffix == ".md" and anchor not in _anchors(resolved):
                broken.append(f"{_relative(doc)}: {target} (no such heading)")
    assert broken == []


def test_every_screenshot_is_used_and_the_set_stays_small():
    used = {
        (doc.parent / target).resolve()
        for doc in DOCS
        for target in LINK.findall(doc.read_text(encoding="utf-8"))
        if target.endswith(".png")
    }
    pictures = sorted(IMAGES.glob("*.png"))
    assert pictures, "docs/guide/img/ has no screenshots: run docs/screenshots.py"
    assert [_relative(p) for p in pictures if p.resolve() not in used] == []
    assert sum(p.stat().st_size for p in pictures) < 3 * 1024 * 1024


@pytest.mark.parametrize("doc", ["README.md"])
def test_the_readme_is_short_and_starts_with_the_two_commands(doc):
    text = (ROOT / doc).read_text(encoding="utf-8")
    assert len(text.splitlines()) < 120
    first_block = re.search(r"^```[^\n]*\n(.*?)^```", text, flags=re.M | re.S).group(1)
    assert [line.split()[:2] for line in first_block.splitlines()] == [
        ["make", "demo"],
        ["make", "test"],
    ]
