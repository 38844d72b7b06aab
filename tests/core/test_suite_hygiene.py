"""The suite's own rules: no clock is read while the tests are collected.

Module constants, decorator arguments (``parametrize``), default arguments and class
bodies run at import, which may be minutes before the test runs, or on the other side
of midnight: a "tomorrow" worked out then can be today when the test runs. Such values
are worked out inside the test (or a fixture) instead.
"""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
CLOCKS = {"now", "today", "localdate", "localtime", "utcnow"}


def clock_reads_at_import(tree: ast.AST) -> list[int]:
    """Line numbers of the calls to a clock that run when the module is imported."""
    found = []

    def visit(node, deferred):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            # Decorators and default values run at definition; the body does not.
            for expr in getattr(node, "decorator_list", []):
                visit(expr, deferred)
            for expr in node.args.defaults + node.args.kw_defaults:
                if expr is not None:
                    visit(expr, deferred)
            body = node.body if isinstance(node.body, list) else [node.body]
            for statement in body:
                visit(statement, True)
            return
        if isinstance(node, ast.Call) and not deferred:
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            if name in CLOCKS:
                found.append(node.lineno)
        for child in ast.iter_child_nodes(node):
            visit(child, deferred)

    visit(tree, False)
    return found


def test_the_finder_sees_a_clock_read_at_import():
    source = """
import pytest
from django.utils import timezone

TODAY = timezone.localdate()


@pytest.mark.parametrize("moment", [timezone.now()])
def test_x(moment, later=timezone.now()):
    assert timezone.now()
"""
    assert clock_reads_at_import(ast.parse(source)) == [5, 8, 9]


def test_no_test_module_reads_the_clock_at_import():
    offenders = [
        f"{path.relative_to(TESTS.parent)}:{line}"
        for path in sorted(TESTS.rglob("*.py"))
        for line in clock_reads_at_import(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert offenders == []
