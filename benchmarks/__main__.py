"""`make bench`: every benchmark in turn, each printing its own table.

python -m benchmarks                 # all of them (several minutes)
python -m benchmarks ingest analyze  # some of them
"""

from __future__ import annotations

import importlib
import sys
import time

BENCHMARKS = [
    "startup",
    "extraction",
    "ingest",
    "analyze",
    "store",
    "dedupe",
    "embed",
    "search",
    "web",
    "digest",
]


def main() -> None:
    names = sys.argv[1:] or BENCHMARKS
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        raise SystemExit(f"Unknown benchmark {unknown[0]!r}; choose from {', '.join(BENCHMARKS)}.")
    for name in names:
        print(f"\n=== {name} ===", flush=True)
        started = time.perf_counter()
        sys.argv = [f"benchmarks.{name}"]  # each module's own defaults, not our arguments
        importlib.import_module(f"benchmarks.{name}").main()
        print(f"({name}: {time.perf_counter() - started:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
