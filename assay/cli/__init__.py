"""The `assay` command line: the only package that prints or exits.

Each module registers its commands on the app in `app.py`; `--help` lists them in the
order imported here.
"""

import importlib

from assay.cli.app import app

__all__ = ["app", "cli"]

for _module in (
    "store_cmds",
    "article_cmds",
    "search_cmds",
    "feed_cmds",
    "embed_cmds",
    "web_cmds",
):
    importlib.import_module(f"assay.cli.{_module}")


def cli() -> None:
    """Console-script entry point."""
    app()
