"""The shape of the house, checked on the source (issue 13; STYLE.md).

- no module of ``src/metodset`` over 600 lines, migrations aside;
- no view over 40 lines (from ``def`` to the end of its body; decorators aside), nor any
  helper in a view module, nor an API operation;
- no ORM write (``create``, ``update``, ``delete``, ``save``, ``bulk_*``, ``get_or_create``,
  ``update_or_create``, ``create_user``) through a manager of another app's model:
  programmes register people for events through events' services, campaigns build
  questionnaires through surveys', and so on. Rows are written by the app that owns them,
  where its rules (capacity, the waiting list, audit) live. The demo and the benchmarks,
  which seed every app, are above the rule.

The write check reads the source: it follows ``Model.objects...<write>()`` chains whose model
is imported from another app's ``models``. A write through an instance (``obj.save()``) or a
related manager is not seen; reviews catch those.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import metodset

ROOT = Path(metodset.__file__).parent
MAX_MODULE_LINES = 600
MAX_VIEW_LINES = 40
WRITES = {
    "create",
    "update",
    "delete",
    "save",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
    "create_user",
    "create_superuser",
}
ABOVE_THE_RULE = {"demo", "bench"}


def _modules() -> Iterator[Path]:
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" not in path.relative_to(ROOT).parts:
            yield path


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT.parent))


def test_no_module_is_over_600_lines():
    long = {
        _name(path): n
        for path in _modules()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def _is_view_module(path: Path) -> bool:
    """Page views and the API's operations."""
    parts = path.relative_to(ROOT).parts
    return path.name.endswith("views.py") or bool({"views", "routers"} & set(parts[:-1]))


def test_no_view_is_over_40_lines():
    long = {}
    for path in filter(_is_view_module, _modules()):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_VIEW_LINES:
                    long[f"{_name(path)}:{node.name}"] = lines
    assert long == {}


def _app_of(path: Path) -> str:
    return path.relative_to(ROOT).parts[0]


def _imported_model_apps(tree: ast.Module, path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Names bound to another module's models (class -> app) and model modules (alias -> app)."""
    own = _app_of(path)
    package = ".".join(("metodset", *path.relative_to(ROOT).with_suffix("").parts[:-1]))
    classes: dict[str, str] = {}
    modules: dict[str, str] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom):
            continue
        source = node.module or ""
        if node.level:
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            source = ".".join([*base, *([source] if source else [])])
        parts = source.split(".")
        if parts[0] != "metodset" or len(parts) < 2:
            continue
        app = parts[1] if len(parts) > 1 else own
        for alias in node.names:
            bound = alias.asname or alias.name
            if "models" in parts[2:]:
                classes[bound] = app
            elif alias.name == "models":
                modules[bound] = app
    return classes, modules


def _manager_base(node: ast.expr) -> ast.expr | None:
    """``X`` of ``X.objects.filter(...).update``, or None if the chain has no ``objects``."""
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            if node.attr in {"objects", "all_objects"}:
                return node.value
            node = node.value
        else:
            return None


def test_no_app_writes_rows_of_another_app():
    foreign = []
    for path in _modules():
        app = _app_of(path)
        if app in ABOVE_THE_RULE or path.parent == ROOT:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        classes, modules = _imported_model_apps(tree, path)
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in WRITES
            ):
                continue
            base = _manager_base(node.func.value)
            owner = None
            if isinstance(base, ast.Name):
                owner = classes.get(base.id)
            elif isinstance(base, ast.Attribute) and isinstance(base.value, ast.Name):
                owner = modules.get(base.value.id)
            if owner and owner != app:
                foreign.append(f"{_name(path)}:{node.lineno} writes {owner} ({node.func.attr})")
    assert foreign == [], "\n".join(foreign)


# A count that is a number of things (``n``, ``count``, ``counter``) followed by a noun in the
# plural: English «1 meetings», Russian with one form for «1», «3» and «5». Such a text goes
# through ngettext (or {% blocktranslate count %}). A limit («at most %(n)s lines», a constant)
# and «there are %(count)s …» (two or more by construction) may stay plain.
COUNTED = (
    r"(?<!at most )(?<!At most )(?<!there are )"
    r"(?:%\((?:n|count|counter)\)[sd]|\{\{ *(?:n|count|counter) *\}\}) "
    r"(?!(?:is|was|has|does)\b)(?:[a-z]+ )?(?:[a-z]+s|people|children)\b"
)
SINGULAR_CALLS = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy", "gettext_noop"}


def test_every_count_of_things_goes_through_ngettext():
    import re

    counted = re.compile(COUNTED)
    plain = []
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            if node.func.id not in SINGULAR_CALLS:
                continue
            for arg in node.args:
                if (
                    isinstance(arg, ast.Constant)
                    and isinstance(arg.value, str)
                    and counted.search(arg.value)
                ):
                    plain.append(f"{_name(path)}:{node.lineno} {arg.value!r}")
    block = re.compile(
        r"\{% blocktrans(?:late)?(?P<args>[^%]*)%\}(?P<body>.*?)\{% endblocktrans", re.S
    )
    for path in sorted(ROOT.rglob("*.html")):
        for match in block.finditer(path.read_text(encoding="utf-8")):
            if " count " not in f" {match['args']} " and counted.search(match["body"]):
                plain.append(f"{_name(path)} {match['body'][:80]!r}")
    assert plain == [], "\n".join(plain)


# Views and API operations fetch an object through an access helper of its app's
# permissions (``<entity>_for_<role>(*, viewer, pk)``, 404/403), not by hand beside an ad-hoc
# check: neither with get_object_or_404 nor with ``.first()`` (or ``.get()`` caught as
# DoesNotExist) followed by ``raise Http404`` (issue 13).
FIRST_THEN_404_ALLOWED = {
    # The caller's own latest scored profile: a choice among her own participations (the
    # queryset is hers already), not an object named by an id someone may not open.
    "metodset/api/routers/diagnostics.py:my_profile",
}


def _raises_404(statements: list[ast.stmt]) -> bool:
    return any(
        isinstance(node, ast.Raise) and node.exc is not None and "Http404" in ast.unparse(node.exc)
        for statement in statements
        for node in ast.walk(statement)
    )


def _is_first(node: ast.expr | None) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "first"
    )


def _first_then_404(block: list[ast.stmt]) -> Iterator[int]:
    """Lines of a block that take ``.first()`` into a name a later ``if`` tests to raise 404,
    or ``try`` a lookup whose DoesNotExist becomes 404."""
    for i, statement in enumerate(block):
        if isinstance(statement, ast.Assign | ast.AnnAssign) and _is_first(statement.value):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            names = {t.id for t in targets if isinstance(t, ast.Name)}
            for later in block[i + 1 :]:
                if (
                    isinstance(later, ast.If)
                    and names & {n.id for n in ast.walk(later.test) if isinstance(n, ast.Name)}
                    and _raises_404(later.body)
                ):
                    yield statement.lineno
                    break
        elif isinstance(statement, ast.If) and _raises_404(statement.body):
            walrus = (n for n in ast.walk(statement.test) if isinstance(n, ast.NamedExpr))
            if any(_is_first(n.value) for n in walrus):
                yield statement.lineno
        elif isinstance(statement, ast.Try) and any(
            handler.type is not None
            and "DoesNotExist" in ast.unparse(handler.type)
            and _raises_404(handler.body)
            for handler in statement.handlers
        ):
            yield statement.lineno


def test_views_fetch_through_access_helpers():
    by_hand = []
    for path in filter(_is_view_module, _modules()):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "get_object_or_404"
            ):
                by_hand.append(f"{_name(path)}:{node.lineno} get_object_or_404")
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if f"{_name(path)}:{function.name}" in FIRST_THEN_404_ALLOWED:
                continue
            blocks = (
                getattr(node, field)
                for node in ast.walk(function)
                for field in ("body", "orelse", "finalbody")
                if isinstance(getattr(node, field, None), list)
            )
            for block in blocks:
                by_hand.extend(
                    f"{_name(path)}:{line} .first() then Http404" for line in _first_then_404(block)
                )
    assert sorted(set(by_hand)) == [], "\n".join(sorted(set(by_hand)))
