"""What the delivery tables return has the shapes docs/records.schema.json describes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
from deliver_fixtures import add_subscriber, at

from assay.deliver.alerts import add_alert, fact_pattern, match_alerts
from assay.deliver.mail import Mailer
from assay.deliver.sending import send_due_digests
from assay.serialize import to_jsonable
from assay.settings import Settings
from assay.store import Store

SCHEMA = json.loads((Path(__file__).parents[2] / "docs/records.schema.json").read_text())


def check(record: Any, name: str) -> None:
    schema = {"$ref": f"#/$defs/{name}", "$defs": SCHEMA["$defs"]}
    jsonschema.validate(to_jsonable(record), schema)


def test_delivery_records_match_the_schema(dstore: Store, dsettings: Settings) -> None:
    add_subscriber(dstore, dsettings, "a@example.org", sectors=["ev-battery"], hour=23)
    with Mailer(dsettings) as mailer:
        send_due_digests(dstore, dsettings, mailer, now=at(10, 23))
    exported = dstore.subscribers.export("a@example.org")
    check(exported["subscriber"], "SubscriberRecord")
    for consent in exported["consents"]:
        check(consent, "ConsentRecord")
    [delivery] = exported["deliveries"]
    check(delivery, "DeliveryRecord")
    assert delivery["status"] == "sent"
    search = add_alert(dstore, dsettings, name="nickel", query="nickel", email="d@example.org")
    facts = add_alert(
        dstore,
        dsettings,
        name="gallium",
        pattern=fact_pattern(goods=["gallium"]),
        email="d@example.org",
    )
    match_alerts(dstore, [a["id"] for a in dstore.list_articles(limit=50)])
    for alert in dstore.alerts.all():
        check(alert, "AlertRecord")
    matches = dstore.alerts.matches(search["id"]) + dstore.alerts.matches(facts["id"])
    assert matches and any(m["fact_id"] is not None for m in matches)
    for match in matches:
        check(match, "AlertMatchRecord")
    check(dstore.service_status(), "ServiceStatus")
