"""The built-in enrichers and their versions: bump a version when its output changes.

Each loader imports its models when called, so that reading the registry costs nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assay.enrich.registry import EnricherSpec, Registry, Step

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from assay.models import Article
    from assay.settings import Settings


def load_entities(settings: Settings, nlp: Language) -> Step:
    from assay.enrich.entities import EntityLinker

    linker = EntityLinker(nlp)

    def entities(article: Article, doc: Doc) -> None:
        article.entities = linker.link(doc)

    return entities


def load_facts(settings: Settings, nlp: Language) -> Step:
    from assay.enrich.entities import EntityLinker
    from assay.enrich.facts import FactExtractor, title_apart
    from assay.enrich.facts.mentions import Headline

    extractor = FactExtractor()
    linker = EntityLinker(nlp)  # the knowledge base and its matchers are shared, not reloaded

    def headlines(pairs: list[tuple[Article, Doc]]) -> list[Headline | None]:
        # A title the text does not begin with (a feed item, a JSON Lines record) is still
        # the story's headline: the facts read its names as parties the body takes as known.
        titles = [title_apart(article.title, article.text) for article, _ in pairs]
        docs = iter(nlp.pipe(t for t in titles if t))
        out: list[Headline | None] = []
        for title in titles:
            doc = next(docs) if title else None
            out.append((doc, linker.link(doc)) if doc is not None else None)
        return out

    def facts(article: Article, doc: Doc) -> None:
        [headline] = headlines([(article, doc)])
        article.facts = extractor.extract(doc, article.entities, headline)

    def facts_batch(pairs: list[tuple[Article, Doc]]) -> None:
        # one parser pass over the trigger sentences of the whole batch
        items = [(doc, article.entities) for article, doc in pairs]
        found = extractor.extract_many(items, headlines(pairs), [a.text for a, _ in pairs])
        for (article, _), article_facts in zip(pairs, found, strict=True):
            article.facts = article_facts

    facts.batch = facts_batch  # type: ignore[attr-defined]
    return facts


def load_sectors(settings: Settings, nlp: Language) -> Step:
    from assay.enrich.nlp import doc_text
    from assay.enrich.sectors import SectorClassifier

    classifier = SectorClassifier.load()

    def sectors(article: Article, doc: Doc) -> None:
        # The Doc's text: the article's with furniture lines blanked (see enricher.py).
        scores = classifier.predict(article.title, doc_text(doc), article.entities)
        kept = [s for s in scores if s.score >= settings.sector_threshold]
        article.sectors = kept[: settings.max_sectors]

    return sectors


def load_summary(settings: Settings, nlp: Language) -> Step:
    from assay.enrich.summarize import keywords, summarize

    def summary(article: Article, doc: Doc) -> None:
        article.summary = summarize(doc, article.title)
        article.keywords = keywords(doc, article.entities)

    return summary


ENTITIES = EnricherSpec("entities", 53, ("doc",), ("entities",), load_entities, english_only=False)
FACTS = EnricherSpec("facts", 62, ("title", "doc", "entities"), ("facts",), load_facts)
SECTORS = EnricherSpec("sectors", 9, ("title", "doc", "entities"), ("sectors",), load_sectors)
SUMMARY = EnricherSpec(
    "summary", 9, ("doc", "title", "entities"), ("summary", "keywords"), load_summary
)


def default_registry() -> Registry:
    """Every built-in enricher at its current version, in run order."""
    return Registry([ENTITIES, FACTS, SECTORS, SUMMARY])
