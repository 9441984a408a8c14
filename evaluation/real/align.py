"""Where the gold facts of the dev split are stated: each fact aligned to the sentences that
name its parties.

The gold records roles by name, not the sentence a fact came from. A learned relation
component needs (sentence, fact) pairs, and an error analysis needs to know which facts one
sentence states at all. A fact is aligned to every sentence (the shipped sentencer's) that
names each of its role values, as written or, for a value the document's entity list keys, by
any surface form of that key the KB knows; "one sentence" counts the facts some sentence
names completely, "split" those whose names only occur in different sentences, "unnamed"
those with a role name written nowhere (a headline-only party in a headline the text does not
repeat, or a name normalised by the annotator).

    python -m evaluation.real.align                  # coverage per fact type, dev split
    python -m evaluation.real.align --out pairs.jsonl  # also the pairs: ids and offsets only

The pairs hold document ids, fact indexes and character offsets, never corpus text.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from assay.enrich.kb import KnowledgeBase
from assay.models import FACT_ROLES
from evaluation.real.score_facts import ANNOTATIONS, load_items

Span = tuple[int, int]


def _forms(name: str, entities: Sequence[dict[str, Any]]) -> set[str]:
    """Lower-case surface forms a role value may take in the text."""
    forms = {name.lower()}
    key = next((e.get("key") for e in entities if e.get("name") == name and e.get("key")), None)
    if key:
        entry = KnowledgeBase.load().get(key)
        if entry is not None:
            forms |= {f.lower() for f in (entry.name, *entry.aliases) if len(f) > 1}
    return forms


def _found(text: str, forms: Iterable[str]) -> bool:
    """Some form occurs as whole words; a hard wrap between its words still matches."""
    for form in forms:
        words = [re.escape(w) for w in form.split()]
        if words and re.search(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", text):
            return True
    return False


def align(
    text: str,
    sentences: Sequence[Span],
    facts: Sequence[dict[str, Any]],
    entities: Sequence[dict[str, Any]],
) -> list[tuple[str, list[Span]]]:
    """For each gold fact: ("one sentence" | "split" | "unnamed", the sentences naming it all)."""
    lower = text.lower()
    out: list[tuple[str, list[Span]]] = []
    for fact in facts:
        names = [
            n
            for role in FACT_ROLES.get(str(fact.get("type")), ())
            for n in (fact.get(role) if isinstance(fact.get(role), list) else [fact.get(role)])
            if isinstance(n, str) and n
        ]
        forms = [_forms(n, entities) for n in names]
        if not all(_found(lower, f) for f in forms):
            out.append(("unnamed", []))
            continue
        whole = [(a, b) for a, b in sentences if all(_found(lower[a:b], f) for f in forms)]
        out.append(("one sentence" if whole else "split", whole))
    return out


def _sentences(texts: list[str]) -> list[list[Span]]:
    from assay.enrich.nlp import load_nlp

    nlp = load_nlp()
    return [[(s.start_char, s.end_char) for s in doc.sents] for doc in nlp.pipe(texts)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation.real.align")
    parser.add_argument("--out", type=Path, help="write the (document, fact, sentences) pairs")
    args = parser.parse_args(argv)
    # every annotated batch; load_items reads only its dev documents
    batches = tuple(sorted(int(p.stem.split("-")[1]) for p in ANNOTATIONS.glob("batch-*.jsonl")))
    items = [it for it in load_items("dev", batches) if it.get("facts") is not None]
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    pairs = []
    for item, spans in zip(items, _sentences([it["text"] for it in items]), strict=True):
        for index, (kind, where) in enumerate(
            align(item["text"], spans, item["facts"], item["entities"])
        ):
            counts[item["facts"][index]["type"]][kind] += 1
            pairs.append({"id": item["id"], "fact": index, "kind": kind, "sentences": where})
    print(f"{'type':<14} {'facts':>6} {'one sentence':>13} {'split':>6} {'unnamed':>8}")
    for kind_name in sorted(counts):
        c = counts[kind_name]
        total = sum(c.values())
        print(
            f"{kind_name:<14} {total:>6} {c['one sentence'] / total:>13.2f}"
            f" {c['split'] / total:>6.2f} {c['unnamed'] / total:>8.2f}"
        )
    if args.out is not None:
        with args.out.open("w", encoding="utf-8") as fh:
            for pair in pairs:
                fh.write(json.dumps(pair) + "\n")
        print(f"wrote {len(pairs)} pairs to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
