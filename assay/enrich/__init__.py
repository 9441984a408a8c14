"""Article -> Article plus sectors, entities, facts, summary and keywords.

`Enricher` loads every model once and runs them over batches of articles, sharing one
spaCy Doc per article between the entity linker, the fact extractor and the summariser.
Enricher names are versioned: bump a version when its output changes.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor

from spacy.tokens import Doc

from assay.models import Article
from assay.settings import Settings

ENRICHERS = ("entities.v1", "facts.v1", "sectors.v1", "summary.v1")
# spaCy's cost per character grows on very long docs (one huge batch through the
# network); long texts are cut at line or word breaks and the parts joined back into one
# Doc, so offsets still point into the original text.
CHUNK_CHARS = 20_000
# Below this many articles a batch is enriched in-process: shipping it to the worker
# pool costs more than it saves.
POOL_MIN_BATCH = 32


def split_text(text: str, size: int = CHUNK_CHARS) -> list[str]:
    """Cut `text` into parts of at most ~`size` characters, each ending at whitespace."""
    parts: list[str] = []
    start = 0
    while len(text) - start > size:
        end = start + size
        cut = text.rfind("\n", start + size // 2, end)
        if cut == -1:
            cut = text.rfind(" ", start + size // 2, end)
        end = cut + 1 if cut != -1 else end
        parts.append(text[start:end])
        start = end
    parts.append(text[start:])
    return parts


class Enricher:
    """Holds the loaded models; call `enrich` on batches of articles."""

    def __init__(self, settings: Settings) -> None:
        from assay.enrich.entities import EntityLinker
        from assay.enrich.facts import FactExtractor
        from assay.enrich.nlp import load_nlp
        from assay.enrich.sectors import SectorClassifier

        self.settings = settings
        self.workers = settings.enrich_workers or os.cpu_count() or 1
        self._pool: ProcessPoolExecutor | None = None
        self.nlp = load_nlp()
        self.linker = EntityLinker(self.nlp)
        self.facts = FactExtractor()
        self.classifier = SectorClassifier.load()

    @property
    def version(self) -> str:
        return ",".join(ENRICHERS)

    def close(self) -> None:
        """Stop the worker processes, if any were started."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def enrich(self, articles: Iterable[Article], batch_size: int = 64) -> Iterator[Article]:
        """Yield each article enriched, in order. Non-English text gets entities only.

        Large batches are split across `settings.enrich_workers` processes (spaCy holds the
        GIL); small ones are enriched in place in this process.
        """
        batch = list(articles)
        if self.workers > 1 and len(batch) >= POOL_MIN_BATCH:
            yield from self._enrich_in_pool(batch)
        else:
            yield from self._enrich_here(batch, batch_size)

    def _enrich_in_pool(self, batch: list[Article]) -> Iterator[Article]:
        if self._pool is None:
            # spawn, not fork: callers may run threads (HTTP clients, servers in tests).
            self._pool = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(self.settings,),
            )
        size = -(-len(batch) // self.workers)
        chunks = [batch[i : i + size] for i in range(0, len(batch), size)]
        for done in self._pool.map(_enrich_chunk, chunks):
            yield from done

    def _enrich_here(self, batch: list[Article], batch_size: int) -> Iterator[Article]:
        from assay.enrich.summarize import keywords, summarize

        for article, doc in zip(batch, self._docs(batch, batch_size), strict=True):
            english = article.language in (None, "en")
            article.entities = self.linker.link(doc)
            if english and article.text.strip():
                article.facts = self.facts.extract(doc, article.entities)
                scores = self.classifier.predict(article.title, article.text, article.entities)
                kept = [s for s in scores if s.score >= self.settings.sector_threshold]
                article.sectors = kept[: self.settings.max_sectors]
                article.summary = summarize(doc, article.title)
                article.keywords = keywords(doc, article.entities)
            else:
                article.facts, article.sectors = [], []
                article.summary, article.keywords = "", []
            yield article

    def _docs(self, batch: list[Article], batch_size: int) -> Iterator[Doc]:
        """One Doc per article; long texts are processed in parts and joined."""
        parts = [split_text(a.text) for a in batch]
        flat = (p for ps in parts for p in ps)
        docs = self.nlp.pipe(flat, batch_size=batch_size)
        for article, ps in zip(batch, parts, strict=True):
            chunk_docs = [next(docs) for _ in ps]
            if len(chunk_docs) == 1:
                yield chunk_docs[0]
                continue
            doc = Doc.from_docs(chunk_docs, ensure_whitespace=True)
            # Parts end at whitespace, so the joined text is the original; if a tokenizer
            # quirk ever broke that, offsets would be wrong: process it whole instead.
            yield doc if doc.text == article.text else self.nlp(article.text)


_WORKER: list[Enricher] = []  # the one Enricher of a pool worker process


def _start_worker(settings: Settings) -> None:
    _WORKER.append(Enricher(settings.model_copy(update={"enrich_workers": 1})))


def _enrich_chunk(articles: list[Article]) -> list[Article]:
    return list(_WORKER[0].enrich(articles))
