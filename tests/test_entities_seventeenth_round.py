"""Names the seventeenth round reads from the unseen batches 74-77 and the dev sets: titles a
role's neighbours glued to a name, towns the model calls firms, an acronym the story spells
out for another body than the knowledge base's, and share indices."""

from __future__ import annotations

from typing import Any


def names(ents: dict[str, Any], kind: str) -> list[str]:
    return sorted(e.name for e in ents.values() if e.type == kind)


def mentions(ents: dict[str, Any], name: str) -> list[str]:
    """How the story writes the entity named `name`, in order."""
    return [m.text for m in next(e for e in ents.values() if e.name == name).mentions]


def test_titles_and_weekdays_stay_out_of_a_name_the_model_read(link) -> None:
    ents = link(
        "Abe will meet Secretary of State George Shultz, Defence Secretary Caspar "
        "Weinberger. U.S. Chief Justice John Roberts will preside. House Judiciary "
        "Committee Chairman Bob Goodlatte Tuesday urged Attorney General Jeff Sessions to "
        "act. Farmer Blake Erwin drives a combine. As Conservative Max Boot explained, it "
        "was late. Crown Prince Mohammed bin Salman arrived."
    )
    people = names(ents, "PERSON")
    for name in ("George Shultz", "John Roberts", "Bob Goodlatte", "Blake Erwin", "Max Boot"):
        assert name in people
    assert "Mohammed bin Salman" in people
    assert not any(p.split()[0] in ("State", "Justice", "Farmer", "Crown") for p in people)
    assert not any(p.endswith("Tuesday") for p in people)


def test_a_role_still_gives_the_given_name_the_model_left_out(link) -> None:
    ents = link(
        "Party elders ousted party Chairwoman Debbie Wasserman Schultz over a leaked email. "
        "Puerto Rico's Governor Alejandro Garcia Padilla is frustrated."
    )
    people = names(ents, "PERSON")
    assert "Debbie Wasserman Schultz" in people
    assert "Alejandro Garcia Padilla" in people


def test_a_town_before_its_state_or_after_near_is_a_place(link) -> None:
    ents = link(
        "Metal Container Corp will build the plant in Orange County, New York instead of "
        "Chester, New York. Technigen said its property in Rouyn-Noranda, Quebec, is rich. "
        "Ecusta operates a mill in Pisgah Forest, N.C. The field lies 145 km west of Bergen. "
        "ZTE, China's second-largest maker, fell."
    )
    places = names(ents, "LOCATION")
    for town in ("Chester", "Rouyn-Noranda", "Pisgah Forest", "Bergen"):
        assert town in places
    assert not {"Chester", "Bergen", "Rouyn-Noranda"} & set(names(ents, "ORG"))
    assert "ZTE" in names(ents, "ORG")


def test_an_acronym_the_story_spells_out_names_its_own_body(link) -> None:
    ents = link(
        "IBC EXPECTED TO MAINTAIN COFFEE EXPORT FORMULA\n\n"
        "The Brazilian Coffee Institute, IBC, is expected to keep its pricing system, IBC "
        "officials said."
    )
    assert names(ents, "ORG") == ["Brazilian Coffee Institute"]
    assert mentions(ents, "Brazilian Coffee Institute").count("IBC") == 3


def test_a_dateline_source_in_parentheses_is_not_the_place(link) -> None:
    ents = link(
        "Rio de Janeiro (CNN) One of the swimmers at a Rio de Janeiro gas station said "
        "men pulled guns on them, CNN reported."
    )
    assert "CNN" in names(ents, "ORG")
    assert set(mentions(ents, "Rio de Janeiro")) == {"Rio de Janeiro"}


def test_a_share_index_is_no_company(link) -> None:
    ents = link(
        "Dow falls 300 points after Gary Cohn resigns\n\n"
        "The Dow fell Wednesday by as much as 300 points, and the Nasdaq Composite slid. "
        "Dow Chemical Co said it would build a plant."
    )
    assert names(ents, "ORG") == ["Dow Chemical"]
    assert mentions(ents, "Dow Chemical") == ["Dow Chemical Co"]


def test_and_between_two_bodies_the_model_read_apart_joins_no_firm(link) -> None:
    ents = link(
        "The United Auto Workers and American\nMotors Corp agreed to resume talks on a new "
        "labor contract. Odyssey Partners and Dover Fund Inc hold stakes. Procter and Gamble "
        "Co and Mitsui and Co Ltd rose."
    )
    orgs = names(ents, "ORG")
    for name in ("United Auto Workers", "American Motors", "Odyssey Partners", "Dover Fund"):
        assert name in orgs
    assert "Procter and Gamble" in orgs
    assert not any(" and " in o and o != "Procter and Gamble" for o in orgs)


def test_a_body_s_lower_case_head_word_is_its_name_unless_the_firm_stands_alone(link) -> None:
    ents = link(
        "Argentine meat exports totalled 220,911 tonnes in 1986, the National Meat board said. "
        "The American Express board approved the sale, and American Express shares rose."
    )
    orgs = names(ents, "ORG")
    assert "National Meat board" in orgs
    assert "American Express" in orgs
    assert "American Express board" not in orgs


def test_a_board_s_national_figures_are_its_country_s(extract) -> None:
    facts = extract(
        "ARGENTINE MEAT EXPORTS LOWER IN 1986\n\nArgentine meat exports during 1986 totalled "
        "220,911 tonnes, against 223,204 tonnes in 1985, the National Meat board said."
    )
    found = [(f.fields["actor"]["name"], f.fields["value"]["value"]) for f in facts]
    assert found == [("Argentina", 220911.0), ("Argentina", 223204.0)]


def test_a_holder_named_after_the_field_of_his_office_is_a_person(link) -> None:
    ents = link(
        "PHILIPPINE TRADE SECRETARY PLEASED\n\nPhilippine Secretary of Trade and Industry Jose "
        "Concepcion, who two days ago voiced doubts, said he was pleased.\n"
        "    Concepcion told reporters the meeting was useful.\n"
    )
    assert "Jose Concepcion" in names(ents, "PERSON")
    assert not [n for n in names(ents, "ORG") if "Concepcion" in n]
