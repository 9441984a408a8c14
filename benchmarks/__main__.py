"""`make bench`: every benchmark in turn, each printing its own table."""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = ["extraction", "ingest", "analyze", "embed", "dedupe"]


def main() -> None:
    names = sys.argv[1:] or BENCHMARKS
    for name in names:
        print(f"\n=== {name} ===", flush=True)
        importlib.import_module(f"benchmarks.{name}").main()


if __name__ == "__main__":
    main()
