"""One organisation's other names in a story: "McDonnell" and "FDA" join "McDonnell Douglas"
and "Food and Drug Administration", "TWA" joins "Trans World Airlines Inc", a headline's
"USAIR" joins "USAir Group", "Teck Soon" after "Teck Soon Co Ltd" is the firm."""

from __future__ import annotations

from assay.enrich.entities.acronyms import initials_of, shouted
from assay.enrich.entities.lexicon import COMPANY_SUFFIX, GENERIC_WORDS, NAME_STOP, ORG_HEADS
from assay.enrich.entities.spans import Cand, TokenView


def merge_org_variants(v: TokenView, chosen: list[Cand]) -> list[Cand]:
    """Within one story, 'McDonnell' and 'FDA' join 'McDonnell Douglas', 'Food and Drug ...'."""
    new_orgs = [c for c in chosen if c.type == "ORG" and c.source in ("ner", "pattern")]
    long_orgs = [c for c in new_orgs if c.end - c.start >= 2]
    # "Shearson said" after the KB's "Shearson Lehman Brothers": the same firm
    known_longs = [
        c for c in chosen if c.type == "ORG" and c.source == "kb" and c.end - c.start >= 2
    ]
    if not long_orgs and not known_longs:
        return chosen
    known = {v.text[c.start]: c for c in chosen if c.type == "ORG" and c.end - c.start == 1}
    for long in long_orgs:
        kb = known.get(v.text[long.start])
        if (
            kb is not None
            and kb.source == "kb"
            and long.end - long.start <= 4
            and all(_generic(w) for w in v.text[long.start + 1 : long.end])
        ):
            # "Woodside Petroleum Ltd" beside the known "Woodside": the firm the KB knows
            long.key, long.name, long.attrs = kb.key, kb.name, kb.attrs
    firsts: dict[str, Cand] = {}
    written_lower = {w for w in v.text if w.islower()}
    for long in long_orgs:
        first = v.text[long.start]
        if first.lower() in NAME_STOP | GENERIC_WORDS:
            continue
        # a three-letter first word only where the story never writes it in lower case
        if len(first) >= 4 or (len(first) == 3 and first.lower() not in written_lower):
            firsts.setdefault(first, long)
    for c in chosen:
        if c.end - c.start != 1 or c.type != "ORG" or c.source != "kb":
            continue
        # "LAC" in a headline over a story on "Lac Minerals Ltd": the story's firm, not the
        # one the KB knows by that ticker
        story_firm = firsts.get(v.text[c.start].title())
        if story_firm is not None and story_firm.key != c.key and v.text[c.start].isupper():
            c.key, c.name, c.attrs = story_firm.key, story_firm.name, story_firm.attrs
            c.source = "ner"
    for c in chosen:
        if c.type != "PERSON" or c.source != "ner" or c.end - c.start < 2:
            continue
        # "Teck Soon" after "Teck Soon Co Ltd": the firm's short name, not a person
        firm = _one_longer(v, c, long_orgs)
        if firm is not None:
            c.key, c.type, c.name, c.attrs = firm.key, "ORG", firm.name, firm.attrs
    lasts: dict[str, list[Cand]] = {}
    for long in long_orgs:
        # "Labatt" after "John Labatt Ltd": the name's last word, not its form
        last = _without_forms(v.text[long.start : long.end], keep=1)[-1]
        if len(last) >= 4 and last.lower() not in NAME_STOP | GENERIC_WORDS | ORG_HEADS:
            lasts.setdefault(last, []).append(long)
    # each longer name's words and initials, with and without its legal form ("TWA" after
    # "Trans World Airlines Inc")
    spelled = []
    for long in (*long_orgs, *known_longs):
        words = v.text[long.start : long.end]
        initials = {initials_of(words), initials_of(_without_forms(words, keep=2))}
        spelled.append((long, words, initials))
    for c in new_orgs:
        if c.end - c.start > 1:
            # "Union Texas" after "Union Texas Petroleum": a shortened name of the same firm;
            # "the Security Council" after "the United Nations Security Council": its tail
            firm = _one_longer(v, c, long_orgs) or _one_longer(v, c, long_orgs, tail=True)
            if firm is not None:
                c.key, c.name, c.attrs = firm.key, firm.name, firm.attrs
            continue
        if c.end - c.start != 1:
            continue
        word = v.text[c.start]
        for long, words, initials in spelled:
            acronym = word.isupper() and len(word) >= 2 and word in initials
            # "USAIR" in a headline in capitals over "USAir Group"
            in_capitals = (
                len(word) >= 4
                and word.isupper()
                and words[0].upper() == word
                and (shouted(v.text, c.start) or v.text[c.start + 1 : c.start + 2] == ["<"])
            )  # not a dateline: "WASHINGTON (Reuters)", "ANNA, Ill."
            if (
                words[0] == word
                or acronym
                or (in_capitals and word.lower() not in NAME_STOP | GENERIC_WORDS)
            ):
                c.key, c.name, c.attrs = long.key, long.name, long.attrs
                break
        else:
            owners = {o.key: o for o in lasts.get(word, [])}
            if len(owners) == 1:  # "Bancorp" after "County Bancorp"
                (long,) = owners.values()
                c.key, c.name, c.attrs = long.key, long.name, long.attrs
    # a bare first word takes its name's final key: "the Free State" is a short name of
    # "Free State Consolidated Gold Mines Ltd", so a later "Free State Consolidated" is too
    taken = {i for c in chosen for i in range(c.start, c.end)}
    extra = [
        Cand(i, i + 1, firsts[w].key, "ORG", firsts[w].name, "ner", firsts[w].attrs)
        for i, w in enumerate(v.text)
        if w in firsts and i not in taken
    ]
    return sorted(chosen + extra, key=lambda c: c.start) if extra else chosen


def _generic(word: str) -> bool:
    """A word that names a firm's business or form, not another name: "Petroleum", "Ltd";
    "KMG Main Hurdman" is not the KMG the knowledge base knows."""
    low = word.lower()
    return (
        low in ORG_HEADS
        or low in GENERIC_WORDS
        or bool(COMPANY_SUFFIX.fullmatch(" " + word))
        or not word.strip()
        or not word[:1].isalpha()
    )


def _without_forms(words: list[str], keep: int) -> list[str]:
    """The words without trailing legal forms, keeping at least `keep` of them."""
    end = len(words)
    while end > keep and COMPANY_SUFFIX.fullmatch(" " + words[end - 1]):
        end -= 1
    return words[:end]


def _one_longer(v: TokenView, c: Cand, long_orgs: list[Cand], tail: bool = False) -> Cand | None:
    """The one organisation whose longer name starts with `c`'s words, or with `tail` ends
    with them and is written earlier (a story gives the full name first), if only one does."""
    words = v.lower[c.start : c.end]
    n = len(words)
    longer: dict[str, Cand] = {}
    for o in long_orgs:
        if o.end - o.start <= n or (tail and o.start > c.start):
            continue
        part = v.lower[o.end - n : o.end] if tail else v.lower[o.start : o.start + n]
        if part == words:
            longer.setdefault(o.key, o)
    return next(iter(longer.values())) if len(longer) == 1 else None
