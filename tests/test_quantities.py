"""Money, amounts and percentages parse to normalised values."""

from __future__ import annotations

import pytest

from assay.enrich.quantities import (
    Amount,
    Money,
    find_amounts,
    find_money,
    parse_amount,
    parse_money,
    parse_percent,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$1.2bn", Money(1.2e9, "USD")),
        ("A$1.25 billion", Money(1.25e9, "AUD")),
        ("€500 million", Money(5e8, "EUR")),
        ("£2bn", Money(2e9, "GBP")),
        ("US$300m", Money(3e8, "USD")),
        ("¥10 billion", Money(1e10, "JPY")),
        ("10 billion yuan", Money(1e10, "CNY")),
        ("10 billion yen", Money(1e10, "JPY")),
        ("Rp 5 trillion", Money(5e12, "IDR")),
        ("C$40 million", Money(4e7, "CAD")),
        ("HK$3bn", Money(3e9, "HKD")),
        ("R$ 2 billion", Money(2e9, "BRL")),
        ("300 mln dlrs", Money(3e8, "USD")),
        ("1,500 euros", Money(1500.0, "EUR")),
        ("about 50 mln stg", Money(5e7, "GBP")),
        ("a $25 stake", Money(25.0, "USD")),
        # wire copy writes small multipliers out
        ("a loan of two billion dlrs", Money(2e9, "USD")),
        ("seventy-five mln dlrs", Money(7.5e7, "USD")),
        ("One billion yen", Money(1e9, "JPY")),
    ],
)
def test_parse_money_normalises_value_and_currency(text: str, expected: Money) -> None:
    assert parse_money(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2 million pounds of uranium",
        "500 tonnes",
        "rs 5 and usd 4",
        "the year 2024",
        "",
        "one of two dlrs accounts",  # a word number counts only before a scale word
    ],
)
def test_parse_money_ignores_non_money(text: str) -> None:
    assert parse_money(text) is None


def test_find_money_reports_spans_into_the_text() -> None:
    text = "It paid A$1.25 billion and then $300m more."
    spans = [(text[s:e], m) for s, e, m in find_money(text)]
    assert spans == [("A$1.25 billion", Money(1.25e9, "AUD")), ("$300m", Money(3e8, "USD"))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2.5 million tonnes a year", Amount(2.5e6, "t/yr")),
        ("50,000 tpa", Amount(50000.0, "t/yr")),
        ("30 GWh", Amount(30.0, "GWh")),
        ("1.2 GW", Amount(1.2, "GW")),
        ("500 MW", Amount(0.5, "GW")),
        ("500,000 barrels per day", Amount(5e5, "bbl/d")),
        ("300,000 bpd", Amount(3e5, "bbl/d")),
        ("10 mtpa", Amount(1e7, "t/yr")),
        ("4 bcm", Amount(4e9, "m3")),
        ("4 billion cubic metres a year", Amount(4e9, "m3/yr")),
        ("20 kt", Amount(2e4, "t")),
        ("3 Mt", Amount(3e6, "t")),
        ("500,000 mt", Amount(5e5, "t")),
        ("2.5m tonnes", Amount(2.5e6, "t")),
        ("5 mln tonnes", Amount(5e6, "t")),
        ("1.5 million ounces", Amount(1.5e6, "oz")),
        ("2 Moz", Amount(2e6, "oz")),
        ("100,000 wafers per month", Amount(1e5, "wafers/month")),
        ("200,000 vehicles a year", Amount(2e5, "units/yr")),
        ("163,924\ncopra tonnes", Amount(163924.0, "t")),
        ("1.5 mln crude barrels", Amount(1.5e6, "bbl")),
        ("5,000 long tons", Amount(5000.0, "long-t")),
        ("160,000 barrel-per-day", Amount(1.6e5, "bbl/d")),
        ("50,000 tonne-a-year", Amount(5e4, "t/yr")),
        ("50.08 billion kilowatt-hours", Amount(50080.0, "GWh")),
        ("2,554.41 billion kilowatt hours", Amount(2554410.0, "GWh")),
        ("379 terawatt hours", Amount(379000.0, "GWh")),
        ("50 gigawatt hours", Amount(50.0, "GWh")),
        ("1.2 gigawatts", Amount(1.2, "GW")),
        ("145 megawatts", Amount(0.145, "GW")),
        ("one mln tons", Amount(1e6, "t")),
        ("five\nmln barrels", Amount(5e6, "bbl")),
    ],
)
def test_parse_amount_normalises_units(text: str, expected: Amount) -> None:
    result = parse_amount(text)
    assert result is not None
    assert result.unit == expected.unit
    assert result.value == pytest.approx(expected.value)


@pytest.mark.parametrize(
    "text",
    [
        "$5 billion",
        "90%",
        "in 2024",
        "Mt Isa mine",
        "500 people",
        "300 and more tonnes",
        "one ton",  # a word number counts only before a scale word
    ],
)
def test_parse_amount_ignores_non_quantities(text: str) -> None:
    assert parse_amount(text) is None


def test_find_amounts_includes_the_rate_phrase_in_the_span() -> None:
    text = "a plant making 60,000 tonnes per year of lithium"
    [(start, end, amount)] = list(find_amounts(text))
    assert text[start:end] == "60,000 tonnes per year"
    assert amount.as_dict() == {"value": 60000.0, "unit": "t/yr"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("90%", 90.0),
        ("up to 38% on", 38.0),
        ("90 per cent", 90.0),
        ("90 percent", 90.0),
        ("12.5 pct", 12.5),
        ("ninety percent", 90.0),
        ("twenty-five per cent", 25.0),
        ("no number here", None),
    ],
)
def test_parse_percent(text: str, expected: float | None) -> None:
    assert parse_percent(text) == expected


def test_farm_counts_of_wire_copy_are_amounts() -> None:
    found = [a for _, _, a in find_amounts("10.5 mln 60-kg bags, 9.7 mln bales, 1.2 bln bushels")]
    assert found == [Amount(10.5e6, "bags"), Amount(9.7e6, "bales"), Amount(1.2e9, "bushels")]


def test_a_unit_conversion_leaves_no_float_residue() -> None:
    amount = parse_amount("50.08 billion kilowatt-hours")
    assert amount is not None and amount.value == 50080.0
