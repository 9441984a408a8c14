"""Figures given as a wire table: one production fact per producer, measure and period.

The tables are written for these tests in the shape of agency tables on the wire (USDA
supply/demand by country, an industry body's output by region); none is taken from a corpus.
One test reads real ones from the shared corpus where it is present.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assay.enrich import Enricher
from assay.models import Article
from assay.settings import Settings
from benchmarks.corpus import corpus_dir
from evaluation.real.corpus import document_text, load_document

CORPUS = corpus_dir()  # read before `isolated_env` clears ASSAY_CORPUS_DIR

BY_COUNTRY = """WORLD BARLEY OUTPUT BY COUNTRY -- MINISTRY

The Ruritanian farm ministry gave these figures for
barley production in the main growing countries, in thousands
of tonnes --
                   Apr/Jun            Jan/Dec
                 1986    1985       1986     1985
 FRANCE            310     290       1,204    1,150
 CANADA             95     101         660      702
 U.S.              120     118         845      811
 AUSTRALIA          NIL     NIL        433      390
 REUTER
"""

SECTIONS = """WHEAT SUPPLY/DEMAND BY COUNTRY -- USDA

The U.S. Agriculture Department gave supply/demand data
for major wheat traders, by country, as follows in mln tonnes --
    CANADA WHEAT
               1986/87           1985/86
          04/09/87 03/09/87  04/09/87 03/09/87
 Start Stcks  8.10    8.10      7.40    7.40
 Production  31.40   31.10     24.25   24.25
 Imports      0.05    0.05      0.04    0.04
 Dom Use      6.90    6.80      6.60    6.60
 Exports     20.50   20.10     17.70   17.70
    ARGENTINA WHEAT, in mln tonnes --
               1986/87           1985/86
          04/09/87 03/09/87  04/09/87 03/09/87
 Production   8.70    8.90      8.50    8.50
 Exports       NIL     NIL      6.10    6.00
 Reuter
"""

PROSE = """ACME MINING RAISES COPPER OUTPUT

Acme Mining Corp said its copper output rose to 120,000 tonnes
in 1986 from 110,000 tonnes in 1985.
    Sales and stocks in tonnes were:
            1986      1985
    Sales   98,000    91,000
    Stocks  12,000    14,000
 Reuter
"""


def _names(role: Any) -> str:
    return " and ".join(r["name"] for r in role) if isinstance(role, list) else role["name"]


def production(facts: list[Any]) -> list[tuple[Any, ...]]:
    return [
        (
            _names(f.fields["actor"]),
            f.fields["commodity"]["name"],
            f.fields["measure"],
            f.fields["value"]["value"],
            f.fields["year"],
        )
        for f in facts
        if f.type == "production"
    ]


def test_a_row_per_country_gives_each_country_the_full_year_of_each_year(extract) -> None:
    facts = production(extract(BY_COUNTRY))
    assert ("France", "barley", "production", 1204000.0, 1986) in facts
    assert ("France", "barley", "production", 1150000.0, 1985) in facts
    assert ("United States", "barley", "production", 845000.0, 1986) in facts
    # the quarter columns are within the same years: not figures of their own (A4)
    assert not [f for f in facts if f[3] in (310000.0, 290000.0)]
    # NIL is no figure
    assert [f for f in facts if f[0] == "Australia"] == [
        ("Australia", "barley", "production", 433000.0, 1986),
        ("Australia", "barley", "production", 390000.0, 1985),
    ]


def test_a_fact_keeps_its_row_as_the_sentence_it_came_from(extract) -> None:
    facts = [f for f in extract(BY_COUNTRY) if f.type == "production"]
    france = [f for f in facts if f.fields["actor"]["name"] == "France"]
    assert france and all(f.sentence.startswith("FRANCE") for f in france)
    assert all(BY_COUNTRY[f.start : f.end] == f.sentence for f in facts)


def test_measure_rows_belong_to_the_country_of_their_section_heading(extract) -> None:
    facts = production(extract(SECTIONS))
    # the newest estimate of each season; seasons give no year; stocks and use are no fact
    assert facts == [
        ("Canada", "wheat", "production", 31400000.0, None),
        ("Canada", "wheat", "production", 24250000.0, None),
        ("Canada", "wheat", "imports", 50000.0, None),
        ("Canada", "wheat", "imports", 40000.0, None),
        ("Canada", "wheat", "exports", 20500000.0, None),
        ("Canada", "wheat", "exports", 17700000.0, None),
        ("Argentina", "wheat", "production", 8700000.0, None),
        ("Argentina", "wheat", "production", 8500000.0, None),
        ("Argentina", "wheat", "exports", 6100000.0, None),
    ]


def test_a_section_heading_names_a_country_and_a_commodity_not_an_organisation(link) -> None:
    entities = {(e.type, e.name) for e in link(SECTIONS).values()}
    assert ("COUNTRY", "Canada") in entities and ("COUNTRY", "Argentina") in entities
    assert not [name for kind, name in entities if kind == "ORG" and "WHEAT" in name]


def test_sales_and_stocks_tables_are_no_output(extract) -> None:
    facts = production(extract(PROSE))
    assert facts == [
        ("Acme Mining", "copper", "production", 120000.0, 1986),
        ("Acme Mining", "copper", "production", 110000.0, 1985),
    ]


def test_forecast_tables_and_commitments_are_no_output(extract) -> None:
    forecast = BY_COUNTRY.replace("gave these figures for", "gave these forecasts for")
    assert production(extract(forecast)) == []
    sales = BY_COUNTRY.replace("barley production", "barley export commitments")
    assert production(extract(sales)) == []


def test_a_commodity_row_belongs_to_the_one_country_the_story_names(extract) -> None:
    text = (
        "SEASONAL EXPORTS BY CANADIAN EXPORTERS\n\n"
        "Canada's exports of the following commodities since the start of\n"
        "the season, with comparisons, in thousand tonnes --\n"
        "               4/2/87    Prev Wk   4/3/86\n"
        " Wheat        2,044.6   2,398.3   1,725.8\n"
        " Corn           296.0     194.6     182.6-x\n"
        " Soybean Oil     38.4      35.8      79.9\n"
        " Reuter\n"
    )
    facts = production(extract(text))
    # the previous week is no period of its own; a date gives no calendar year
    assert ("Canada", "wheat", "exports", 2044600.0, None) in facts
    assert ("Canada", "wheat", "exports", 1725800.0, None) in facts
    assert ("Canada", "corn", "exports", 182600.0, None) in facts
    assert len(facts) == 6


def test_the_enricher_reads_a_table_whose_header_of_dates_looks_like_furniture(
    settings: Settings,
) -> None:
    text = (
        "SEASONAL EXPORTS REPORTED BY CANADIAN EXPORTERS\n\n"
        "Exports of the following commodities between the start of the\n"
        "current seasons and April 2, with comparisons, as reported by\n"
        "Canadian exporters, in thousand tonnes, unless noted --\n"
        "               4/2/87    Prev Wk   4/3/86\n"
        " Wheat        21,044.6  20,398.3  19,725.8\n"
        " Soybeans     14,334.2  14,063.5  14,698.4\n"
        " Reuter\n"
    )
    [article] = Enricher(settings).enrich([Article(source="t", text=text, language="en")])
    assert sorted(production(article.facts)) == [
        ("Canada", "soybeans", "exports", 14334200.0, None),
        ("Canada", "soybeans", "exports", 14698400.0, None),
        ("Canada", "wheat", "exports", 19725800.0, None),
        ("Canada", "wheat", "exports", 21044600.0, None),
    ]


def test_two_digit_years_of_months_keep_the_latest_month_of_a_year(extract) -> None:
    text = (
        "WORLD ZINC OUTPUT UP IN FEBRUARY\n\n"
        "Zinc production by region was as follows (in thousands of\n"
        "tonnes), the zinc producers' association said.\n"
        "                 Feb'87   Jan'87    Feb'86\n"
        "    Africa           45       50        41\n"
        "    Europe          268      293       256\n"
        " REUTER\n"
    )
    facts = production(extract(text))
    assert facts == [
        ("Africa", "zinc", "production", 45000.0, 1987),
        ("Africa", "zinc", "production", 41000.0, 1986),
        ("Europe", "zinc", "production", 268000.0, 1987),
        ("Europe", "zinc", "production", 256000.0, 1986),
    ]


@pytest.mark.skipif(
    not (Path(CORPUS) / "reuters21578.jsonl.gz").is_file(), reason="no shared corpus"
)
def test_real_usda_tables_give_every_country_its_output_and_trade(extract) -> None:
    # Dev documents: a USDA coarse grain table by country, and an industry body's fish oil
    # output by country (batches 81 and 34 of the real-text gold set).
    texts = {i: document_text(load_document("reuters21578", i)) for i in ("15914", "5887")}
    grain = production(extract(texts["15914"]))
    assert {f[0] for f in grain} >= {"Japan", "Canada", "Thailand", "Argentina", "Eastern Europe"}
    assert ("Japan", "feedgrains", "imports", 21560000.0, None) in grain
    fish = production(extract(texts["5887"]))
    assert ("Peru", "fish oil", "production", 238000.0, 1986) in fish
    assert ("Japan", "fish oil", "production", 249000.0, 1985) in fish


def test_huge_lines_of_numbers_are_no_table() -> None:
    from assay.enrich.facts.tables import table_facts

    # 2.4 MB of three lines: read as no row at once (a scan of every cell took minutes)
    text = "FIGURES\n\n" + ("Production " + " 1.5" * 200_000 + "\n") * 3
    assert table_facts(text, "FIGURES", []) == []
