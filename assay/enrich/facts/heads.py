"""Walking up the parse of a trigger sentence: a token's lemma (with its particle: "call
off"), the verb that governs a trigger noun, a verb's subject, whether a word names a sum,
and whether the event is stated as done."""

from __future__ import annotations

from collections.abc import Collection, Iterator

from spacy.tokens import Token

# A gerund after these shares its subject with the verb they hang on.
_GERUND_PREPS = frozenset({"by", "in", "after", "before", "through", "while", "without"})
# Nouns whose "of" or "by" names who would act: "the failure of Tokyo to honor a pact".
_CONTROL_NOUNS = frozenset({
    "failure", "refusal", "decision", "attempt", "move", "effort", "promise", "pledge",
    "commitment", "determination", "willingness", "readiness", "inability", "ability",
})  # fmt: skip
# Things that move but say nothing: "U.S. stocks had their worst day ... and said" is a
# parse that joined the speaker's clause to the market's.
_MUTE = frozenset({
    "stock", "stocks", "share", "shares", "price", "prices", "market", "markets", "future",
    "futures", "index", "bond", "bonds", "yield", "yields", "currency", "dollar", "economy",
})  # fmt: skip
# Verbs whose object does what their infinitive says: "persuade Japan to relax its quotas".
_OBJECT_CONTROL = frozenset({
    "persuade", "urge", "ask", "force", "press", "pressure", "push", "convince", "compel",
    "order", "require", "allow", "permit", "encourage", "invite", "oblige", "lead",
})  # fmt: skip
# Verbs that report a statement: "X said (it agreed ...)".
REPORTING = frozenset({"say", "tell", "announce", "report", "state", "confirm", "add", "disclose"})


def find_subject(verb: Token) -> Token | None:
    """The active subject of `verb`, inherited through control and coordination.

    "X agreed to buy Y": buy's subject is X; "a decision by X to impose": X; "China's
    decision to slap tariffs": China; "China retaliated by slapping duties": China.
    """
    tok = verb
    for _ in range(5):
        for child in tok.children:
            if child.dep_ in ("nsubj", "csubj"):
                return child
            if child.dep_ == "nsubjpass":
                return None if tok == verb else child
        if _headline_subject(tok):
            return tok.head  # "HENKEL TO INCREASE STAKE IN CLOROX", parsed with Henkel as root
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
        if tok.dep_ == "xcomp" and infinitive and lemma(tok.head) in _OBJECT_CONTROL:
            objects = [c for c in tok.head.children if c.dep_ == "dobj" and c.i < tok.i]
            if objects:
                return objects[0]
        # "the White House will be ready to impose": through the adjective to the copula
        if tok.dep_ in ("xcomp", "conj", "advcl", "acomp") and tok.head != tok:
            if tok.dep_ == "conj" and lemma(tok) in REPORTING and _mute_subject(tok.head):
                return None
            tok = tok.head
            continue
        if tok.dep_ == "pcomp" and tok.head.lower_ in _GERUND_PREPS and tok.head.dep_ == "prep":
            tok = tok.head.head  # "China retaliated by slapping duties": China slaps them
            continue
        if tok.dep_ == "acl" and tok.head != tok:
            # "China's decision to slap", "X reached an agreement to acquire Y"
            owner = [c for c in tok.head.children if c.dep_ == "poss"]
            if not owner and lemma(tok.head) in _CONTROL_NOUNS:
                # "the failure of Tokyo to honor", "a refusal by Japan to open"
                owner = [
                    g
                    for c in tok.head.children
                    if c.lower_ in ("of", "by")
                    for g in c.children
                    if g.dep_ == "pobj"
                ]
            if owner:
                return owner[0]
            above = governing_verb(tok.head)
            if above is None:
                return None
            tok = above
            continue
        return None
    return None


def _mute_subject(verb: Token) -> bool:
    return any(c.dep_ == "nsubj" and c.lower_ in _MUTE for c in verb.children)


def _headline_subject(verb: Token) -> bool:
    """A wire headline's "X TO BUY Y": the infinitive hangs on the name before it, which the
    parse makes the root."""
    head = verb.head
    return (
        verb.dep_ in ("advcl", "acl")
        and head.dep_ == "ROOT"
        and head.pos_ in ("PROPN", "NOUN")  # a lower-cased headline name may read as a noun
        and head.i < verb.i
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    )


def governing_verb(noun: Token) -> Token | None:
    """The verb a trigger noun is the object, subject or prepositional object of."""
    tok = noun
    carried = False
    for _ in range(6):
        head = tok.head
        if head == tok:
            return None
        if tok.dep_ in ("conj", "appos", "compound"):
            tok = head
            continue
        if head.pos_ in ("VERB", "AUX"):
            # "reviewed the terms of the pact" is no act on the pact; "agreed on" its text is
            return head if not carried or lemma(head) in _MAKING else None
        if tok.dep_ == "pobj" and head.dep_ == "prep":
            tok = head
            continue
        if tok.dep_ == "prep" and tok.lower_ == "of" and head.lower_ in _CARRIERS:
            tok, carried = head, True  # "agreed on the text of a trade deal"
            continue
        if tok.dep_ == "prep" and tok.lower_ == "of" and head.lower_ in _PARTITIVES:
            tok = head  # "announced another round of import tariff cuts": the cuts
            continue
        return None
    return None


# Nouns that stand for the event noun after their "of" ("the terms of the pact"), for verbs
# that make or finish the event.
_CARRIERS = frozenset(
    {"text", "terms", "details", "outline", "outlines", "framework", "draft", "signing",
     "conclusion", "completion", "renewal", "extension", "first", "part", "phase"}
)  # fmt: skip
# Nouns that count or bundle the event noun after their "of": what is done to them is done
# to it ("imposed a new round of tariffs", "unveiled a package of sanctions").
_PARTITIVES = frozenset(
    {"round", "rounds", "series", "package", "packages", "wave", "waves", "batch", "tranche",
     "raft", "slew", "set"}
)  # fmt: skip
_MAKING = frozenset(
    {"agree", "sign", "reach", "finalize", "finalise", "complete", "conclude", "approve",
     "seal", "settle", "initial", "announce", "unveil", "release", "publish", "strike"}
)  # fmt: skip


def above(tok: Token, levels: int) -> Iterator[Token]:
    """The heads above `tok`, nearest first, at most `levels` of them (fewer at the root)."""
    for _ in range(levels):
        if tok.head == tok:
            return
        tok = tok.head
        yield tok


def nearest_verb(tok: Token, levels: int = 4) -> Token | None:
    """The first verb above `tok`, through any dependency ("receive $6bn in grants")."""
    return next((t for t in above(tok, levels) if t.pos_ in ("VERB", "AUX")), None)


_LEMMAS: dict[tuple[int, int, int], str] = {}


def lemma(tok: Token) -> str:
    """The token's lemma in lower case, computed when asked (see `nlp.load_parser`).

    Cached by word, part of speech and morphology, all the rule lemmatizer reads: the
    extension getter and the rules cost 3% of enrichment when run for each of the
    ~20 lemmas a parsed sentence is asked for."""
    key = (tok.orth, tok.pos, hash(tok.morph))  # a MorphAnalysis hashes by its key
    found = _LEMMAS.get(key)
    if found is None:
        value = tok._.assay_lemma if Token.has_extension("assay_lemma") else tok.lemma_
        found = str(value or tok.lower_).lower()
        if len(_LEMMAS) < 200_000:  # bounded: a long-running worker sees new words forever
            _LEMMAS[key] = found
    return found


def phrasal(tok: Token) -> str:
    """A verb's lemma with its particle: "call off" for "called off", "take over"."""
    particles = [c.lower_ for c in tok.children if c.dep_ == "prt"]
    return f"{lemma(tok)} {particles[0]}" if particles else lemma(tok)


# Words that name a sum of money or goods: "$34 billion (worth) of", "two mln stg of".
_SUM_WORDS = frozenset({
    "worth", "amount", "lot", "lots", "$", "billion", "million", "trillion", "mln", "bln",
    "stg", "dlrs", "dollars", "yen", "marks", "francs", "pounds", "euros",
})  # fmt: skip


def names_a_sum(tok: Token) -> bool:
    """The token is a sum that stands before what it counts: a number, a scale or currency
    word, or a noun a number modifies."""
    if tok.like_num or tok.lower_ in _SUM_WORDS:
        return True
    return any(c.dep_ in ("nummod", "quantmod") for c in tok.children)


# Nouns whose "to"/"for" names what an act answers, not what it does.
_CAUSES = frozenset({"response", "retaliation", "reaction", "reply", "answer", "protest"})


def stated_as_act(
    trigger: Token, verbs: Collection[str], *, modifiers: Collection[str] = ("acl",), hops: int = 3
) -> bool:
    """The event is stated as done or in place, not merely named: the trigger is a verb, a
    verb of `verbs` modifies it ("sanctions imposed on"), or one governs it within `hops`
    heads ("agreed to lift the ban"), not across what answers it ("in response to")."""
    if trigger.pos_ == "VERB":
        return True
    if any(lemma(c) in verbs for c in trigger.children if c.dep_ in modifiers):
        return True
    for tok in above(trigger, hops):
        if lemma(tok) in _CAUSES or tok.lower_ in ("despite", "amid"):
            return False  # "raised prices in response to the tariffs": the cause, not the act
        if tok.pos_ in ("VERB", "AUX") and lemma(tok) in verbs:
            return True
    return False
