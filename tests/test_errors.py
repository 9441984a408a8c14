"""The errors users see: one module of documented classes, each with its exit code and status."""

from __future__ import annotations

import ast
import functools
import inspect
from pathlib import Path

import pytest

from assay import errors
from assay.errors import AssayError, QueryError, StoreBusy, UsageError

PACKAGE = Path(errors.__file__).parent
CLASSES = [c for _, c in inspect.getmembers(errors, inspect.isclass) if issubclass(c, AssayError)]


@functools.cache
def modules() -> list[tuple[Path, ast.Module]]:
    return [(p, ast.parse(p.read_text(encoding="utf-8"))) for p in sorted(PACKAGE.rglob("*.py"))]


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_every_error_class_is_documented_with_exit_code_and_status(cls: type[AssayError]) -> None:
    assert cls.__doc__ and cls.__doc__.strip(), f"{cls.__name__} has no docstring"
    assert cls.exit_code in (1, 2)
    assert 400 <= cls.http_status < 600


def test_usage_errors_exit_2_and_the_rest_exit_1() -> None:
    assert {c.__name__ for c in CLASSES if c.exit_code == 2} == {
        c.__name__ for c in CLASSES if issubclass(c, UsageError)
    }
    assert QueryError.exit_code == 2 and StoreBusy.exit_code == 1


def test_library_code_never_raises_the_base_class() -> None:
    bare = [
        f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
        for path, tree in modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.Raise)
        and isinstance(node.exc, ast.Call)
        and isinstance(node.exc.func, ast.Name)
        and node.exc.func.id == "AssayError"
    ]
    assert bare == []


def test_error_classes_are_defined_only_in_errors_py() -> None:
    names = {c.__name__ for c in CLASSES}
    elsewhere = [
        f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {node.name}"
        for path, tree in modules()
        if path.name != "errors.py" or path.parent != PACKAGE
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        and any(isinstance(b, ast.Name) and b.id in names for b in node.bases)
    ]
    assert elsewhere == []
