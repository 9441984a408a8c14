"""The shipped knowledge base: sizes, keys, groups and list memberships."""

from __future__ import annotations

from assay.enrich.kb import HEAVY_REE, LIGHT_REE, KnowledgeBase, fold, normalise_alias, slugify

KB = KnowledgeBase.load()


def test_load_is_cached_per_process() -> None:
    assert KnowledgeBase.load() is KB


def test_kb_holds_every_iso_country_and_element_and_300_orgs() -> None:
    countries = [c for c in KB.of_type("COUNTRY") if not c.attrs.get("former")]
    assert len(countries) == 249
    assert len({e.attrs["iso3"] for e in countries}) == 249
    former = {c.attrs["iso3"] for c in KB.of_type("COUNTRY") if c.attrs.get("former")}
    assert former == {"SUN", "DDR", "YUG", "CSK"}
    elements = [e for e in KB.of_type("COMMODITY") if "symbol" in e.attrs]
    assert len(elements) == 118
    assert {e.attrs["number"] for e in elements} == set(range(1, 119))
    assert len(KB.of_type("ORG")) >= 300
    assert len(KB.of_type("LOCATION")) >= 100
    assert len(KB.of_type("PROJECT")) >= 50


def test_every_org_has_a_known_kind_and_iso3_country() -> None:
    iso3 = {e.attrs["iso3"] for e in KB.of_type("COUNTRY")}
    kinds = {
        "company", "state-firm", "media", "agency", "ministry", "intergovernmental", "association"
    }  # fmt: skip
    for org in KB.of_type("ORG"):
        assert org.attrs["kind"] in kinds, org.key
        if org.attrs["kind"] != "intergovernmental" and org.attrs["kind"] != "association":
            assert org.attrs["country"] in iso3, org.key


def test_news_outlets_and_platforms_are_media_not_companies() -> None:
    # the facts read a "media" org as a story's source, never as a party to its events
    media = sorted(o.key for o in KB.of_type("ORG") if o.attrs["kind"] == "media")
    assert media == [
        "org:bloomberg", "org:cbs", "org:cnn", "org:fox-news", "org:msnbc", "org:nbc",
        "org:reuters", "org:twitter", "org:xinhua",
    ]  # fmt: skip


def test_short_forms_and_demonyms_resolve_to_iso3_keys() -> None:
    expected = {
        "U.S.": "country:USA",
        "America": "country:USA",
        "American": "country:USA",
        "UK": "country:GBR",
        "Britain": "country:GBR",
        "UAE": "country:ARE",
        "Emirati": "country:ARE",
        "DRC": "country:COD",
        "DR Congo": "country:COD",
        "Congolese": "country:COD",
        "South Korea": "country:KOR",
        "Korea": "country:KOR",
        "Korean": "country:KOR",
        "North Korea": "country:PRK",
        "Russia": "country:RUS",
        "Taiwan": "country:TWN",
        "Viet Nam": "country:VNM",
        "Turkey": "country:TUR",
        "Türkiye": "country:TUR",
        "Czechia": "country:CZE",
        "Japanese": "country:JPN",
        "Chinese": "country:CHN",
        "Indonesian": "country:IDN",
        "Australian": "country:AUS",
    }
    assert {alias: KB.lookup(alias).key for alias in expected} == expected  # type: ignore[union-attr]


def test_eu_is_an_org_and_brussels_is_a_city() -> None:
    eu = KB.lookup("EU")
    assert eu is not None and (eu.key, eu.type) == ("org:eu", "ORG")
    assert KB.lookup("European Commission").key == "org:european-commission"  # type: ignore[union-attr]
    # "EC" in wire copy is the European Community, not the Commission
    assert KB.lookup("EC").key == "org:european-community"  # type: ignore[union-attr]
    assert KB.lookup("GATT").key == "org:gatt"  # type: ignore[union-attr]
    brussels = KB.lookup("Brussels")
    assert brussels is not None and brussels.attrs == {"country": "BEL"}


def test_all_17_rare_earths_carry_a_light_or_heavy_group() -> None:
    assert len(LIGHT_REE) + len(HEAVY_REE) == 17
    for name in LIGHT_REE + HEAVY_REE:
        groups = KB.get(f"commodity:{name}").attrs["groups"]  # type: ignore[union-attr]
        assert "rare-earth" in groups
        assert ("light-ree" in groups) != ("heavy-ree" in groups), name
    assert "light-ree" in KB.get("commodity:neodymium").attrs["groups"]  # type: ignore[union-attr]
    assert "heavy-ree" in KB.get("commodity:dysprosium").attrs["groups"]  # type: ignore[union-attr]


def test_critical_mineral_lists_have_their_published_sizes() -> None:
    assert len(KB.lists["us-critical-2022"]) == 50
    assert len(KB.lists["eu-crm-2023"]) == 34
    assert len(KB.lists["eu-strategic-2024"]) == 17
    for name in ("us-critical-2022", "eu-crm-2023", "eu-strategic-2024", "battery-metal"):
        for slug in KB.lists[name]:
            entry = KB.get(f"commodity:{slug}")
            assert entry is not None, slug
            assert name in entry.attrs["groups"]
    # a group entry on the EU list tags its members
    assert "eu-crm-2023" in KB.get("commodity:terbium").attrs["groups"]  # type: ignore[union-attr]
    assert "eu-crm-2023" not in KB.get("commodity:gold").attrs["groups"]  # type: ignore[union-attr]


def test_battery_metals_and_materials_aliases() -> None:
    for name in ("lithium", "nickel", "cobalt", "manganese", "graphite"):
        assert "battery-metal" in KB.get(f"commodity:{name}").attrs["groups"]  # type: ignore[union-attr]
    assert KB.lookup("REEs").key == "commodity:rare-earths"  # type: ignore[union-attr]
    assert KB.lookup("rare-earth elements").key == "commodity:rare-earths"  # type: ignore[union-attr]
    assert KB.lookup("aluminum").key == "commodity:aluminium"  # type: ignore[union-attr]
    assert KB.lookup("NdFeB").key == "commodity:rare-earth-magnets"  # type: ignore[union-attr]


def test_projects_and_locations_know_their_country() -> None:
    cases = {
        "Mountain Pass": "USA",
        "Eneabba": "AUS",
        "Mount Weld": "AUS",
        "Bayan Obo": "CHN",
        "Kamoa-Kakula": "COD",
        "Thacker Pass": "USA",
        "Greenbushes": "AUS",
        "Olympic Dam": "AUS",
        "Oyu Tolgoi": "MNG",
        "Grasberg": "IDN",
        "Kvanefjeld": "GRL",
        "Morowali": "IDN",
        "Lualaba": "COD",
        "Baotou": "CHN",
        "Atacama": "CHL",
    }
    assert {n: KB.lookup(n).attrs["country"] for n in cases} == cases  # type: ignore[union-attr]
    assert KB.lookup("Southeast Asia").attrs == {}  # type: ignore[union-attr]


def test_no_alias_points_at_two_entries() -> None:
    clashes = {a: [e.key for e in KB.lookup_all(a)] for a in KB.aliases()}
    assert {a: keys for a, keys in clashes.items() if len(keys) > 1} == {}


def test_no_two_entries_share_a_normalised_alias() -> None:
    shared = {form: keys for form, keys in KB.normalised_aliases().items() if len(keys) > 1}
    assert shared == {}


def test_normalise_alias_drops_the_punctuation_and_spelling_variants() -> None:
    assert normalise_alias("Organisation of the Petroleum Exporting Countries") == (
        "organization of petroleum exporting countries"
    )
    assert normalise_alias("Procter & Gamble") == "procter and gamble"
    assert normalise_alias("Ørsted A/S") == "orsted a s"


def test_every_spelling_of_opec_reaches_one_key() -> None:
    forms = [
        "OPEC",
        "Organization of Petroleum Exporting Countries",
        "Organization of the Petroleum Exporting Countries",
        "Organisation of Petroleum Exporting Countries",
        "organisation of the petroleum exporting countries",
    ]
    assert {KB.lookup(f).key for f in forms} == {"org:opec"}  # type: ignore[union-attr]


def test_linked_long_form_and_acronym_of_opec_share_one_key() -> None:
    from assay.enrich.entities import EntityLinker
    from assay.enrich.nlp import load_nlp

    nlp = load_nlp()
    linker = EntityLinker(nlp)
    texts = [
        "The Organization of Petroleum Exporting Countries agreed to cut output.",
        "Ministers of the Organisation of Petroleum Exporting Countries met in Vienna.",
        "OPEC ministers met in Vienna on Monday.",
    ]
    keys = [{e.key for e in linker.link(nlp(t)) if e.type == "ORG"} for t in texts]
    assert keys == [{"org:opec"}] * 3


def test_slugify_makes_ascii_keys() -> None:
    assert slugify("Ørsted A/S") == "orsted-a-s"
    assert slugify("Gécamines") == "gecamines"


def test_every_capital_metonym_is_a_kb_location_in_its_country() -> None:
    from assay.enrich.entities.metonyms import CAPITALS

    for location, country in CAPITALS.items():
        place = KB.get(location)
        assert place is not None and place.type == "LOCATION", location
        assert f"country:{place.attrs['country']}" == country, location
        assert KB.get(country) is not None, country


def test_registry_knows_trading_houses_and_oil_companies_by_their_bare_names() -> None:
    expected = {
        "Mitsubishi": "org:mitsubishi-corp",
        "Mitsui": "org:mitsui",
        "Sumitomo": "org:sumitomo-corp",
        "Itochu": "org:itochu",
        "Marubeni": "org:marubeni",
        "Sojitz": "org:sojitz",
        "Hess": "org:hess",
        "ExxonMobil": "org:exxonmobil",
        "Chevron": "org:chevron",
        "ConocoPhillips": "org:conocophillips",
        "Devon Energy": "org:devon-energy",
        "EOG Resources": "org:eog",
        "Marathon Petroleum": "org:marathon-petroleum",
        "Apache": "org:apa",
        "Chesapeake Energy": "org:expand-energy",
        "Shell": "org:shell",
        "BP": "org:bp",
        "TotalEnergies": "org:totalenergies",
        "Eni": "org:eni",
        "Equinor": "org:equinor",
        "Repsol": "org:repsol",
        "Galp": "org:galp",
        "OMV": "org:omv",
        "Wintershall Dea": "org:wintershall-dea",
        "Harbour Energy": "org:harbour-energy",
    }
    found = {alias: getattr(KB.lookup(alias), "key", None) for alias in expected}
    assert found == expected


def test_no_two_entries_share_a_folded_alias() -> None:
    # One key per organisation (and per anything else): every spelling of a name, with or
    # without "the", "&" or British -isation, folds to one alias of one entry.
    owners: dict[str, set[str]] = {}
    for entry in KB.entries.values():
        for alias in (entry.name, *entry.aliases):
            owners.setdefault(fold(alias), set()).add(entry.key)
    shared = {alias: keys for alias, keys in owners.items() if len(keys) > 1}
    assert shared == {}


def test_spelling_variants_of_a_name_fold_to_one_entry() -> None:
    opec = KB.get("org:opec")
    for variant in (
        "Organization of Petroleum Exporting Countries",
        "Organisation of the Petroleum Exporting Countries",
        "organization of the petroleum exporting countries",
    ):
        assert KB.lookup(variant) is opec, variant
