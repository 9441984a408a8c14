"""Smoke test against real uvicorn on 127.0.0.1, port 0, and the `assay keys` commands."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import httpx
import uvicorn
from api_fixtures import api_settings, fill
from typer.testing import CliRunner

from assay.cli import app as cli_app
from assay.store import Store
from assay.web import create_app


def test_real_uvicorn_serves_the_api_on_loopback(tmp_path: Path) -> None:
    settings = api_settings(tmp_path)
    with Store.open(settings) as store:
        fill(store)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        base = f"http://127.0.0.1:{port}"
        health = httpx.get(f"{base}/api/v1/health", timeout=5)
        assert health.json()["articles"] == 9
        assert "default-src 'self'" in health.headers["content-security-policy"]
        hits = httpx.get(f"{base}/api/v1/search", params={"q": "gallium"}, timeout=5).json()
        assert hits["total"] == 5
        missing = httpx.get(f"{base}/api/v1/articles/404", timeout=5)
        assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def test_keys_commands_create_list_and_revoke(tmp_path: Path, isolated_env: None) -> None:
    runner = CliRunner()
    db = ["--db", str(tmp_path / "keys.db")]
    refused = runner.invoke(cli_app, [*db, "keys", "create", "--role", "analyst"])
    assert refused.exit_code == 1 and "Run 'assay init' first" in refused.stderr
    assert runner.invoke(cli_app, [*db, "init"]).exit_code == 0
    created = runner.invoke(cli_app, [*db, "keys", "create", "--role", "analyst", "--name", "ci"])
    assert created.exit_code == 0, created.output
    key = created.stdout.strip().splitlines()[0]
    assert key.startswith("assay_") and "shown only now" in created.stderr
    prefix = key.split("_")[1]
    listed = runner.invoke(cli_app, [*db, "keys", "list", "--format", "json"])
    assert '"role": "analyst"' in listed.stdout and key not in listed.stdout
    assert prefix in listed.stdout
    revoked = runner.invoke(cli_app, [*db, "keys", "revoke", prefix])
    assert revoked.exit_code == 0 and f"Revoked key {prefix}" in revoked.stderr
    with Store.open(api_settings(tmp_path).model_copy(update={"db": tmp_path / "keys.db"})) as s:
        record = s.verify_key(key)
        assert record is not None and record["revoked_at"] is not None
    bad = runner.invoke(cli_app, [*db, "keys", "create", "--role", "owner"])
    assert bad.exit_code == 2
    unknown = runner.invoke(cli_app, [*db, "keys", "revoke", "0badc0de"])
    assert unknown.exit_code == 1
    assert "No API key '0badc0de'" in unknown.stderr


def test_story_and_key_records_match_the_schema(tmp_path: Path) -> None:
    import json

    import jsonschema

    from assay.serialize import to_jsonable

    schema = json.loads((Path(__file__).parents[2] / "docs/records.schema.json").read_text())

    def check(record: object, name: str) -> None:
        jsonschema.validate(to_jsonable(record), {"$ref": f"#/$defs/{name}", **schema})

    with Store.open(api_settings(tmp_path)) as store:
        fill(store)
        check(store.cluster(1), "StoryCluster")
        check(store.cluster(4), "StoryCluster")
        record, _ = store.create_key("reader", None)
        check(record, "ApiKeyRecord")
        check(store.revoke_key(record["prefix"]), "ApiKeyRecord")
