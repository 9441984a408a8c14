"""search/ sits above the store through a protocol: neither package imports the other."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import assay

PACKAGE = Path(assay.__file__).parent


def imported_modules(folder: Path) -> dict[str, set[str]]:
    """Every module each file of `folder` imports (absolute names), type-checking ones too."""
    found: dict[str, set[str]] = {}
    for path in sorted(folder.rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
        found[str(path.relative_to(PACKAGE.parent))] = names
    return found


def offending(folder: str, prefixes: tuple[str, ...]) -> list[str]:
    return sorted(
        f"{path}: {name}"
        for path, names in imported_modules(PACKAGE / folder).items()
        for name in names
        if name.startswith(prefixes)
    )


def test_store_never_imports_search() -> None:
    assert offending("store", ("assay.search",)) == []


def test_search_holds_no_sql_and_never_imports_the_store() -> None:
    assert offending("search", ("assay.store", "sqlalchemy", "sqlite3")) == []


def test_importing_the_store_loads_no_search_module() -> None:
    code = "import sys, assay.store; print(sorted(m for m in sys.modules if 'assay.search' in m))"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"
