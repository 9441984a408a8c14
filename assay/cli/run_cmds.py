"""`assay run`: the always-on service (poll, enrich, store, alert, digest, serve)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from assay.cli.app import app, enrichment, open_store, state


class LogFormat(StrEnum):
    text = "text"
    json = "json"


@app.command()
def run(
    host: Annotated[
        str | None, typer.Option(help="Address to serve on (default 127.0.0.1).")
    ] = None,
    port: Annotated[
        int | None, typer.Option(min=0, max=65535, help="Port (default 8000; 0: any free).")
    ] = None,
    no_serve: Annotated[
        bool, typer.Option("--no-serve", help="Do not serve the web UI and API.")
    ] = False,
    no_enrich: Annotated[bool, typer.Option("--no-enrich", help="Store text only.")] = False,
    interval: Annotated[
        float | None,
        typer.Option(min=0.1, help="Seconds between rounds (default ASSAY_RUN_INTERVAL, 60)."),
    ] = None,
    log_format: Annotated[
        LogFormat | None,
        typer.Option("--log-format", help="text, or json: one JSON object per line."),
    ] = None,
) -> None:
    """Run the always-on service: poll, enrich, store, alert, send digests and serve.

    One process until SIGTERM or Ctrl-C: polls feeds on their schedule, enriches and
    stores, fires alerts, sends each subscriber's digest at their hour, and serves the
    web UI and API.

    Example: ASSAY_SECRET_KEY=... assay --db /srv/assay/news.db run --host 0.0.0.0 --log-format json
    """
    from assay.cli.logs import configure_logging
    from assay.deliver.service import Service

    settings = state.settings
    if interval is not None:
        settings = settings.model_copy(update={"run_interval": interval})
    configure_logging((log_format.value if log_format else None) or settings.log_format)
    store = open_store()
    application = None
    if not no_serve:
        from assay.deliver.http import router
        from assay.web import create_app

        application = create_app(settings, routers=[router])
    with enrichment(settings.enrich and not no_enrich) as enricher:
        service = Service(
            settings,
            store,
            enricher,
            application,
            host or settings.serve_host,
            settings.serve_port if port is None else port,
        )
        service.run()  # logs "assay run stopped" with the rounds done
