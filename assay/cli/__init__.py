"""The `assay` command line: the only package that prints or exits.

Each module registers its commands on the app in `app.py`; `--help` lists them in the
order imported here.
"""

import importlib

from assay.cli.app import app

__all__ = ["app", "cli"]

_MODULES = (
    "store_cmds",
    "article_cmds",
    "entity_cmds",
    "search_cmds",
    "feed_cmds",
    "embed_cmds",
    "enrich_cmds",
    "web_cmds",
    "deliver_cmds",
    "alert_cmds",
    "run_cmds",
)
for _module in _MODULES:
    importlib.import_module(f"assay.cli.{_module}")


def cli() -> None:
    """Console-script entry point."""
    app()
