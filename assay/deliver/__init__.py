"""Delivery: daily digests by e-mail, alerts by e-mail or webhook, Atom feeds out, and the
always-on service (`assay run`).

- `subscriptions.py`: double opt-in sign-up, preferences, unsubscribing (`links.py` signs)
- `digest.py`: a subscriber's stories of the day, ranked and grouped by sector
- `render.py` + `templates/`: the e-mails (HTML with inline CSS, plain text) and pages
- `mail.py`: SMTP; `sending.py`: due digests, each (subscriber, day) at most once
- `alerts.py`, `webhooks.py`: saved searches and fact patterns, matched after each save
- `atom.py`: Atom 1.0 per sector, entity and alert; `http.py`: the router for the web app
- `service.py`: `assay run`

It reads and writes through `assay.store` and ranks with `assay.search`; `assay.web` and
this package never import each other (the CLI hands `http.router` to `create_app`).
"""
