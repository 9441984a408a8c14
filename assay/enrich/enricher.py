"""`Enricher`: the registry's enrichers loaded in this process, run over batches of articles.

One spaCy Doc per article is shared by the entity linker, the fact extractor, the sector
classifier and the summariser. The Doc is made from the article's text with its furniture
lines (share bars, captions, related links: `extract.furniture.furniture_spans`) blanked
out, character for character, so that they yield no sentence, entity or fact while every
offset still points into the stored text; a JSON Lines body is stored whole, furniture
included. Where the batches run (this process, a process pool, later a cluster) is the
pipeline's choice: see `assay/pipeline/executors.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from assay.enrich.registry import Registry, Step
from assay.extract.furniture import furniture_spans
from assay.models import Article
from assay.settings import Settings

if TYPE_CHECKING:
    from spacy.tokens import Doc

# spaCy's cost per character grows on very long docs (one huge batch through the
# network); long texts are cut at line or word breaks and the parts joined back into one
# Doc, so offsets still point into the original text.
CHUNK_CHARS = 20_000
# What an english_only enricher leaves in its fields for other languages and empty texts.
_EMPTY: dict[str, Callable[[], Any]] = {"summary": str}  # other fields: an empty list


# Wire copy is hard-wrapped at 65-80 characters. A newline inside a paragraph cuts names in
# two ("Clayton\nYeutter") and the NER model reads it as a break, so the models see it as a
# space: the same length, so every offset still points into the article's own text.
# Paragraph breaks, indented lines and short lines (tables, headlines, link lists) stay.
# A wire story's first line is shorter, its dateline cut away ("A trade bill before the
# United States\nHouse of Representatives", "General Motors of Canada\nLtd, wholly owned"):
# a line of 18 characters or more ending in a word, before a long line, is wrapped too.
_SOFT_WRAP = re.compile(
    r"(?m)^(?:([^\n]{40,100}\S)\n(?=\S)|([^\n]{17,39}[A-Za-z,])\n(?=\S[^\n]{39}))"
)


def unwrap(text: str) -> str:
    """`text` with soft line wraps read as spaces (same length, same offsets)."""
    return _SOFT_WRAP.sub(lambda m: (m.group(1) or m.group(2)) + " ", text)


def _restore_text(article: Article) -> None:
    """Mentions and fact sentences as written in the article (newlines and all)."""
    text = article.text
    for entity in article.entities:
        for m in entity.mentions:
            m.text = text[m.start : m.end]
    for fact in article.facts:
        fact.sentence = text[fact.start : fact.end]


def _english(article: Article) -> bool:
    return article.language in (None, "en") and bool(article.text.strip())


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


# A first paragraph this short is a headline.
_HEADLINE_CHARS = 250


def _headline_apart(text: str) -> list[str]:
    """`split_text`'s parts, with a headline paragraph as a part of its own: the small
    NER model reads a capitalised headline as context for the body's first words and loses
    names there ("... TO BUY FLORIDA BANK" then "Harlowe BancGroup said")."""
    cut = text.find("\n\n", 0, _HEADLINE_CHARS)
    if cut <= 0 or "\n" in text[:cut].strip("\n") or not text[cut:].strip():
        return split_text(text)
    return [text[: cut + 2], *split_text(text[cut + 2 :])]


def without_furniture(text: str) -> str:
    """`text` with its furniture lines replaced by spaces: same length, same offsets."""
    spans = furniture_spans(text)
    if not spans:
        return text
    parts: list[str] = []
    end = 0
    for start, stop in spans:
        parts += [text[end:start], " " * (stop - start)]
        end = stop
    parts.append(text[end:])
    return "".join(parts)


class Enricher:
    """Holds the loaded models of every registered enricher; call `enrich` on batches."""

    def __init__(self, settings: Settings, registry: Registry | None = None) -> None:
        from assay.enrich.nlp import load_nlp
        from assay.enrich.steps import default_registry

        self.settings = settings
        self.registry = registry or default_registry()
        self.nlp = load_nlp()
        self.steps: dict[str, Step] = {s.name: s.load(settings, self.nlp) for s in self.registry}

    @property
    def version(self) -> str:
        """The stamp the store records for articles this enricher enriched fully."""
        return self.registry.stamp()

    def close(self) -> None:
        """Nothing to release in-process; executors call it on every worker kind."""

    def enrich(
        self,
        articles: Iterable[Article],
        only: Collection[str] | None = None,
        batch_size: int = 64,
    ) -> Iterator[Article]:
        """Yield each article enriched, in order. Non-English text gets entities only.

        `only` runs those enrichers and what they require; other fields are left as they are.
        """
        from assay.enrich.nlp import doc_text

        specs = list(self.registry) if only is None else self.registry.needed(only)
        batch = list(articles)
        docs = self._docs(batch, batch_size)
        for first in range(0, len(batch), batch_size):
            chunk = [(a, next(docs)) for a in batch[first : first + batch_size]]
            # Step by step over the chunk, so a step with a batch form (the fact extractor's
            # parser) runs once per chunk rather than once per article.
            for spec in specs:
                step = self.steps[spec.name]
                runnable = []
                for article, doc in chunk:
                    if spec.english_only and not _english(article):
                        for name in spec.assigns:
                            setattr(article, name, _EMPTY.get(name, list)())
                    else:
                        runnable.append((article, doc))
                batched = getattr(step, "batch", None)
                if batched is not None:
                    batched(runnable)
                else:
                    for article, doc in runnable:
                        step(article, doc)
            for article, doc in chunk:
                if doc_text(doc) != article.text:
                    _restore_text(article)
            yield from (article for article, _ in chunk)

    def _docs(self, batch: list[Article], batch_size: int) -> Iterator[Doc]:
        """One Doc per article; long texts are processed in parts and joined."""
        from spacy.tokens import Doc

        from assay.enrich.nlp import remember_text

        # both keep every offset: furniture lines blanked, soft wraps read as spaces
        texts = [unwrap(without_furniture(a.text)) for a in batch]
        parts = [_headline_apart(t) for t in texts]
        flat = (p for ps in parts for p in ps)
        docs = self.nlp.pipe(flat, batch_size=batch_size)
        for text, ps in zip(texts, parts, strict=True):
            chunk_docs = [next(docs) for _ in ps]
            if len(chunk_docs) == 1:
                yield remember_text(chunk_docs[0], text)  # spaCy's Doc text is its input's
                continue
            doc = Doc.from_docs(chunk_docs, ensure_whitespace=True)
            # Parts end at whitespace, so the joined text is the original; if a tokenizer
            # quirk ever broke that, offsets would be wrong: process it whole instead.
            yield remember_text(doc if doc.text == text else self.nlp(text), text)
