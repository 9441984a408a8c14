"""Article -> Article plus sectors, entities, facts, summary and keywords.

`Enricher` loads the registered enrichers (`registry.py`, `steps.py`) once per process.
Nothing heavy is imported here: spaCy and the models load when an Enricher is built.
"""

from assay.enrich.enricher import Enricher, split_text
from assay.enrich.registry import EnricherSpec, Registry
from assay.enrich.steps import default_registry

__all__ = ["Enricher", "EnricherSpec", "Registry", "default_registry", "split_text"]
