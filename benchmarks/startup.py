"""Cold start of the reading commands: wall time of a fresh `assay` process, and which heavy
libraries it imported (none of them should be: they belong to ingest and analyze).

Each command runs in a new interpreter against a small SQLite store built here, several
times; the table shows the fastest and the median run. Target: under 1 s each.

    python -m benchmarks.startup [RUNS]
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HEAVY = (
    "spacy",
    "torch",
    "sentence_transformers",
    "transformers",
    "lingua",
    "sklearn",
    "scipy",
)
COMMANDS = (
    ("--help",),
    ("stats",),
    ("articles", "list"),
    ("search", "nickel", "--no-vector"),
    ("entities", "nickel"),
    ("facts", "--entity", "Indonesia"),
)
TARGET_S = 1.0

# Runs the CLI like the console script does, then writes the top-level modules it loaded.
_RUNNER = """\
import json, os, sys
from assay.cli import cli
try:
    cli()
finally:
    with open(os.environ["ASSAY_MODULES_OUT"], "w") as out:
        json.dump(sorted({name.split(".")[0] for name in sys.modules}), out)
"""

_STORIES = (
    ("Nickel rises", "Nickel prices rose after Indonesia said it would cap smelter permits."),
    ("Copper output falls", "Chile's state copper company reported lower output this quarter."),
    ("Rare earths pact", "Japan and Australia signed a supply agreement for rare earths."),
)


def build_store(path: Path) -> None:
    """A small migrated store with a few articles, saved as ingest would (without models)."""
    from assay.models import Article, SectorScore
    from assay.store import Store

    with Store.open_url(f"sqlite:///{path}") as store:
        store.save_articles(
            [
                Article(
                    source=f"https://news.example/{i}",
                    url=f"https://news.example/{i}",
                    title=title,
                    text=text,
                    published=datetime(2026, 3, i + 1, tzinfo=UTC),
                    language="en",
                    sectors=[SectorScore("mining-metals", 0.9)],
                )
                for i, (title, text) in enumerate(_STORIES)
            ]
        )


def clean_env(tmp: Path) -> dict[str, str]:
    """The environment of a fresh shell: no ASSAY_* settings, no assay.toml."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSAY_")}
    env["ASSAY_CONFIG"] = str(tmp / "no-such-assay.toml")
    root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    return env


def run_command(db: Path, args: tuple[str, ...], env: dict[str, str]) -> dict[str, Any]:
    """Run `assay --db DB ARGS` in a new interpreter: wall seconds, exit code, heavy modules."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        modules_out = Path(handle.name)
    try:
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", _RUNNER, "--db", str(db), *args],
            env={**env, "ASSAY_MODULES_OUT": str(modules_out)},
            capture_output=True,
            text=True,
            timeout=120,
        )
        seconds = time.perf_counter() - started
        loaded = set(json.loads(modules_out.read_text() or "[]"))
    finally:
        modules_out.unlink(missing_ok=True)
    return {
        "seconds": seconds,
        "returncode": done.returncode,
        "stdout": done.stdout,
        "stderr": done.stderr,
        "heavy": sorted(loaded.intersection(HEAVY)),
    }


def run(runs: int = 5) -> list[dict[str, Any]]:
    """Per command: fastest and median wall seconds over `runs`, and heavy modules seen."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "startup.db"
        build_store(db)
        env = clean_env(Path(tmp))
        for args in COMMANDS:
            results = [run_command(db, args, env) for _ in range(runs)]
            times = [r["seconds"] for r in results]
            rows.append(
                {
                    "command": "assay " + " ".join(args),
                    "min_s": round(min(times), 2),
                    "median_s": round(statistics.median(times), 2),
                    "heavy": sorted({m for r in results for m in r["heavy"]}),
                    "failed": sum(r["returncode"] != 0 for r in results),
                }
            )
    return rows


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 5
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    bare = time.perf_counter() - started
    rows = run(runs)
    print(f"Cold start, new process each run ({runs} runs; bare python {bare:.2f} s)")
    print(f"{'command':<34} {'min s':>6} {'median s':>9}  target  heavy imports")
    for row in rows:
        verdict = "ok" if row["median_s"] < TARGET_S and not row["failed"] else "SLOW"
        if row["failed"]:
            verdict = "FAILED"
        heavy = ", ".join(row["heavy"]) or "none"
        print(f"{row['command']:<34} {row['min_s']:>6} {row['median_s']:>9}  {verdict:<6}  {heavy}")


if __name__ == "__main__":
    main()
