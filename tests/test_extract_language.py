"""Language detection: restricted to settings.languages, None for too-short text."""

from __future__ import annotations

import pytest

from assay.errors import ConfigError
from assay.extract import extract
from assay.extract.language import detect_language, detector_for
from assay.models import Page
from assay.settings import Settings

LANGUAGES = ["en", "fr", "de", "es", "pt", "it", "zh", "ja", "ru", "id"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            "Lynas Rare Earths signed an offtake agreement with two Japanese trading houses on "
            "Tuesday to supply separated dysprosium and terbium from its Malaysian plant.",
            "en",
        ),
        (
            "La Chine a imposé jeudi des contrôles à l'exportation sur le gallium et le "
            "germanium, deux métaux essentiels à la fabrication des semi-conducteurs.",
            "fr",
        ),
        (
            "Die Bundesregierung will mit einem Rohstofffonds die Versorgung der Industrie mit "
            "Lithium, Kobalt und seltenen Erden aus verlässlichen Partnerländern sichern.",
            "de",
        ),
        (
            "中国商务部周四宣布，对镓和锗相关物项实施出口管制，出口经营者须向商务部申请许可。",
            "zh",
        ),
    ],
    ids=["english", "french", "german", "chinese"],
)
def test_detects_the_language_of_a_story(text: str, code: str) -> None:
    assert detect_language(text, LANGUAGES) == code


def test_too_short_text_has_no_language() -> None:
    assert detect_language("Gallium up 4%", LANGUAGES) is None
    assert detect_language("镓价上涨", LANGUAGES) is None


def test_detection_is_restricted_to_the_configured_languages() -> None:
    french = "Le gouvernement français soutient une nouvelle raffinerie de lithium en Alsace."
    assert detect_language(french, ["en", "de"]) in {"en", "de"}
    assert detect_language(french, ["en", "fr"]) == "fr"


def test_detector_is_built_once_per_language_set() -> None:
    assert detector_for(("en", "fr")) is detector_for(("en", "fr"))


def test_unknown_language_code_is_a_config_error() -> None:
    with pytest.raises(ConfigError) as err:
        detector_for(("en", "xx"))
    assert str(err.value) == (
        "ASSAY_LANGUAGES contains 'xx'; expected ISO 639-1 codes such as en, fr, zh."
    )


def test_non_english_article_is_kept_and_flagged(settings: Settings) -> None:
    text = (
        "Deutschland fördert Lithiumraffinerie in Brandenburg\n\n"
        "Die Bundesregierung fördert den Bau einer Lithiumraffinerie in Brandenburg mit 120 "
        "Millionen Euro. Die Anlage soll ab 2027 jährlich 24.000 Tonnen Lithiumhydroxid für "
        "Batteriehersteller in Europa liefern."
    )
    [article] = extract(Page(source="handelsblatt", content=text, kind="text"), settings)
    assert article.language == "de"
    assert article.title == "Deutschland fördert Lithiumraffinerie in Brandenburg"
    assert "24.000 Tonnen Lithiumhydroxid" in article.text
