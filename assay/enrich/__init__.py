"""Article -> Article plus sectors, entities, facts, summary and keywords.

`Enricher` loads every model once and runs them over batches of articles, sharing one
spaCy Doc per article between the entity linker, the fact extractor and the summariser.
Enricher names are versioned: bump a version when its output changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from assay.models import Article
from assay.settings import Settings

ENRICHERS = ("entities.v1", "facts.v1", "sectors.v1", "summary.v1")


class Enricher:
    """Holds the loaded models; call `enrich` on batches of articles."""

    def __init__(self, settings: Settings) -> None:
        from assay.enrich.classify import SectorClassifier
        from assay.enrich.entities import EntityLinker
        from assay.enrich.facts import FactExtractor
        from assay.enrich.nlp import load_nlp

        self.settings = settings
        self.nlp = load_nlp()
        self.linker = EntityLinker(self.nlp)
        self.facts = FactExtractor()
        self.classifier = SectorClassifier.load()

    @property
    def version(self) -> str:
        return ",".join(ENRICHERS)

    def enrich(self, articles: Iterable[Article], batch_size: int = 64) -> Iterator[Article]:
        """Enrich in place and yield each article. Non-English text gets entities only."""
        from assay.enrich.summarize import keywords, summarize

        batch = list(articles)
        texts = (a.text for a in batch)
        for article, doc in zip(batch, self.nlp.pipe(texts, batch_size=batch_size), strict=True):
            english = article.language in (None, "en")
            article.entities = self.linker.link(doc)
            if english and article.text.strip():
                article.facts = self.facts.extract(doc, article.entities)
                scores = self.classifier.predict(article.title, article.text, article.entities)
                article.sectors = [s for s in scores if s.score >= self.settings.sector_threshold]
                article.summary = summarize(doc, article.title)
                article.keywords = keywords(doc, article.entities)
            else:
                article.facts, article.sectors = [], []
                article.summary, article.keywords = "", []
            yield article
