"""Who did what to whom, read from the dependency parse of one trigger sentence.

`Syntax` maps the sentence's entity slots onto the parse and builds a `Frame` per trigger:
the event's agent (subject, possessor, "by" agent), its patient (object, passive subject)
and its prepositional arguments ("sanctions on X", "an agreement between X and Y", "a loan
to Y"). A trigger noun takes the roles of the verb that governs it: "imposed sanctions on
X", "were hit with U.S. sanctions". Pronouns and descriptions ("it", "the company", "the
government") are resolved by a callback the document supplies (`facts.coref`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Token

from assay.enrich.entities.lexicon import PERSON_TITLES
from assay.enrich.facts.context import Slot
from assay.enrich.facts.coref import LEADER_PRONOUNS, LED_NOUNS
from assay.enrich.facts.heads import REPORTING, find_subject, governing_verb, lemma

# Dependencies that keep a name inside the argument it belongs to ("Mitsui and Co Ltd",
# "Gould Inc, a battery maker", "the U.S. Commerce Department").
_NAME_DEPS = {
    "compound", "conj", "cc", "appos", "amod", "nmod", "npadvmod", "poss", "det", "punct",
    "nummod", "quantmod", "case", "dep", "predet", "preconj", "pobj",
}  # fmt: skip
# "a group named X", "a firm called X": the participle that gives a noun its name.
_NAMING = frozenset({"named", "called", "dubbed"})
# The name itself, without its apposition or description ("Kindness NV, a Bahamas-based
# firm owned by a U.K. investor": Kindness NV).
_OWN_NAME_DEPS = frozenset({"compound", "flat", "nmod"})
# Prepositions whose objects stay part of an argument: "shares of Symbion", "a group of
# investors including GNB".
INNER_PREPS = frozenset({"of", "including", "in"})
_OBJECTS = {"dobj", "obj", "dative", "attr", "oprd"}
# Verbs that put a sum on the event's noun: "loans totalling", "aid amounting to".
_TOTALLING = frozenset({"total", "totalling", "totaling", "amount", "worth", "value"})
# The subject of these verbs undergoes the event: "Iran faces sanctions".
_UNDERGO = {"face", "suffer", "incur", "undergo"}
PRONOUNS = {
    "it", "they", "its", "their", "itself", "them", "we", "our", "he", "she", "him", "his",
    "her",
}  # fmt: skip
_RELATIVE = {"which", "that", "who", "whom", "whose"}
# A subject that is its named members: "a group of firms led by X", "an investor group".
_GROUPS = frozenset({"group", "consortium", "partnership", "syndicate"})
_LEADING = frozenset({"lead", "control", "head", "include", "comprise"})

# Resolve a pronoun or description token to the entities it stands for (none when unknown).
Resolver = Callable[[Token], list[Slot]]


@dataclass
class Frame:
    """The arguments of one trigger in one sentence."""

    trigger: Token
    verb: Token | None  # the verb governing the event (the trigger itself for a verb)
    passive: bool
    agent: list[Slot] = field(default_factory=list)
    patient: list[Slot] = field(default_factory=list)
    preps: dict[str, list[Slot]] = field(default_factory=dict)
    modifiers: list[Slot] = field(default_factory=list)  # names before the noun: "U.S. sanctions"
    speaker: list[Slot] = field(default_factory=list)  # "X said ..." above the event
    objects: dict[str, list[Token]] = field(default_factory=dict)  # preposition -> its objects

    def prep(self, *words: str) -> list[Slot]:
        """Objects of any of the prepositions, in the order asked."""
        out: list[Slot] = []
        for w in words:
            out += [s for s in self.preps.get(w, []) if s not in out]
        return out


class Syntax:
    """The parse of one sentence with its entity slots placed on tokens."""

    def __init__(self, doc: Doc, slots: list[Slot], resolve: Resolver | None = None) -> None:
        self.doc = doc
        self.resolve = resolve
        self._by_token: dict[int, list[Slot]] = {}
        for slot in slots:
            span = doc.char_span(slot.start, slot.end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            # every token of the name: a bad parse may hang its parts on different heads
            for tok in span:
                self._by_token.setdefault(tok.i, []).append(slot)

    def token_at(self, offset: int) -> Token | None:
        """The token covering a character offset of the sentence."""
        span = self.doc.char_span(offset, offset + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    def names_under(
        self,
        head: Token,
        preps: Iterable[str] = INNER_PREPS,
        deps: Collection[str] = _NAME_DEPS,
    ) -> list[Slot]:
        """Entity slots of the phrase headed by `head`, not descending into clauses (nor
        into dependencies other than `deps`)."""
        inner = set(preps)
        out: list[Slot] = []
        stack = [head]
        while stack:
            tok = stack.pop()
            if tok.lower_ == "whose" and tok.head.head.dep_ == "relcl":
                tok = tok.head.head.head  # "Akzo, whose fibres were banned": Akzo
            out.extend(self._by_token.get(tok.i, []))
            for child in tok.children:
                if child.dep_ == "prep" and child.lower_ == "of" and self._home_of(tok):
                    continue  # "<Henkel KGaA> of Dusseldorf, West Germany": where it is based
                if child.dep_ in deps or (child.dep_ == "prep" and child.lower_ in inner):
                    stack.append(child)
                elif child.dep_ == "acl" and child.lower_ in _NAMING:
                    # "an investment group named Clevebaco Ltd Partnership": the name
                    stack += [g for g in child.children if g.dep_ in ("oprd", "attr", "dobj")]
        if refers(head) and not self._by_token.get(head.i):
            # "it" alone, or "it and Mill City Gold Inc signed": the pronoun is a party too
            own = self._reporter_of(head)
            found = self.resolve(head) if not own and self.resolve is not None else []
            out = own + found + out
        unique = {id(s): s for s in out}
        return sorted(unique.values(), key=lambda s: s.start)

    def _home_of(self, tok: Token) -> bool:
        """ "of" after the last word of a firm's name gives its home town: wire copy's "X Inc
        of Houston", "Henkel KGaA of Dusseldorf, West Germany". ("Bank of Canada" is one
        name, read from its first word.)"""
        return any(s.type == "ORG" for s in self._by_token.get(tok.i, []))

    def _reporter_of(self, pronoun: Token) -> list[Slot]:
        """ "Kindness NV, a Bahamas-based firm owned by a U.K. investor, said it has acquired":
        "it" reported by a named firm or state is that firm or state, whatever other names
        its description holds."""
        if pronoun.lower_ not in ("it", "they") or pronoun.dep_ not in ("nsubj", "nsubjpass"):
            return []
        tok = pronoun.head
        for _ in range(3):
            if tok.dep_ not in ("ccomp", "xcomp", "conj") or tok.head == tok:
                return []
            tok = tok.head
            if lemma(tok) in REPORTING:
                subject = find_subject(tok)
                if subject is None or subject.lower_ in PRONOUNS or refers(subject):
                    return []
                own = self.names_under(subject, preps=(), deps=_OWN_NAME_DEPS)
                found = [n for n in own if n.type in ("ORG", "COUNTRY")]
                if not found and lemma(subject) in _GROUPS:
                    return self._members(subject)
                # the speaker acts here: no longer only the source of the statement
                return [replace(n, reporter=False) for n in found[:1]]
        return []

    def _members(self, group: Token) -> list[Slot]:
        """ "A group of firms led by Fidelity and FMR said it ...", "a group including
        Coronet and Sunstates": the group is its named members, each one."""
        out: list[Slot] = []
        for tok in group.subtree:
            if tok.dep_ == "acl" and lemma(tok) in _LEADING:
                by = [g for c in tok.children if c.dep_ == "agent" for g in c.children]
            elif tok.dep_ == "prep" and tok.lower_ == "including":
                by = [c for c in tok.children if c.dep_ == "pobj"]
            else:
                continue
            names = [n for b in by for n in self.names_under(b, preps=())]
            out += [replace(n, reporter=False) for n in names if n.type in ("ORG", "PERSON")]
        # "led by Equitable Bancorp Chairman Alfred Lerner": the man, not the firm he chairs
        text = self.doc.text

        def titles(a: Slot, b: Slot) -> bool:
            words = set(text[a.end : b.start].lower().split()) if b.start > a.end else set()
            return bool(words) and words <= PERSON_TITLES

        return [n for n in out if not any(p.type == "PERSON" and titles(n, p) for p in out)]

    def names_in(self, head: Token) -> list[Slot]:
        """Every entity slot anywhere in the phrase under `head` ("on vehicles imported from
        China")."""
        out: dict[int, Slot] = {}
        for tok in head.subtree:
            for slot in self._by_token.get(tok.i, []):
                out[id(slot)] = slot
        return sorted(out.values(), key=lambda s: s.start)

    def clause_above(self, trigger: Token, hops: int = 4) -> Token | None:
        """The first verb above `trigger` that has a subject: "Harlowe Corp signed a letter
        of intent to merge into Vantine" -> "signed"."""
        tok = trigger
        for _ in range(hops):
            if tok.head == tok:
                break
            tok = tok.head
            if tok.pos_ in ("VERB", "AUX") and find_subject(tok) is not None:
                return tok
        return None

    def subject_names(self, verb: Token) -> list[Slot]:
        """The names under a verb's subject; a relative pronoun stands for the noun its clause
        describes ("Acme, which bought Beta")."""
        subject = find_subject(verb)
        if subject is None:
            return []
        if subject.lower_ in _RELATIVE and subject.head.dep_ == "relcl":
            return self.names_under(subject.head.head)
        return self.names_under(subject)

    def prep_names(self, head: Token, word: str) -> list[Slot]:
        """Objects of preposition `word` anywhere under `head`: "a stake ... to Manara"."""
        out: list[Slot] = []
        for tok in head.subtree:
            if tok.dep_ == "prep" and tok.lower_ == word:
                out += [n for o in tok.children if o.dep_ == "pobj" for n in self.names_under(o)]
                out += self._stranded(tok)
        return out

    def _stranded(self, prep: Token) -> list[Slot]:
        """The name right after a preposition the parse left without an object: two
        sentences read as one ("... to Columbia Aluminium Corp. Comalco said ...") hang
        the name elsewhere."""
        if any(c.dep_ in ("pobj", "pcomp") for c in prep.children) or prep.i + 1 >= len(self.doc):
            return []
        return list(self._by_token.get(prep.i + 1, []))[:1]

    def frame(self, trigger: Token) -> Frame:
        """Agent, patient and prepositional arguments of the event `trigger` names."""
        verb: Token | None
        noun: Token | None
        if trigger.pos_ in ("VERB", "AUX") and trigger.dep_ not in ("amod", "compound"):
            verb, noun = trigger, None
        else:
            verb, noun = governing_verb(trigger), trigger
        passive = verb is not None and any(c.dep_ == "nsubjpass" for c in verb.children)
        frame = Frame(trigger, verb, passive)
        if noun is not None:
            self._noun_args(noun, frame)
        if verb is not None:
            self._verb_args(verb, frame, noun)
        if not frame.agent and noun is not None:
            # "its entity list": the possessive pronoun counts only when nothing else acts
            owners = [c for c in noun.children if c.dep_ == "poss" and c.lower_ in PRONOUNS]
            frame.agent = [s for o in owners for s in self.names_under(o)]
        return frame

    def _noun_args(self, noun: Token, frame: Frame) -> None:
        head = noun
        while True:
            for child in head.children:
                if child.dep_ == "poss" and child.lower_ not in PRONOUNS:
                    frame.agent += self.names_under(child)
                elif child.dep_ in ("compound", "amod", "nmod") and child.i < noun.i:
                    frame.modifiers += self.names_under(child)
                elif child.dep_ == "det":
                    # "the U.S.-Japan accord": the parser hangs the pair off the article
                    for grand in child.children:
                        if grand.dep_ in ("dep", "compound", "amod", "nmod"):
                            frame.modifiers += self.names_under(grand)
                elif child.dep_ == "prep":
                    self._add_prep(child, frame)
                elif child.dep_ in ("acl", "relcl"):
                    # "sanctions imposed by the EU on Russia", "the pact signed by X and Y",
                    # "the duties it imposed on Japanese goods"
                    for grand in child.children:
                        if grand.dep_ in ("agent", "prep"):
                            self._add_prep(grand, frame)
                        elif (
                            grand.dep_ == "nsubj"
                            and child.dep_ == "relcl"
                            and grand.lower_ not in _RELATIVE
                        ):
                            frame.agent += self.names_under(grand)
                        if lemma(child) in _TOTALLING and grand.dep_ in ("dobj", "prep"):
                            # "two loans totalling 75.7 mln dlrs for projects in Nepal": what
                            # the sum is for is what the loans are for
                            self._sum_preps(grand, frame)
            # a noun chain: "U.S. trade sanctions", "the oil export ban"
            if head.dep_ == "compound" and head.head.i > head.i:
                head = head.head
                continue
            break
        first = noun.head
        if noun.dep_ == "conj" and first.pos_ in ("NOUN", "PROPN"):
            # "isolation and economic sanctions from the United States": a phrase after both
            # nouns, which the parse hangs on the first, is the second's too
            for child in first.children:
                if child.dep_ == "prep" and child.i > noun.i:
                    self._add_prep(child, frame)

    def _sum_preps(self, tok: Token, frame: Frame) -> None:
        """The prepositions on the sum under "totalling" ("... dlrs for X", "to ... for X")."""
        sums = [tok] if tok.dep_ == "dobj" else [o for o in tok.children if o.dep_ == "pobj"]
        for amount in sums:
            for prep in amount.children:
                if prep.dep_ == "prep":
                    self._add_prep(prep, frame)

    def _verb_args(self, verb: Token, frame: Frame, noun: Token | None) -> None:
        for child in verb.children:
            dep = child.dep_
            if dep == "agent" or (dep == "dative" and child.pos_ == "ADP"):
                self._add_prep(child, frame)  # "by X"; "sold a stake to X" parsed as dative
            elif dep == "nsubjpass":
                frame.patient += self.names_under(child)
            elif dep in _OBJECTS and child != noun and not _inside(noun, child):
                frame.objects.setdefault("obj", []).append(child)
                if child.lower_ in _RELATIVE and verb.dep_ == "relcl":
                    frame.patient += self.names_under(verb.head)  # "Beta, which Acme bought"
                else:
                    frame.patient += self.names_under(child)
            elif dep == "prep" and not _inside(noun, child):
                self._add_prep(child, frame)
        if (
            verb.dep_ == "acl"
            and verb.tag_ == "VBN"
            and noun is not None
            and noun.head.dep_ == "agent"
        ):
            frame.patient += self.names_under(verb.head)  # "Russia, hit by sanctions"
        if find_subject(verb) is not None and not frame.passive:
            named = self.subject_names(verb)
            if lemma(verb) in _UNDERGO:
                frame.patient = named + frame.patient
            elif not frame.agent:
                frame.agent = named
        frame.speaker = self._speaker(verb)

    def _add_prep(self, prep: Token, frame: Frame) -> None:
        word = "by" if prep.dep_ == "agent" else prep.lower_
        objects = [o for o in prep.children if o.dep_ in ("pobj", "pcomp")]
        frame.objects.setdefault(word, []).extend(objects)
        names = [s for o in objects for s in self.names_under(o)] + self._stranded(prep)
        if word == "by" and not names:
            # "acquired by an investor group led by developer William Landa": its leader
            names = [s for o in objects if o.lower_ in _GROUPS for s in self._members(o)]
        if word == "by":
            frame.agent += [n for n in names if n not in frame.agent]
        else:
            frame.preps.setdefault(word, []).extend(names)

    def _speaker(self, verb: Token) -> list[Slot]:
        """The subject of a reporting verb above the event: "X said (it agreed ...)"."""
        tok = verb
        for _ in range(6):
            if tok.head == tok:
                return []
            tok = tok.head
            if lemma(tok) in REPORTING:
                subject = find_subject(tok)
                return self.names_under(subject) if subject is not None else []
        return []


def _inside(noun: Token | None, tok: Token) -> bool:
    """Whether `tok` is (or holds) the trigger noun: its arguments were read already."""
    if noun is None:
        return False
    return tok == noun or tok.is_ancestor(noun)


def refers(tok: Token) -> bool:
    """A pronoun or a bare description ("the company", not "the Kim regime")."""
    if tok.lower_ in PRONOUNS:
        return True
    if tok.pos_ != "NOUN":
        return False
    kids = [c for c in tok.children if c.dep_ not in ("punct", "prep", "relcl", "acl", "appos")]
    if tok.lower_ in LED_NOUNS and [(c.dep_, c.lower_ in LEADER_PRONOUNS) for c in kids] == [
        ("poss", True)
    ]:
        return True  # "his administration": the state of the leader "his" stands for
    return bool(kids) and all(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in kids)
