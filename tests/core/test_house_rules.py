"""The house rules of the code, checked on the source itself: who may do what is
decided only in the permission tables; no module takes another's private names; no
two files import each other, also not through an import inside a function; and no
app imports an app on a higher floor."""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = [
    "core",
    "regions",
    "network",
    "cases",
    "security",
    "signals",
    "ambassadors",
    "outreach",
    "demo",
    "config",
]
# Lower floors first; an app may import only apps on its own floor or below.
FLOORS = {
    "core": 0,
    "regions": 1,
    "network": 2,
    "cases": 3,
    "security": 4,
    "signals": 4,
    "ambassadors": 5,
    "outreach": 5,
    "demo": 6,
    "config": 6,
}
# Where a role may be asked for: the role helpers, the two permission tables, and
# the querysets that decide visibility.
ROLE_CHECKS_ALLOWED = {"core/roles.py", "core/permissions.py", "cases/permissions.py"}


def product_files():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" not in relative:
                yield relative, ast.parse(path.read_text(), filename=relative)


def module_of(relative: str) -> str:
    module = relative.removesuffix(".py").replace("/", ".")
    return module.removesuffix(".__init__")


def imports_of(relative: str, tree: ast.AST):
    """(imported module, names, line) for every import, also inside functions."""
    package = module_of(relative).rsplit(".", 1)[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, [], node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base]) if base else ".".join(parts)
            yield base, [alias.name for alias in node.names], node.lineno


def test_only_the_permission_tables_and_querysets_ask_for_a_role():
    offenders = []
    for relative, tree in product_files():
        if relative in ROLE_CHECKS_ALLOWED or relative.endswith("querysets.py"):
            continue
        for node in ast.walk(tree):
            names = [getattr(node, "id", None) or getattr(node, "attr", None)]
            if isinstance(node, ast.ImportFrom):
                names = [alias.name for alias in node.names]
            offenders += [
                f"{relative}:{node.lineno} {name}"
                for name in names
                if name in {"has_role", "roles_of"}
            ]
    assert offenders == []


def test_no_module_imports_a_private_name_of_another():
    offenders = [
        f"{relative}:{line} {module}.{name}"
        for relative, tree in product_files()
        for module, names, line in imports_of(relative, tree)
        for name in names
        if name.startswith("_") and module.split(".")[0] in APPS
    ]
    assert offenders == []


def file_graph():
    files = {module_of(relative): relative for relative, _tree in product_files()}
    graph = defaultdict(set)
    for relative, tree in product_files():
        for module, names, _line in imports_of(relative, tree):
            targets = [f"{module}.{name}" for name in names] + [module]
            for target in targets:
                if target in files and files[target] != relative:
                    graph[relative].add(files[target])
                    break
    return graph


def test_no_two_files_import_each_other_not_even_inside_a_function():
    graph = file_graph()
    circles = []
    state = {}

    def visit(node, path):
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                circles.append(" -> ".join([*path[path.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert circles == []


@pytest.mark.parametrize("app", [app for app in APPS if (ROOT / app).is_dir()])
def test_an_app_imports_no_app_on_a_higher_floor(app):
    upward = sorted(
        f"{relative}:{line} imports {module}"
        for relative, tree in product_files()
        if relative.startswith(f"{app}/")
        for module, _names, line in imports_of(relative, tree)
        if module.split(".")[0] in FLOORS and FLOORS[module.split(".")[0]] > FLOORS[app]
    )
    assert upward == []
