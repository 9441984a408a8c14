"""Facts the seventeenth round reads: a measure's own clause that says it was suspended."""

from __future__ import annotations

from typing import Any

LEAD = (
    "TRADERS URGE NEW COFFEE PLAN\n\nCoffee growing nations need a new joint plan after the "
    "International Coffee Organization, ICO, failed to agree on export quotas, a Colombian "
    "exporter said.\n"
)


def read(facts: list[Any], kind: str, *paths: str) -> list[tuple[Any, ...]]:
    """The fields at `paths` ("actor.name"; over a list of names, each one's) of every fact
    of `kind`, in order."""

    def at(fields: Any, path: str) -> Any:
        for key in path.split("."):
            if fields is None:
                return None  # an empty role: "target": None
            fields = [x[key] for x in fields] if isinstance(fields, list) else fields[key]
        return fields

    return [tuple(at(f.fields, p) for p in paths) for f in facts if f.type == kind]


def measures(facts: list[Any]) -> list[tuple[Any, ...]]:
    return read(facts, "trade_measure", "actor.name", "measure", "action")


def test_quotas_suspended_in_their_own_clause_were_suspended(extract) -> None:
    facts = extract(
        LEAD + "An ICO council meeting closed yesterday in London with producer and consumer "
        "members unable to agree on reviving export quotas, suspended a year ago when prices "
        "jumped after a Brazilian drought."
    )
    assert measures(facts) == [("International Coffee Organization", "quota", "suspended")]


def test_a_relative_clause_suspends_them_for_the_body_not_the_subject(extract) -> None:
    facts = extract(
        LEAD + "Brazil wants to bring back the coffee export quotas which were suspended last "
        "February, the exporter said."
    )
    assert measures(facts) == [("International Coffee Organization", "quota", "suspended")]


def test_failed_talks_on_quotas_state_no_measure(extract) -> None:
    facts = extract(
        LEAD + "An ICO council meeting closed yesterday in London with producer and consumer "
        "members unable to agree on reviving export quotas."
    )
    assert measures(facts) == []


def test_tariffs_a_leader_ordered_are_imposed_by_his_state(extract) -> None:
    facts = extract(
        "TARIFFS SEEN AS A WARNING\n\nU.S. officials said the 100 pct tariffs Reagan ordered "
        "on 300 mln dlrs worth of Japanese goods will also show Congress that a tough stand "
        "can be taken under existing laws."
    )
    found = read(facts, "trade_measure", "actor.name", "target.name", "action")
    assert found == [("United States", "Japan", "imposed")]


def test_a_controlling_interest_bought_by_a_group_its_leader_leads(extract) -> None:
    facts = extract(
        "SAVINGS BANK TO BE ACQUIRED\n\nHarbor Federal Savings Bank said it signed a letter "
        "of intent for a controlling interest to be acquired by an investor group led by "
        "Miami developer Carlos Mendez."
    )
    found = read(facts, "investment", "investor.name", "target.name")
    assert found == [("Carlos Mendez", "Harbor Federal Savings Bank")]


def test_a_forecast_s_figure_for_last_year_is_stated(extract) -> None:
    facts = extract(
        "GREEK COTTON GROWERS SEEK EXPORT PERMITS\n\nGreek growers are asking the government "
        "to license 20,000 tonnes of cotton for export, an official of a large Greek ginning "
        "firm said.\nCotton output is expected to climb to 180,000 tonnes this season from "
        "150,000 last year, with lint output up at 60,000 tonnes from 52,000 last year."
    )
    found = read(facts, "production", "actor.name", "value.value")
    # the forecasts themselves are no figures (A4); last year's are
    assert found == [("Greece", 150000.0), ("Greece", 52000.0)]


def test_reversed_or_rescinded_tariffs_are_lifted(extract) -> None:
    for verb in ("reversed", "rescinded"):
        facts = extract(
            f"U.S. ENDS STEEL TARIFFS\n\nThe United States on Friday {verb} its 25 pct tariffs "
            "on Mexican steel, the Commerce Department said."
        )
        found = read(facts, "trade_measure", "actor.name", "target.name", "action")
        assert found == [("United States", "Mexico", "lifted")], verb


def test_the_banks_that_lead_a_loan_lend_it(extract) -> None:
    facts = extract(
        "BANKS BACK ZINC REFINER\n\nTalks are under way on rescuing Andes Zinc Refining Corp, "
        "which runs the country's only zinc refinery, an official said.\nThe daily Diario "
        "Financiero said new credits to Andes Zinc include a 90 mln dlr loan, with Banco "
        "Sudamericano as the lead agent.\nThe paper said a further 20 mln dlr loan was lead "
        "managed by Chemical Bank."
    )
    found = read(facts, "investment", "investor.name", "target.name", "amount.value")
    assert found == [
        ("Banco Sudamericano", "Andes Zinc Refining", 90e6),
        ("Chemical Bank", "Andes Zinc Refining", 20e6),
    ]


def test_a_producers_association_allots_quotas_to_each_member_it_lists(extract) -> None:
    facts = extract(
        "COCOA GROUP MEMBERS AGREE EXPORT CURB\n\nOfficials of the Association of Cocoa "
        "Producing Countries (ACPC) say members can keep group exports to 500,000 tonnes.\n"
        "Under the ACPC plan, Ghana has been allocated an export quota of 210,000 tonnes, Nigeria "
        "150,000, Cameroon 90,000 and Brazil 50,000.\nNon-member Ecuador has pledged to limit "
        "its exports to 40,000 tonnes during the quota period."
    )
    found = read(facts, "trade_measure", "actor.name", "target.name")
    assert found == [
        ("Association of Cocoa Producing Countries", ["Ghana", "Nigeria", "Cameroon", "Brazil"])
    ]


def test_a_quote_closed_after_its_full_stop_ends_the_sentence(extract) -> None:
    facts = extract(
        "PERU TO KEEP COFFEE EXPORTS STEADY\n\nPeru will keep exporting about 1.5 mln bags, "
        "the minister said. He ruled out a much higher volume of exports, or up to 2.5 mln "
        'bags, "because we do not want to disrupt the market."\n    Peru exported a record '
        "1.8 mln bags in the 1985/86 coffee year, the coffee board said."
    )
    found = read(facts, "production", "actor.name", "value.value")
    assert found == [("Peru", 1.8e6)]  # not the ruled-out 2.5 mln, nor the plan


def test_a_quota_sentence_that_refers_back_is_read_without_a_commodity_body(extract) -> None:
    facts = extract(
        "U.S. CUTS SUGAR IMPORT QUOTAS\n\nThe United States cut sugar import quotas for Brazil "
        "by 20 pct, the Agriculture Department said.\nIt also halved its import quota for "
        "refined sugar from next month."
    )
    told = [(f.sentence.split()[:3], f.fields["action"]) for f in facts]
    assert told == [(["The", "United", "States"], "lowered"), (["It", "also", "halved"], "lowered")]
