"""Whether a parsed event is stated as fact, denied, only wished for, or announced ahead.

Read along the path from the trigger up to the sentence root, so a hedge elsewhere in the
sentence does not count: "Iran, under sanctions it called unfair, signed a deal" keeps the
deal. The result is one of:

- `fact`: stated as happened, decided or in place;
- `negated`: "did not impose", "no deal", "refused to sign";
- `unreal`: urged, proposed, considered, possible, conditional, hoped for, blocked or
  vetoed ("a resolution to impose sanctions"), talked about;
- `future`: will, would, plans to, is to ("Washington will impose tariffs");
- `threat`: threatened or warned of.
"""

from __future__ import annotations

from spacy.tokens import Token

from assay.enrich.facts.heads import lemma, phrasal

# Verbs and nouns above an event that make it not (yet) a fact.
UNREAL = {
    "urge", "call", "ask", "propose", "consider", "weigh", "study", "discuss", "debate",
    "hope", "want", "seek", "recommend", "demand", "request", "press", "push", "favor",
    "favour", "oppose", "reject", "veto", "block", "avoid", "prevent", "escape", "doubt",
    "fear", "deny", "refuse", "question", "mull", "contemplate", "negotiate", "talk",
    "examine", "review", "explore", "suggest", "evaluate", "assess", "advocate", "lobby",
    "petition", "expect", "predict", "forecast", "speculate", "rumor", "rumour", "stave",
    "decline", "fail", "resist", "protest", "criticize", "criticise", "condemn", "appeal",
    "like", "need", "aim", "try", "attempt", "introduce", "sponsor", "draft", "prepare",
    "intend", "mean", "may", "might", "could", "should", "proposal", "possibility",
    "prospect", "option", "idea", "threat", "risk", "talks", "negotiation", "bill",
    "resolution", "legislation", "effort", "bid", "offer", "plea", "recommendation",
    "discussion", "consideration", "possible", "potential", "likely", "unlikely",
    "hypothetical", "future", "eventual", "proposed", "feasibility",
    # intent and reluctance: "was reluctant to enter a joint venture", "would take steps to"
    "reluctant", "unwilling", "unable", "hesitant", "refrain", "step", "ready", "willing", "eager",
    "keen", "wish", "envisage", "envision", "float", "ponder",
    # a report denied: "news that Trump was easing sanctions was refuted"
    "refute", "debunk", "disprove",
    # a stop to what the event would do: "stop letting China invest", "ceased buying"
    "stop", "cease", "quit",
}  # fmt: skip
# Verbs that undo the event they govern, even as its own verb.
NEGATING = {
    "prevent", "avoid", "block", "reject", "oppose", "deny", "refuse", "fail", "veto",
    "escape", "stave", "resist", "evade", "circumvent", "violate",
}  # fmt: skip
# "Agreed to", "decided to", "voted to" do not make a future: the decision is made.
DECIDED = {"agree", "decide", "vote", "approve", "order", "authorize", "authorise", "sign"}
FUTURE = {"will", "would", "shall", "plan", "going", "set", "schedule", "due", "expected"}
THREAT = {"threaten", "warn", "vow", "threat"}
# Nouns of a decision taken, when someone's: "Reagan's decision to impose tariffs", "the
# action by the United States to slap tariffs"; "a decision is expected" is not yet taken.
_TAKEN = frozenset({"decision", "order", "action", "move"})
_CONDITIONS = {"if", "unless", "whether", "until", "before"}
# Phrasal verbs that deny what they govern.
_RULED_OUT = frozenset({"rule out", "turn down", "back away"})
_NEG_DETS = {"no", "neither", "nor", "without"}
_NOT = {"not", "n't", "n’t", "never"}
_MODIFIER = ("acl", "relcl", "amod")


def _stem(word: str, known: set[str] | frozenset[str]) -> str | None:
    """The known word behind an inflected form the lemmatizer missed ("hopes" -> hope)."""
    for suffix in ("ing", "ed", "es", "s", "d"):
        if word.endswith(suffix):
            base = word[: -len(suffix)]
            for cand in (base, base + "e"):
                if cand in known:
                    return cand
    return None


_CONTINUING = frozenset({"remain", "stay", "continue"})
# Auxiliaries that make what they govern possible only, or ahead; together, a clause that is
# not yet ("would stay until Pyongyang agreed", "must remain until", "'d stay until").
_MAY_AUX = frozenset({"may", "might", "could", "should", "must"})
_WILL_AUX = frozenset({"will", "would", "shall", "'ll", "wo"})
_AHEAD = _MAY_AUX | _WILL_AUX | {"'d"}


def mood(
    trigger: Token,
    verb: Token | None,
    unreal: frozenset[str] = frozenset(),
    undone: frozenset[str] = frozenset(),
) -> str:
    """`fact`, `negated`, `unreal`, `future` or `threat` for the event at `trigger`.

    `unreal` adds words that make the event not (yet) a fact; `undone` words, phrasal verbs
    included ("call off"), deny it wherever they stand on the path, the event's own verb too.
    """
    words = UNREAL | unreal
    future = False
    chain = _chain(trigger)
    for i, tok in enumerate(chain):
        word = lemma(tok)
        if undone and (word in undone or phrasal(tok) in undone):
            return "negated"  # "ending its merger agreement", "called off its acquisition"
        if tok != trigger and phrasal(tok) in _RULED_OUT:
            return "negated"  # "ruled out a much higher volume of exports"
        if word not in words:
            word = _stem(tok.lower_, words) or word
        own = tok in (trigger, verb)
        if not own and word in THREAT:
            return "threat"
        if own and word in NEGATING and tok != trigger:
            return "negated"  # "prevent funds flowing", "avoid tariffs"
        if not own and word in words and word not in DECIDED and not _fulfilled(tok):
            # "imposed sanctions under a 1986 law" keeps; "calls for sanctions" does not
            return "unreal"
        for child in tok.children:
            dep, low = child.dep_, child.lower_
            if dep == "neg" or (dep == "det" and low in _NEG_DETS) or low in _NOT:
                return "negated"
            if dep == "det" and tok == trigger and low == "any":
                return "unreal"  # "any sanctions", "any deal"
            if dep == "aux" and low in _MAY_AUX:
                return "unreal"
            if dep == "aux" and low in _WILL_AUX:
                # "the tariffs will remain in place": in force now, and still later
                future = future or word not in _CONTINUING
            if dep == "mark" and low in _CONDITIONS and not _misread_time(tok, low):
                return "unreal"
            if dep == "advmod" and low == "yet" and not own:
                return "unreal"  # "has yet to impose sanctions"
            if dep == "amod" and tok == trigger and lemma(child) in words:
                return "unreal"  # "possible sanctions", "proposed tariffs"
            if dep in ("advmod", "acomp") and lemma(child) in ("likely", "possibly"):
                return "unreal"
        if word in FUTURE and not own and i > 0:
            future = True
        if not own and _taken(tok):
            break
        if tok.dep_ == "advcl" and _granted(tok):
            break  # "even though U.S. sanctions prohibited it": the clause states it
        if tok.dep_ in ("ROOT",) or (word in DECIDED and (not own or tok.dep_ in _MODIFIER)):
            # a decision above the event makes it, as does "an agreement signed last year";
            # the event's own "sign" or "approve" can still be refused or urged from above
            # ("refused to sign an agreement")
            if word in DECIDED and not own and _asked(tok, words):
                return "unreal"  # "asked member states to agree to impose tariffs"
            break
    return "future" if future else "fact"


def _taken(tok: Token) -> bool:
    """A decision noun with its maker: a possessor ("Friday's order") or a "by" phrase."""
    return (
        tok.pos_ == "NOUN"
        and tok.lower_ in _TAKEN
        and any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "by") for c in tok.children)
    )


# Conjunctions whose clause states its event whatever the main clause does; "after" and
# "since" only for a past event ("after the U.S. imposes tariffs" is still ahead).
_GRANTING = frozenset({"because", "although", "though", "whereas"})
_PAST_MARKS = frozenset({"after", "since"})


def _granted(clause: Token) -> bool:
    """An adverbial clause of cause, concession or past time: "even though U.S. sanctions
    forbade it", "may hit back after Washington placed sanctions on Rosneft"."""
    marks = {c.lower_ for c in clause.children if c.dep_ == "mark"}
    return bool(marks & _GRANTING) or (bool(marks & _PAST_MARKS) and clause.tag_ == "VBD")


# Verbs that carry out what an option, offer or bid only proposed.
FULFILLING = {"exercise", "accept", "complete", "execute", "finalize", "finalise", "conclude"}


def _fulfilled(tok: Token) -> bool:
    """ "exercised an option to buy", "accepted the offer to acquire": the proposal is
    carried out, so the event under it is a fact."""
    return (
        tok.pos_ == "NOUN"
        and tok.dep_ in ("dobj", "nsubjpass")
        and lemma(tok.head) in FULFILLING
        and not any(c.dep_ == "neg" or c.lower_ in _NOT for c in tok.head.children)
    )


def _asked(decision: Token, words: set[str] | frozenset[str]) -> bool:
    """The decision is itself only asked for, hoped or planned: "ask member states to agree
    ...", "urged Congress to approve ..." (its head is an unreal verb)."""
    head = decision.head
    if decision.dep_ not in ("xcomp", "ccomp") or head == decision:
        return False
    word = lemma(head)
    return (_stem(head.lower_, words) or word) in words and word not in DECIDED


def _misread_time(tok: Token, word: str) -> bool:
    """ "Before the quake, output was 250,000 bpd": a main clause has no subordinating
    conjunction, so a "before" or "until" marking the root is a preposition the parser
    misread, and states a time, not a condition; so does one marking a past event."""
    if word not in ("before", "until"):
        return False
    # "that was before a new round of tariffs were announced": a past event dates another,
    # unless the clause it dates is itself ahead ("would stay until Pyongyang agreed")
    past = tok.tag_ == "VBD" or any(
        c.dep_ in ("aux", "auxpass") and c.lower_ in ("was", "were", "had") for c in tok.children
    )
    ahead = any(c.dep_ == "aux" and c.lower_ in _AHEAD for c in tok.head.children)
    return tok.dep_ == "ROOT" or (past and not ahead)


def _chain(trigger: Token) -> list[Token]:
    """The trigger and its heads up to the root, stopping above a reporting verb."""
    chain = [trigger]
    tok = trigger
    for _ in range(8):
        head = tok.head
        if head == tok:
            break
        chain.append(head)
        if lemma(head) in ("say", "tell", "report", "add", "state"):
            break  # "X said it had signed": the report is not a hedge of the event
        tok = head
    return chain


def local_mood(verb: Token) -> str:
    """The mood a verb states by itself, ignoring the clauses above it: "sanctions imposed
    against Japan" is stated as done even inside "hopes to lift sanctions imposed ..."."""
    for child in verb.children:
        low = child.lower_
        if child.dep_ == "neg" or low in _NOT:
            return "negated"
        if child.dep_ == "aux" and low in ("may", "might", "could", "should", "would", "will"):
            return "unreal"
        if child.dep_ == "mark" and low in _CONDITIONS:
            return "unreal"
    return "fact"
