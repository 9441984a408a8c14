"""Language detection with lingua, restricted to the configured languages."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from assay.errors import ConfigError

if TYPE_CHECKING:
    from lingua import LanguageDetector

__all__ = ["MIN_LETTERS", "detect_language", "detector_for"]

# Fewer letters than this is too little evidence (a headline fragment, a byline).
MIN_LETTERS = 20
# The opening of a story decides its language; trigram detection is reliable well before
# 500 characters, and reading further only costs time (lingua is ~5 ms per 1,000 characters).
_SAMPLE_CHARS = 500
# The commonest function words of the Latin-script languages. A list of figures ("Shr 45
# cts vs 58 cts / Net 1.1 mln vs 829,000") has no grammar, so trigram detection guesses
# (often German or French); a guess with not one function word of its language falls back
# to the first configured language, the operator's main one.
_FUNCTION_WORDS = {
    "en": "the of and to in is that for on with was as by at from it are be has",
    "de": "der die das und ist nicht mit von zu den für auf ein eine im dem des sich",
    "fr": "le la les des et est une un du pour dans que qui sur au pas par avec ce il",
    "es": "el la los las de y en que del por con una un para es se al lo",
    "pt": "o a os as de e do da em que para com uma um no na por se não",
    "it": "il la di e che per un una del della in non con sono gli le al",
    "id": "yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke",
}
FUNCTION_WORDS = {code: frozenset(words.split()) for code, words in _FUNCTION_WORDS.items()}
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=4)
def detector_for(languages: tuple[str, ...]) -> LanguageDetector:
    """Build (once per language set) a lingua detector for these ISO 639-1 codes.

    Loading every lingua model costs 1.3 GB, so only the configured ones are loaded.
    """
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = []
    for code in languages:
        try:
            codes.append(IsoCode639_1.from_str(code.strip().lower()))
        except ValueError:
            raise ConfigError(
                f"ASSAY_LANGUAGES contains {code!r}; expected ISO 639-1 codes such as en, fr, zh."
            ) from None
    if not codes:
        raise ConfigError("ASSAY_LANGUAGES is empty; list at least one code such as en.")
    # Low-accuracy mode loads only trigram models: high accuracy loads 1- to 5-grams for every
    # language on the first short text (9 s, ~1 GB), and only helps below ~120 characters.
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_low_accuracy_mode().build()


def detect_language(text: str, languages: list[str] | tuple[str, ...]) -> str | None:
    """ISO 639-1 code of `text` among `languages`, or None when the text is too short."""
    sample = text[:_SAMPLE_CHARS]
    letters = 0
    for ch in sample:
        letters += ch.isalpha()
        if letters >= MIN_LETTERS:
            break
    else:
        return None
    detector = detector_for(tuple(languages))
    language = detector.detect_language_of(sample)
    if language is None:
        return None
    code = str(language.iso_code_639_1.name.lower())
    main = languages[0].strip().lower()
    words = FUNCTION_WORDS.get(code, frozenset())
    if code == main or not words or main not in FUNCTION_WORDS:
        return code
    grammar = not words.isdisjoint(w.lower() for w in _WORD.findall(sample))
    return code if grammar else main
