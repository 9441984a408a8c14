"""Imports point one way: sources -> extract -> enrich -> stories/search -> store -> pipeline
-> web/deliver -> cli (docs/architecture.md). Every import counts, lazy ones included."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "assay"
# Modules every layer may use.
BASE = {"models", "errors", "settings", "records", "serialize", "__init__"}
# What each layer may import besides BASE and itself.
ALLOWED: dict[str, set[str]] = {
    "base": set(),
    "sources": set(),
    "extract": {"sources"},
    "enrich": {"extract"},
    "stories": {"enrich", "extract"},
    "search": {"enrich", "extract", "stories"},
    "store": set(),
    "pipeline": {"sources", "extract", "enrich", "stories", "search", "store"},
    "web": {"sources", "extract", "enrich", "stories", "search", "store", "pipeline"},
    "deliver": {"sources", "extract", "enrich", "stories", "search", "store", "pipeline"},
    "cli": {
        "sources",
        "extract",
        "enrich",
        "stories",
        "search",
        "store",
        "pipeline",
        "web",
        "deliver",
    },
}
# Top-level modules that belong to a layer although they are not in its folder.
TOP_LEVEL = {"pipeline": "pipeline", "polling": "pipeline", "__main__": "cli"}


def layer_of(name: str) -> str:
    """The layer of `assay.<name>...` (a dotted name below `assay`)."""
    head = name.split(".")[0]
    if head in BASE:
        return "base"
    return TOP_LEVEL.get(head, head)


def assay_imports(path: Path) -> set[str]:
    """Dotted names below `assay` that a module imports anywhere in its body."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("assay.")}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "assay":
                # `from assay import x`: a submodule if one is named x, else the root package.
                found |= {
                    f"assay.{a.name}" if _is_module(a.name) else "assay.__init__"
                    for a in node.names
                }
            elif node.module.startswith("assay."):
                found.add(node.module)
    return {name.removeprefix("assay.") for name in found}


def _is_module(name: str) -> bool:
    return (PACKAGE / f"{name}.py").is_file() or (PACKAGE / name / "__init__.py").is_file()


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE).with_suffix("").parts)


def violations() -> list[str]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = module_name(path)
        if name == "__init__" or "migrations" in path.parts or path.parts[-2] == "data":
            continue
        layer = layer_of(name)
        allowed = ALLOWED[layer] | {layer, "base"}
        for target in sorted(assay_imports(path)):
            if layer_of(target) not in allowed:
                out.append(f"assay.{name} ({layer}) imports assay.{target} ({layer_of(target)})")
    return out


def test_every_layer_is_known() -> None:
    layers = {layer_of(module_name(p)) for p in PACKAGE.rglob("*.py") if p.parent == PACKAGE}
    # A package is a layer unless it is one of the base modules (records/).
    layers |= {layer_of(p.name) for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert layers - {"base"} <= set(ALLOWED) | {"data"}, layers - set(ALLOWED)


def test_imports_point_one_way() -> None:
    assert violations() == []


def test_store_imports_no_domain_logic() -> None:
    store_files = (PACKAGE / "store").rglob("*.py")
    bad = {
        t
        for p in store_files
        for t in assay_imports(p)
        if layer_of(t) in {"enrich", "search", "stories", "extract", "sources"}
    }
    assert bad == set()


def test_the_checker_sees_lazy_imports(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        "def f():\n    from assay.enrich import nlp\n    import assay.search.x\n"
        "from assay import __version__, models\n"
    )
    assert assay_imports(module) == {"enrich", "search.x", "__init__", "models"}
