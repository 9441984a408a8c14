"""Digest subscribers and digests: `assay subscribers add|list|export|delete`,
`assay digest preview|send`."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from assay.cli.app import Format, FormatOpt, app, emit_json, err, esc, open_store, out, state
from assay.errors import UsageError

subscribers_app = typer.Typer(
    help="Digest subscribers: add (double opt-in), list, export, delete.", no_args_is_help=True
)
digest_app = typer.Typer(help="Preview and send the daily e-mail digests.", no_args_is_help=True)
app.add_typer(subscribers_app, name="subscribers")
app.add_typer(digest_app, name="digest")


class MailFormat(StrEnum):
    html = "html"
    text = "text"


class Status(StrEnum):
    pending = "pending"
    active = "active"
    unsubscribed = "unsubscribed"
    bounced = "bounced"


@subscribers_app.command("add")
def subscribers_add(
    email: Annotated[str, typer.Argument(help="The subscriber's e-mail address.")],
    sector: Annotated[
        list[str] | None, typer.Option("--sector", help="A sector slug to follow (repeat).")
    ] = None,
    entity: Annotated[
        list[str] | None,
        typer.Option("--entity", help="An entity key to follow, e.g. country:IDN (repeat)."),
    ] = None,
    fact_type: Annotated[
        list[str] | None,
        typer.Option("--fact-type", help="A fact type to follow, e.g. trade_measure (repeat)."),
    ] = None,
    hour: Annotated[
        int | None, typer.Option(min=0, max=23, help="Local delivery hour (default 7).")
    ] = None,
    timezone: Annotated[
        str | None, typer.Option(help="IANA time zone, e.g. Europe/Berlin (default UTC).")
    ] = None,
    mail_format: Annotated[
        MailFormat, typer.Option("--mail-format", help="html (with a text part) or text.")
    ] = MailFormat.html,
    confirmed: Annotated[
        bool,
        typer.Option(
            "--confirmed",
            help="The owner consented elsewhere: activate now, record the import, send no "
            "confirmation.",
        ),
    ] = False,
) -> None:
    """Subscribe an address: it gets a confirmation link and is active once it is opened.

    Example: assay subscribers add jane@example.org --sector ev-battery --timezone Asia/Tokyo
    """
    from assay.deliver.mail import Mailer
    from assay.deliver.subscriptions import preferences, subscribe

    settings = state.settings
    prefs = preferences(
        settings,
        sectors=sector or [],
        entities=entity or [],
        fact_types=fact_type or [],
        hour=hour,
        timezone=timezone,
        format=mail_format.value,
    )
    with Mailer(settings) as mailer:
        record, mailed = subscribe(
            open_store(), settings, mailer, email, prefs, source="cli", confirmed=confirmed
        )
    if confirmed or record["status"] == "active":
        err.print(f"Subscriber {record['id']} {record['email']} is active.", markup=False)
    elif mailed:
        err.print(
            f"Subscriber {record['id']} {record['email']} is pending: a confirmation link was "
            "sent; the digest starts once it is opened.",
            markup=False,
        )
    else:
        err.print(
            f"Subscriber {record['id']} {record['email']} is pending; no new confirmation was "
            "sent (too many today).",
            markup=False,
        )


@subscribers_app.command("list")
def subscribers_list(
    status: Annotated[Status | None, typer.Option(help="Only this status.")] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """List subscribers: status, preferences, delivery hour and zone."""
    rows = open_store().subscribers.all(status.value if status else None)
    if fmt is Format.json:
        emit_json(rows)
        return
    table = Table("id", "email", "status", "follows", "hour", "zone", "format")
    for row in rows:
        p = row["preferences"]
        follows = ", ".join(p["sectors"] + p["entities"] + p["fact_types"]) or "everything"
        table.add_row(
            str(row["id"]),
            esc(row["email"]),
            row["status"],
            esc(follows),
            f"{p['hour']:02d}:00",
            esc(p["timezone"]),
            p["format"],
        )
    out.print(table)


@subscribers_app.command("export")
def subscribers_export(
    email: Annotated[str, typer.Argument(help="The address whose data to export.")],
) -> None:
    """Print everything stored about an address as JSON (a data access request)."""
    emit_json(open_store().subscribers.export(email))


@subscribers_app.command("delete")
def subscribers_delete(
    email: Annotated[str, typer.Argument(help="The address to erase.")],
) -> None:
    """Erase an address: subscriber, preferences, consents and digest records. Only a hash
    of the address stays, on the suppression list, so no import adds it again."""
    record = open_store().subscribers.delete(email)
    err.print(
        f"Deleted subscriber {record['id']}; {record['email']} is now only a hash on the "
        "suppression list.",
        markup=False,
    )


@digest_app.command("preview")
def digest_preview(
    subscriber: Annotated[str, typer.Option("--subscriber", help="The subscriber's address.")],
    day: Annotated[
        str | None,
        typer.Option("--date", help="The local day (YYYY-MM-DD; default: their current one)."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--out", help="File to write (default: ./digest-<day>-<id>.html)."),
    ] = None,
    text: Annotated[bool, typer.Option("--text", help="Write the plain-text part.")] = False,
) -> None:
    """Write the digest a subscriber would get to a file and print its path (nothing is sent).

    Example: assay digest preview --subscriber jane@example.org --date 2026-03-02
    """
    from assay.deliver.render import Renderer
    from assay.deliver.sending import preview_digest

    settings = state.settings
    chosen = None
    if day is not None:
        try:
            chosen = date.fromisoformat(day)
        except ValueError:
            raise UsageError(f"--date is '{day}'; expected a date like 2026-03-02.") from None
    digest = preview_digest(open_store(), settings, subscriber, chosen)
    renderer = Renderer(settings)
    body = renderer.digest_text(digest) if text else renderer.digest_html(digest)
    suffix = "txt" if text else "html"
    path = output or Path(f"digest-{digest.day.isoformat()}-{digest.subscriber['id']}.{suffix}")
    try:
        path.write_text(body, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"Cannot write {path}: {exc.strerror}; choose another --out.") from None
    err.print(f"{len(digest.entries)} stories for {digest.day.isoformat()}.", markup=False)
    out.print(str(path.resolve()), markup=False, highlight=False, soft_wrap=True)


@digest_app.command("send")
def digest_send(fmt: FormatOpt = Format.table) -> None:
    """Send every digest that is due now (each subscriber's hour has come), once each.

    Run it from cron every few minutes, or let `assay run` do it.
    """
    from assay.deliver.sending import send_due_digests

    settings = state.settings
    report = send_due_digests(open_store(), settings)
    if fmt is Format.json:
        emit_json(report.to_dict())
    else:
        out.print(report.summary(), markup=False)
    for line in report.errors[:20]:
        err.print(f"Warning: {line}", markup=False, highlight=False)
    if report.stopped:
        raise typer.Exit(1)
