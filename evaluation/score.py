"""Pure scoring functions: gold items and predictions in, precision/recall/F1 out.

Gold items and predictions are plain dicts so the scorer can be tested without loading any
model. `prediction_from_article` is the one bridge from `assay.models.Article`.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assay.models import ENTITY_TYPES, FACT_ROLES, FACT_TYPES, SECTORS, Article

GOLD_DIR = Path(__file__).parent / "gold"

# Roles that may be empty in gold: a trade measure often names only goods, not a target.
OPTIONAL_ROLES: frozenset[tuple[str, str]] = frozenset({("trade_measure", "target")})

Item = dict[str, Any]
Prediction = dict[str, Any]

_PUNCT = re.compile(f"[{re.escape(string.punctuation)}’‘“”–—]")
_WS = re.compile(r"\s+")


def normalise_name(name: str) -> str:
    """Lower-case, drop punctuation and a leading 'the': 'The U.S.' -> 'us'."""
    text = _WS.sub(" ", _PUNCT.sub("", name.lower())).strip()
    if text.startswith("the "):
        text = text[4:]
    return text


@dataclass
class PRF:
    """True positives, false positives and false negatives, with the derived scores."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: PRF) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class ItemResult:
    """What matched and what did not in one item; the basis of counts and of `--errors`."""

    id: str
    depth: str = "full"  # "sectors": the item is annotated for sectors only
    sector_tp: list[str] = field(default_factory=list)
    sector_fp: list[str] = field(default_factory=list)
    sector_fn: list[str] = field(default_factory=list)
    entity_tp: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    entity_fp: list[dict[str, Any]] = field(default_factory=list)
    entity_fn: list[dict[str, Any]] = field(default_factory=list)
    fact_tp: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    fact_fp: list[dict[str, Any]] = field(default_factory=list)
    fact_fn: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Report:
    """Scores for one split: per sector, entity type and fact type, plus their totals."""

    split: str
    items: int = 0
    full_items: int = 0  # items scored for entities and facts (depth "full")
    sectors: dict[str, PRF] = field(default_factory=dict)
    entities: dict[str, PRF] = field(default_factory=dict)
    facts: dict[str, PRF] = field(default_factory=dict)
    action_correct: int = 0
    action_total: int = 0

    @property
    def sector_micro(self) -> PRF:
        return _total(self.sectors.values())

    @property
    def entity_micro(self) -> PRF:
        return _total(self.entities.values())

    @property
    def fact_overall(self) -> PRF:
        return _total(self.facts.values())

    @property
    def action_accuracy(self) -> float:
        return self.action_correct / self.action_total if self.action_total else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "split": self.split,
            "items": self.items,
            "full_items": self.full_items,
            "sectors": {k: v.as_dict() for k, v in self.sectors.items()},
            "sector_micro": self.sector_micro.as_dict(),
            "entities": {k: v.as_dict() for k, v in self.entities.items()},
            "entity_micro": self.entity_micro.as_dict(),
            "facts": {k: v.as_dict() for k, v in self.facts.items()},
            "fact_overall": self.fact_overall.as_dict(),
            "action_accuracy": round(self.action_accuracy, 4),
            "action_matched": self.action_total,
        }


def _total(counts: Iterable[PRF]) -> PRF:
    total = PRF()
    for c in counts:
        total.add(c)
    return total


def load_gold(directory: Path = GOLD_DIR) -> list[Item]:
    """Every item of every `*.jsonl` file in `directory`, in file then line order."""
    items: list[Item] = []
    for path in sorted(directory.glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path.name}:{lineno}: not valid JSON ({exc.msg})") from None
                item["_file"] = path.name
                items.append(item)
    return items


def prediction_from_article(article: Article) -> Prediction:
    """Reduce an enriched Article to the plain dict the scorer compares with gold."""
    return {
        "sectors": [s.slug for s in article.sectors],
        "entities": [
            {
                "type": e.type,
                "name": e.name,
                "key": e.key,
                "mentions": [m.text for m in e.mentions],
            }
            for e in article.entities
        ],
        "facts": [{"type": f.type, **f.fields} for f in article.facts],
    }


def _pred_names(entity: Mapping[str, Any]) -> set[str]:
    names = {normalise_name(str(entity.get("name") or ""))}
    names.update(normalise_name(str(m)) for m in entity.get("mentions") or ())
    names.discard("")
    return names


def entity_matches(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> bool:
    """Same type, and the gold key equals the predicted key or the names agree (a project's
    with or without its generic noun)."""
    if gold.get("type") != pred.get("type"):
        return False
    if gold.get("key") and gold.get("key") == pred.get("key"):
        return True
    name = normalise_name(str(gold.get("name") or ""))
    names = _pred_names(pred)
    if gold.get("type") == "PROJECT":
        return project_name(name) in {project_name(n) for n in names}
    return name in names


# The generic nouns of GUIDELINES.md's projects. Gold writes a project's name with the noun
# that follows it ("Morenci mine"), but the text may keep it apart ("the Morenci, Ariz.,
# mine", "the Statfjord, Gullfaks and Oseberg fields"): the same facility either way.
_FACILITY_NOUNS = frozenset(
    {
        "mine", "deposit", "field", "oilfield", "gasfield", "refinery", "smelter", "plant",
        "mill", "pipeline", "dam", "train", "project", "terminal", "station", "reactor",
        "facility", "complex", "well",
    }
)  # fmt: skip


def project_name(name: str) -> str:
    """A normalised project name without a last generic noun, singular or plural:
    "kestrel mine" and "oseberg fields" -> "kestrel", "oseberg"."""
    words = name.split()
    if len(words) > 1:
        last = words[-1]
        forms = {last, last[:-1] if last.endswith("s") else last}
        if last.endswith("ies"):
            forms.add(last[:-3] + "y")
        if forms & _FACILITY_NOUNS:
            words = words[:-1]
    return " ".join(words)


def match_entities(
    gold: Sequence[Mapping[str, Any]], pred: Sequence[Mapping[str, Any]]
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pair gold and predicted entities one-to-one: (pairs, unmatched gold, unmatched pred).

    Key matches are taken first so that a name match cannot steal a prediction that
    another gold entity matches by key.
    """
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for by_key in (True, False):
        for gi, g in enumerate(gold):
            if gi in used_gold:
                continue
            for pi, p in enumerate(pred):
                if pi in used_pred or g.get("type") != p.get("type"):
                    continue
                if by_key:
                    ok = bool(g.get("key")) and g.get("key") == p.get("key")
                else:
                    ok = entity_matches(g, p)
                if ok:
                    pairs.append((gi, pi))
                    used_gold.add(gi)
                    used_pred.add(pi)
                    break
    missed = [i for i in range(len(gold)) if i not in used_gold]
    extra = [i for i in range(len(pred)) if i not in used_pred]
    return pairs, missed, extra


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return list(value)
    return [value]


def _role_value_names(value: Any, pred_entities: Sequence[Mapping[str, Any]]) -> set[str]:
    """Names a predicted role value answers to: its name plus its entity's mention texts."""
    if isinstance(value, Mapping):
        name, key = value.get("name"), value.get("key")
    else:
        name, key = value, None
    names = {normalise_name(str(name or ""))}
    if key:
        for ent in pred_entities:
            if ent.get("key") == key:
                names |= _pred_names(ent)
    names.discard("")
    return names


def _role_value_key(value: Any) -> str | None:
    return value.get("key") if isinstance(value, Mapping) else None


def _gold_key(name: str, gold_entities: Sequence[Mapping[str, Any]]) -> str | None:
    wanted = normalise_name(name)
    for ent in gold_entities:
        if ent.get("key") and normalise_name(str(ent.get("name") or "")) == wanted:
            return str(ent["key"])
    return None


def role_matches(
    gold_names: Sequence[str],
    pred_value: Any,
    gold_entities: Sequence[Mapping[str, Any]],
    pred_entities: Sequence[Mapping[str, Any]] = (),
) -> bool:
    """Every gold name is found among the predicted role's values, by key or by name."""
    values = _as_list(pred_value)
    for name in gold_names:
        key = _gold_key(name, gold_entities)
        norm = normalise_name(name)
        found = any(
            (key is not None and key == _role_value_key(v))
            or norm in _role_value_names(v, pred_entities)
            for v in values
        )
        if not found:
            return False
    return True


def fact_matches(
    gold: Mapping[str, Any],
    pred: Mapping[str, Any],
    gold_entities: Sequence[Mapping[str, Any]],
    pred_entities: Sequence[Mapping[str, Any]] = (),
) -> bool:
    """Same type and every entity role of the gold fact is satisfied by the prediction."""
    ftype = gold.get("type")
    if ftype != pred.get("type"):
        return False
    for role in FACT_ROLES.get(str(ftype), ()):
        names = _as_list(gold.get(role))
        if not names:
            continue  # an empty gold role (a trade measure on goods only) accepts any target
        if not role_matches(names, pred.get(role), gold_entities, pred_entities):
            return False
    return True


def match_facts(
    gold: Sequence[Mapping[str, Any]],
    pred: Sequence[Mapping[str, Any]],
    gold_entities: Sequence[Mapping[str, Any]],
    pred_entities: Sequence[Mapping[str, Any]] = (),
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pair gold and predicted facts one-to-one: (pairs, unmatched gold, unmatched pred)."""
    used_pred: set[int] = set()
    pairs: list[tuple[int, int]] = []
    missed: list[int] = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if pi not in used_pred and fact_matches(g, p, gold_entities, pred_entities):
                pairs.append((gi, pi))
                used_pred.add(pi)
                break
        else:
            missed.append(gi)
    extra = [i for i in range(len(pred)) if i not in used_pred]
    return pairs, missed, extra


def score_item(item: Mapping[str, Any], pred: Mapping[str, Any]) -> ItemResult:
    """Compare one gold item with its prediction; a "sectors"-depth item scores sectors only."""
    result = ItemResult(id=str(item.get("id")), depth=str(item.get("depth") or "full"))
    gold_sectors = set(item.get("sectors") or ())
    pred_sectors = list(dict.fromkeys(pred.get("sectors") or ()))  # a slug counts once
    result.sector_tp = [s for s in pred_sectors if s in gold_sectors]
    result.sector_fp = [s for s in pred_sectors if s not in gold_sectors]
    result.sector_fn = sorted(gold_sectors - set(pred_sectors))
    if result.depth != "full":
        return result

    gold_ents = list(item.get("entities") or ())
    pred_ents = list(pred.get("entities") or ())
    pairs, missed, extra = match_entities(gold_ents, pred_ents)
    result.entity_tp = [(gold_ents[g], pred_ents[p]) for g, p in pairs]
    result.entity_fn = [gold_ents[i] for i in missed]
    result.entity_fp = [pred_ents[i] for i in extra]

    gold_facts = list(item.get("facts") or ())
    pred_facts = list(pred.get("facts") or ())
    pairs, missed, extra = match_facts(gold_facts, pred_facts, gold_ents, pred_ents)
    result.fact_tp = [(gold_facts[g], pred_facts[p]) for g, p in pairs]
    result.fact_fn = [gold_facts[i] for i in missed]
    result.fact_fp = [pred_facts[i] for i in extra]
    return result


def aggregate(results: Iterable[ItemResult], split: str = "all") -> Report:
    """Sum item results into one Report; every known label appears even with zero counts."""
    report = Report(split=split)
    report.sectors = {slug: PRF() for slug in SECTORS}
    report.entities = {t: PRF() for t in ENTITY_TYPES}
    report.facts = {t: PRF() for t in FACT_TYPES}
    for r in results:
        report.items += 1
        report.full_items += r.depth == "full"
        for s in r.sector_tp:
            report.sectors.setdefault(s, PRF()).tp += 1
        for s in r.sector_fp:
            report.sectors.setdefault(s, PRF()).fp += 1
        for s in r.sector_fn:
            report.sectors.setdefault(s, PRF()).fn += 1
        for g, _ in r.entity_tp:
            report.entities.setdefault(str(g.get("type")), PRF()).tp += 1
        for p in r.entity_fp:
            report.entities.setdefault(str(p.get("type")), PRF()).fp += 1
        for g in r.entity_fn:
            report.entities.setdefault(str(g.get("type")), PRF()).fn += 1
        for g, p in r.fact_tp:
            report.facts.setdefault(str(g.get("type")), PRF()).tp += 1
            if g.get("action"):
                report.action_total += 1
                report.action_correct += int(g.get("action") == p.get("action"))
        for p in r.fact_fp:
            report.facts.setdefault(str(p.get("type")), PRF()).fp += 1
        for g in r.fact_fn:
            report.facts.setdefault(str(g.get("type")), PRF()).fn += 1
    return report


def score(
    items: Sequence[Mapping[str, Any]], preds: Sequence[Mapping[str, Any]], split: str = "all"
) -> Report:
    """Score predictions (in item order) against gold items, keeping only `split`."""
    results = [
        score_item(item, pred)
        for item, pred in zip(items, preds, strict=True)
        if split == "all" or item.get("split") == split
    ]
    return aggregate(results, split)


def format_report(report: Report) -> str:
    """A plain-text table: one row per label, a total row per block.

    `pos` is the number of gold positives behind each figure (TP + FN); each block names the
    number of items it was scored on.
    """
    head = f"{'':<26}{'P':>7}{'R':>7}{'F1':>7}{'pos':>6}{'TP':>6}{'FP':>6}{'FN':>6}"
    lines = [f"split: {report.split} ({report.items} items)", head]

    def row(label: str, c: PRF) -> str:
        return (
            f"{label:<26}{c.precision:>7.3f}{c.recall:>7.3f}{c.f1:>7.3f}"
            f"{c.tp + c.fn:>6}{c.tp:>6}{c.fp:>6}{c.fn:>6}"
        )

    blocks = (
        ("sectors", report.sectors, "sector micro", report.sector_micro),
        ("entities", report.entities, "entity micro", report.entity_micro),
        ("facts", report.facts, "fact overall", report.fact_overall),
    )
    for title, counts, total_label, total in blocks:
        n = report.items if title == "sectors" else report.full_items
        lines.append(f"-- {title} ({n} items)")
        lines.extend(row(f"  {label}", c) for label, c in counts.items())
        lines.append(row(total_label, total))
    lines.append(
        f"fact action accuracy: {report.action_accuracy:.3f} "
        f"({report.action_correct}/{report.action_total} matched facts with a gold action)"
    )
    return "\n".join(lines)


def _describe_entity(e: Mapping[str, Any]) -> str:
    key = e.get("key")
    return f"{e.get('type')} {e.get('name')!r}" + (f" [{key}]" if key else "")


def _describe_fact(f: Mapping[str, Any]) -> str:
    parts = [str(f.get("type"))]
    for role in FACT_ROLES.get(str(f.get("type")), ()):
        names = []
        for v in _as_list(f.get(role)):
            names.append(str(v.get("name")) if isinstance(v, Mapping) else str(v))
        parts.append(f"{role}={names}")
    if f.get("action"):
        parts.append(f"action={f.get('action')}")
    return " ".join(parts)


def format_errors(result: ItemResult) -> str:
    """False positives and negatives of one item, one per line; empty when perfect."""
    lines: list[str] = []
    lines += [f"  sector FP {s}" for s in result.sector_fp]
    lines += [f"  sector FN {s}" for s in result.sector_fn]
    lines += [f"  entity FP {_describe_entity(e)}" for e in result.entity_fp]
    lines += [f"  entity FN {_describe_entity(e)}" for e in result.entity_fn]
    lines += [f"  fact FP {_describe_fact(f)}" for f in result.fact_fp]
    lines += [f"  fact FN {_describe_fact(f)}" for f in result.fact_fn]
    return f"{result.id}\n" + "\n".join(lines) if lines else ""
