"""Alerts on saved searches and fact patterns: `assay alerts add|list|remove|send`."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from assay.cli.app import Format, FormatOpt, app, emit_json, err, esc, open_store, out, state

alerts_app = typer.Typer(
    help="Alerts: saved searches and fact patterns that notify by e-mail or webhook.",
    no_args_is_help=True,
)
app.add_typer(alerts_app, name="alerts")


@alerts_app.command("add")
def alerts_add(
    name: Annotated[str, typer.Argument(help="A name for the alert.")],
    search: Annotated[
        str | None, typer.Option("--search", help="A search query, as `assay search` takes.")
    ] = None,
    fact_type: Annotated[
        str | None, typer.Option("--type", help="Facts of this type (a fact pattern).")
    ] = None,
    entity: Annotated[
        list[str] | None,
        typer.Option("--entity", help="An entity taking part, e.g. country:NAM (repeat: any)."),
    ] = None,
    goods: Annotated[
        list[str] | None,
        typer.Option("--goods", help="Goods named, a key or a word, e.g. gallium (repeat: any)."),
    ] = None,
    action: Annotated[
        list[str] | None,
        typer.Option("--action", help="The fact's action, e.g. imposed (repeat: any)."),
    ] = None,
    email: Annotated[str | None, typer.Option("--email", help="Notify this address.")] = None,
    webhook: Annotated[
        str | None, typer.Option("--webhook", help="POST signed JSON to this URL.")
    ] = None,
) -> None:
    """Add an alert; it fires on matches among articles stored from now on.

    Examples:
      assay alerts add "Ga/Ge" --type trade_measure --goods gallium --goods germanium
        --email desk@example.org
      assay alerts add "Namibia deals" --type agreement --entity country:NAM
        --webhook https://hooks.example/assay
      assay alerts add "China controls" --search '"export control" country:CHN'
        --email desk@example.org
    """
    from assay.deliver.alerts import add_alert, fact_pattern
    from assay.deliver.links import Links
    from assay.deliver.webhooks import webhook_secret

    settings = state.settings
    pattern = None
    if search is None:
        pattern = fact_pattern(
            type=fact_type, entities=entity or [], goods=goods or [], actions=action or []
        )
    record = add_alert(
        open_store(),
        settings,
        name=name,
        query=search,
        pattern=pattern,
        email=email,
        webhook=webhook,
        created_by="cli",
    )
    err.print(
        f"Alert {record['id']} '{record['name']}' notifies {record['target']}.",
        markup=False,
        highlight=False,
    )
    err.print(f"Atom feed: {Links(settings).atom_alert(record['id'])}", markup=False)
    if record["channel"] == "webhook":
        err.print("Webhook signing secret (X-Assay-Signature, HMAC-SHA256):", markup=False)
        out.print(webhook_secret(settings, record["id"]), markup=False, highlight=False)


@alerts_app.command("list")
def alerts_list(fmt: FormatOpt = Format.table) -> None:
    """List alerts: what each watches, whom it notifies, matches so far."""
    rows = open_store().alerts.all()
    if fmt is Format.json:
        emit_json(rows)
        return
    table = Table("id", "name", "watches", "notifies", "matches", "last fired")
    for row in rows:
        if row["query"] is not None:
            watches = f"search {row['query']}"
        else:
            p = row["pattern"] or {}
            parts = [p.get("type") or "any fact"]
            parts += [f"entity {e}" for e in p.get("entities", [])]
            parts += [f"goods {g}" for g in p.get("goods", [])]
            parts += [f"action {a}" for a in p.get("actions", [])]
            watches = ", ".join(str(x) for x in parts)
        table.add_row(
            str(row["id"]),
            esc(row["name"]),
            esc(watches),
            esc(f"{row['channel']} {row['target']}"),
            str(row["matches"]),
            str(row["last_fired_at"] or "")[:19],
        )
    out.print(table)


@alerts_app.command("remove")
def alerts_remove(alert_id: Annotated[int, typer.Argument(help="The alert's id.")]) -> None:
    """Remove an alert with its matches."""
    record = open_store().alerts.remove(alert_id)
    err.print(f"Removed alert {record['id']} '{record['name']}'.", markup=False)


@alerts_app.command("send")
def alerts_send() -> None:
    """Send the alert notifications that are due (new matches, retries whose time came).

    `assay run` does this every round; run it after `assay ingest` or `feeds poll`.
    """
    from assay.deliver.alerts import dispatch_alerts
    from assay.deliver.mail import Mailer

    settings = state.settings
    with Mailer(settings) as mailer:
        report = dispatch_alerts(open_store(), settings, mailer)
    out.print(report.summary(), markup=False)
    for line in report.errors[:20]:
        err.print(f"Warning: {line}", markup=False, highlight=False)
