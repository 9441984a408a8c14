"""Names and facts of the fourteenth round. Names: a firm's everyday name in parentheses after
its legal name and ticker is the firm ("Schweizerische Aluminium AG <ALUZ.Z> (Alusuisse)"),
and so is a known name after a bracketed legal name ("<Den Norske Stats Olieselskab>
(Statoil)"). Sentences: a doubled period after an abbreviation ends one ("in the U.S..").
Facts: a report said to be refuted states no event (the sanctions it said were eased
stand).

Found in dev documents of the corpus (batches 58-61); the sentences are written for these
tests and none is taken from a corpus.
"""

from __future__ import annotations

from typing import Any

from test_facts_recall import names, of_type


def test_a_short_name_in_parentheses_after_a_ticker_is_the_firm(link: Any, extract: Any) -> None:
    text = (
        "HELVALU PLANS FURTHER CAPACITY CUTS\n\n"
        "Helvetische Leichtmetall AG <HLVZ.Z>\n(Helvalu) plans further cuts in its aluminium "
        "smelting capacity, its chief executive said.\n"
        "    Two years ago Helvalu had an annual capacity of 800,000 tonnes."
    )
    orgs = [e for e in link(text).values() if e.type == "ORG"]
    assert len(orgs) == 1
    assert {m.text for m in orgs[0].mentions} >= {"Helvetische Leichtmetall AG", "Helvalu"}
    owners = [names(f["actors"]) for f in of_type(extract(text), "capacity")]
    assert owners == [["Helvetische Leichtmetall"]]


def test_a_known_name_after_a_bracketed_legal_name_is_that_firm(link: Any) -> None:
    found = link(
        "Competition will come from Norway's Mongstad refinery of <Den Norske Stats "
        "Olieselskab> (Statoil) <STAT.OL> when its expansion is completed."
    )
    orgs = [e for e in found.values() if e.type == "ORG"]
    assert [e.key for e in orgs] == ["org:equinor"]


def test_a_name_in_parentheses_that_the_kb_knows_stays_apart(link: Any) -> None:
    """Guards the short-name rule: a place or a known body in parentheses is not the firm."""
    found = link("Harwell Mining Corp (Canada) said it will close its Red Lake mine.")
    assert "country:CAN" in found
    assert not any(e.name == "Canada" and e.type == "ORG" for e in found.values())


def test_a_doubled_period_after_an_abbreviation_ends_the_sentence() -> None:
    from assay.enrich.nlp import load_nlp

    doc = load_nlp()(
        "Aircan said it will buy a courier firm that operates in\nwestern Canada and the "
        "U.S..\n    Gelmore Corp earlier said Aircan agreed to buy its courier unit."
    )
    sentences = [s.text.strip() for s in doc.sents]
    assert sentences[-1] == "Gelmore Corp earlier said Aircan agreed to buy its courier unit."


def test_a_report_that_was_refuted_states_no_lifting(extract: Any) -> None:
    facts = extract(
        "News that President Donald Trump was easing sanctions against Russia was refuted "
        "almost immediately, like so many other stories.\n\n"
        "The Treasury said it would allow U.S. companies to make limited transactions with "
        "Russia's intelligence agency."
    )
    assert [f["action"] for f in of_type(facts, "sanction")] in ([], ["imposed"])
