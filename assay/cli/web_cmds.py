"""`assay serve` (the web UI and REST API) and `assay keys` (API keys)."""

from __future__ import annotations

import ipaddress
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.table import Table

from assay.cli.app import ListFormatOpt, app, err, esc, open_store, out, state
from assay.cli.output import ListFormat, emit_listing

keys_app = typer.Typer(help="Create, list and revoke REST API keys.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")


class Role(StrEnum):
    reader = "reader"
    analyst = "analyst"
    admin = "admin"


@app.command()
def serve(
    host: Annotated[
        str | None,
        typer.Option(help="Address to bind (default 127.0.0.1: this machine only)."),
    ] = None,
    port: Annotated[int | None, typer.Option(min=0, max=65535, help="Port (default 8000).")] = None,
) -> None:
    """Serve the web UI and the REST API (/api/v1, docs at /api/v1/docs) until Ctrl-C.

    Example: assay --db .demo/assay.db serve --port 8000
    """
    import uvicorn

    from assay.deliver.http import router as deliver_router
    from assay.store.core import store_location
    from assay.web import create_app

    settings = state.settings
    host = host or settings.serve_host
    port = settings.serve_port if port is None else port
    # The subscription pages, Atom feeds and alerts API come from assay.deliver.
    application = create_app(settings, routers=[deliver_router])
    if not _is_loopback(host):
        err.print(
            f"Listening on {host}: other machines can reach this server. Set "
            "ASSAY_API_READ_REQUIRES_KEY=true to require keys for reading.",
            markup=False,
        )
    err.print(
        f"Serving {store_location(settings.url)} on "
        f"http://{host}:{port} (API docs: http://{host}:{port}/api/v1/docs). Ctrl-C stops.",
        markup=False,
        highlight=False,
    )
    uvicorn.run(application, host=host, port=port, log_level="warning", server_header=False)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@keys_app.command("create")
def keys_create(
    role: Annotated[Role, typer.Option("--role", help="reader, analyst (may export) or admin.")],
    name: Annotated[str | None, typer.Option(help="Who or what the key is for.")] = None,
) -> None:
    """Create an API key and print it once (only its hash is stored).

    Example: assay keys create --role analyst --name "Jane's scripts"
    """
    record, key = open_store(write=True).create_key(role.value, name)
    out.print(key, markup=False, highlight=False)
    err.print(
        f"Key {record['prefix']} ({record['role']}) created. It is shown only now: "
        "keep it somewhere safe.",
        markup=False,
    )


@keys_app.command("list")
def keys_list(fmt: ListFormatOpt = ListFormat.table) -> None:
    """List API keys: prefix, role, name, created, last used, revoked (never the secret)."""
    emit_listing(open_store().list_keys(), fmt, _keys_table, out)


def _keys_table(rows: list[Any]) -> Table:
    table = Table("prefix", "role", "name", "created", "last used", "revoked")
    for row in rows:
        table.add_row(
            row["prefix"],
            row["role"],
            esc(row["name"]),
            str(row["created_at"])[:19],
            str(row["last_used_at"] or "")[:19],
            str(row["revoked_at"] or "")[:19],
        )
    return table


@keys_app.command("revoke")
def keys_revoke(
    key: Annotated[str, typer.Argument(help="The key's prefix (8 hex digits) or id.")],
) -> None:
    """Revoke an API key: requests with it fail from now on.

    Example: assay keys revoke 1a2b3c4d
    """
    target: int | str = key
    if key.isdigit() and len(key) != 8:
        target = int(key)
    elif key.startswith("assay_"):
        target = key.split("_")[1]
    record = open_store(write=True).revoke_key(target)
    err.print(f"Revoked key {record['prefix']} ({record['role']}).", markup=False)
