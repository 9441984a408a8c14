"""`evaluation.real.align`: each gold fact is aligned to the sentences that name its roles."""

from __future__ import annotations

from evaluation.real.align import align

TEXT = (
    "ACME BUYS BETA\n\n"
    "Acme Corp said it bought Beta\nIndustries Inc for 40 mln dlrs. "
    "The company said the deal closed.\n"
    "    Norland imposed tariffs on Karstan steel."
)


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for end in [i + 1 for i, ch in enumerate(text) if ch == "."] + [len(text)]:
        if text[start:end].strip():
            spans.append((start, end))
        start = end
    return spans


def test_facts_named_in_one_sentence_split_over_two_or_named_nowhere() -> None:
    entities = [
        {"type": "ORG", "name": "Acme Corp", "key": None},
        {"type": "ORG", "name": "Beta Industries Inc", "key": None},
        {"type": "COUNTRY", "name": "U.S.", "key": "country:USA"},
    ]
    facts = [
        # a hard wrap inside a name still names it
        {"type": "investment", "investor": ["Acme Corp"], "target": ["Beta Industries Inc"]},
        {"type": "agreement", "parties": ["Acme Corp", "Norland"]},
        {"type": "sanction", "actor": ["Zeta"], "target": ["Norland"]},
        # a keyed country is found by the KB's other forms ("United States")
        {"type": "trade_measure", "actor": ["U.S."], "target": []},
    ]
    text = TEXT + " The United States objected."
    found = align(text, _sentences(text), facts, entities)
    kinds = [kind for kind, _ in found]
    assert kinds == ["one sentence", "split", "unnamed", "one sentence"]
    (a, b) = found[0][1][0]
    assert "Acme Corp said it bought Beta" in text[a:b]
    (a, b) = found[3][1][0]
    assert text[a:b].strip() == "The United States objected."
