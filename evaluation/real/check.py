"""Validate real-text annotation files and count positives.

    python evaluation/real/check.py                 # every annotations/batch-N.jsonl present
    python evaluation/real/check.py annotations/batch-1.jsonl

Checks each line against documents.jsonl (same documents, same order, same split), the
sector slugs, entity and fact types, key shapes, that fact role values name entities of the
same line, and that no string is longer than 200 characters (no article text is copied).
Prints one line per problem, then positive counts per sector, entity type and fact type over
all files checked. Exits 1 when there is a problem.
"""

from __future__ import annotations

import json
import re
import string
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from assay.models import ENTITY_TYPES, FACT_ROLES, SECTORS

HERE = Path(__file__).parent
DOCUMENTS = HERE / "documents.jsonl"
ANNOTATIONS = HERE / "annotations"

ENUMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("agreement", "kind"): (
        "exploration", "supply", "offtake", "trade", "partnership", "mou", "joint-venture",
        "other",
    ),
    ("agreement", "action"): ("signed", "announced", "planned", "ended"),
    ("trade_measure", "measure"): ("tariff", "export-control", "import-ban", "quota"),
    ("trade_measure", "action"): (
        "imposed", "raised", "lowered", "suspended", "lifted", "threatened",
    ),
    ("sanction", "action"): ("imposed", "extended", "lifted"),
    ("capacity", "status"): ("planned", "under-construction", "operational", "expanded", "closed"),
    ("investment", "action"): ("invested", "acquired", "pledged"),
    ("production", "measure"): (
        "production", "reserves", "share", "imports", "exports", "dependence",
    ),
}  # fmt: skip
COUNTRY_KEY = re.compile(r"^country:[A-Z]{3}$")
COMMODITY_KEY = re.compile(r"^commodity:[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_CHARS = 200
_PUNCT = re.compile(f"[{re.escape(string.punctuation)}’‘“”–—]")


def norm(name: str) -> str:
    """The scorer's name normalisation: lower-case, no punctuation, no leading 'the'."""
    text = " ".join(_PUNCT.sub("", name.lower()).split())
    return text[4:] if text.startswith("the ") else text


def load_documents() -> dict[int, list[dict[str, Any]]]:
    """documents.jsonl grouped by batch, in file order."""
    batches: dict[int, list[dict[str, Any]]] = {}
    with DOCUMENTS.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                batches.setdefault(int(row["batch"]), []).append(row)
    return batches


def load_documents_flat() -> list[dict[str, Any]]:
    """Every row of documents.jsonl, batch by batch."""
    return [row for rows in load_documents().values() for row in rows]


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def check_entities(where: str, entities: Any, problems: list[str]) -> set[str]:
    if not isinstance(entities, list):
        problems.append(f"{where}: entities must be a list")
        return set()
    names: set[str] = set()
    seen: set[tuple[str, str]] = set()
    for ent in entities:
        if not isinstance(ent, dict) or set(ent) != {"type", "name", "key"}:
            problems.append(f"{where}: entity needs exactly type, name, key: {ent!r}")
            continue
        etype, name, key = ent["type"], ent["name"], ent["key"]
        if etype not in ENTITY_TYPES:
            problems.append(f"{where}: unknown entity type {etype!r}")
        if not isinstance(name, str) or not name.strip():
            problems.append(f"{where}: entity without a name: {ent!r}")
            continue
        if etype == "COUNTRY" and not (isinstance(key, str) and COUNTRY_KEY.match(key)):
            problems.append(f"{where}: COUNTRY {name!r} needs key country:ISO3, got {key!r}")
        elif etype == "COMMODITY" and not (isinstance(key, str) and COMMODITY_KEY.match(key)):
            problems.append(f"{where}: COMMODITY {name!r} needs key commodity:x-y, got {key!r}")
        elif etype not in ("COUNTRY", "COMMODITY") and key is not None:
            problems.append(f"{where}: {etype} {name!r} must have key null")
        mark = (str(etype), norm(name))
        if mark in seen:
            problems.append(f"{where}: entity listed twice: {etype} {name!r}")
        seen.add(mark)
        names.add(norm(name))
    return names


def check_facts(where: str, facts: Any, names: set[str], problems: list[str]) -> None:
    if not isinstance(facts, list):
        problems.append(f"{where}: facts must be a list")
        return
    for i, fact in enumerate(facts):
        fw = f"{where} fact {i}"
        if not isinstance(fact, dict) or fact.get("type") not in FACT_ROLES:
            problems.append(f"{fw}: unknown fact type {fact!r:.80}")
            continue
        ftype = fact["type"]
        for role in FACT_ROLES[ftype]:
            values = fact.get(role)
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                problems.append(f"{fw}: role {role} must be a list of entity names")
                continue
            optional = ftype == "trade_measure" and role == "target"
            if not values and not optional:
                problems.append(f"{fw}: role {role} is empty")
            for v in values:
                if norm(v) not in names:
                    problems.append(f"{fw}: {role} value {v!r} is not in the entity list")
        if ftype == "agreement" and len(fact.get("parties") or []) < 2:
            problems.append(f"{fw}: an agreement needs 2+ parties")
        for (t, fld), allowed in ENUMS.items():
            if t == ftype and fld in fact and fact[fld] is not None and fact[fld] not in allowed:
                problems.append(f"{fw}: {fld}={fact[fld]!r} not in {allowed}")


def check_file(
    path: Path, expected: list[dict[str, Any]], problems: list[str], counts: dict[str, Counter[str]]
) -> None:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    got: list[tuple[str, str]] = []
    for lineno, line in enumerate(lines, 1):
        where = f"{path.name}:{lineno}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{where}: not valid JSON ({exc.msg})")
            continue
        got.append((str(item.get("corpus")), str(item.get("id"))))
        idx = len(got) - 1
        doc = expected[idx] if idx < len(expected) else None
        if doc is None or (doc["corpus"], doc["id"]) != got[-1]:
            want = f"{doc['corpus']}:{doc['id']}" if doc else "nothing more"
            problems.append(f"{where}: expected {want}, got {got[-1][0]}:{got[-1][1]}")
            continue
        where = f"{where} {doc['corpus']}:{doc['id']}"
        if item.get("split") != doc["split"]:
            problems.append(f"{where}: split must be {doc['split']!r}")
        for s in _strings(item):
            if len(s) > MAX_CHARS:
                problems.append(f"{where}: a string of {len(s)} chars (max {MAX_CHARS})")
        sectors = item.get("sectors")
        if not isinstance(sectors, list) or any(s not in SECTORS for s in sectors):
            problems.append(f"{where}: sectors must be a list of known slugs: {sectors!r}")
            sectors = []
        elif len(sectors) > 3 or len(set(sectors)) != len(sectors):
            problems.append(f"{where}: 0 to 3 distinct sectors, got {sectors}")
        counts["sector"].update(set(sectors))
        if not sectors:
            counts["sector"]["(none)"] += 1
        allowed = {"corpus", "id", "split", "sectors"}
        if doc["depth"] == "full":
            allowed |= {"entities", "facts", "note"}
            for fld in ("entities", "facts"):
                if fld not in item:
                    problems.append(f"{where}: depth full needs {fld}")
            names = check_entities(where, item.get("entities", []), problems)
            check_facts(where, item.get("facts", []), names, problems)
            for ent in item.get("entities") or []:
                if isinstance(ent, dict):
                    counts["entity"][str(ent.get("type"))] += 1
            for fact in item.get("facts") or []:
                if isinstance(fact, dict):
                    counts["fact"][str(fact.get("type"))] += 1
            counts["docs"]["full"] += 1
        else:
            counts["docs"]["sectors"] += 1
        extra = set(item) - allowed
        if extra:
            problems.append(f"{where}: unexpected fields {sorted(extra)}")
    missing = [f"{d['corpus']}:{d['id']}" for d in expected[len(got) :]]
    if missing:
        problems.append(f"{path.name}: {len(missing)} documents missing, first {missing[0]}")


def main(argv: list[str]) -> int:
    batches = load_documents()
    paths = [Path(a) for a in argv] or sorted(ANNOTATIONS.glob("batch-*.jsonl"))
    problems: list[str] = []
    counts: dict[str, Counter[str]] = {k: Counter() for k in ("docs", "sector", "entity", "fact")}
    for path in paths:
        m = re.fullmatch(r"batch-(\d+)\.jsonl", path.name)
        if not m or int(m.group(1)) not in batches:
            problems.append(f"{path}: name must be batch-N.jsonl with N in {sorted(batches)}")
            continue
        check_file(path, batches[int(m.group(1))], problems, counts)
    for p in problems:
        print(p)
    print(
        f"files: {len(paths)}  documents: full {counts['docs']['full']}, "
        f"sectors-only {counts['docs']['sectors']}  problems: {len(problems)}"
    )
    rows = (
        ("sector", (*SECTORS, "(none)")),
        ("entity", ENTITY_TYPES),
        ("fact", tuple(FACT_ROLES)),
    )
    for label, keys in rows:
        print(f"-- {label} positives")
        for k in keys:
            print(f"  {k:<26}{counts[label][k]:>6}")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
