"""Pronouns and descriptions resolved to the named entity they stand for.

"The company said it had agreed ...", "the group", "the government": the nearest fitting
name before the word, in this sentence first, then in earlier sentences and the headline.
A description whose noun is part of a name ("the commission" after "Securities and
Exchange Commission") takes that name; company words take the nearest organisation;
state words ("the government", "the administration") the nearest country.
"""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Token

from assay.enrich.facts.context import Slot

Mention = tuple[int, int, str, str, str | None, str]  # start, end, text, name, key, type

COMPANY_WORDS = {
    "company", "group", "firm", "concern", "corporation", "corp", "bank", "unit",
    "subsidiary", "maker", "producer", "miner", "insurer", "utility", "carrier", "airline",
    "refiner", "brewer", "brewery", "chipmaker", "automaker", "carmaker", "partnership",
    "operator", "developer", "lender", "buyer", "seller", "acquirer", "retailer", "venture",
    "exporter", "importer", "trader", "holding", "conglomerate", "manufacturer", "smelter",
    "business", "giant",
}  # fmt: skip
STATE_WORDS = {
    "government", "country", "nation", "administration", "kingdom", "republic", "regime",
    "island", "cabinet", "state", "emirate",
}  # fmt: skip
_IT = {"it", "its", "itself", "they", "their", "them", "we", "our"}
# How far back (characters) a description may reach for its name.
_REACH = 3000


class Antecedents:
    """The document's named mentions in order, for resolving later references."""

    def __init__(self, mentions: list[Mention], skip_keys: frozenset[str] = frozenset()) -> None:
        self.mentions = [m for m in mentions if m[5] in ("ORG", "COUNTRY") and m[4] not in skip_keys]
        self._starts = [m[0] for m in self.mentions]

    def resolve(self, token: Token, offset: int, limit: int = _REACH) -> Mention | None:
        """The mention `token` (at document offset `offset`) refers to, or None."""
        word = token.lower_
        noun = token.lemma_.lower() if token.pos_ == "NOUN" else ""
        if word in _IT:
            types: tuple[str, ...] = ("ORG", "COUNTRY")
            named = ""
        elif noun in COMPANY_WORDS:
            types, named = ("ORG",), ""
        elif noun in STATE_WORDS:
            types, named = ("COUNTRY",), ""
        elif noun:
            types, named = ("ORG",), noun  # "the commission", "the ministry", "the council"
        else:
            return None
        if types == ("COUNTRY",) and noun != "country":
            # "the government", "the cabinet": the state the story is about, named first;
            # "that country" is the one just named.
            for m in self.mentions:
                if m[5] == "COUNTRY" and m[0] < offset:
                    return m
            return None
        i = bisect_left(self._starts, offset) - 1
        while i >= 0:
            m = self.mentions[i]
            if offset - m[1] > limit:
                break
            if m[5] in types and (not named or named in m[3].lower().split()):
                return m
            i -= 1
        return None


def resolved_slot(token: Token, mention: Mention) -> Slot:
    """A slot standing at the pronoun in this sentence for the entity it refers to."""
    start = token.idx
    return Slot(start, start + len(token.text), token.text, mention[3], mention[4], mention[5])
