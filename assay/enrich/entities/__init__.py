"""Entity linking: KB phrase matches, spaCy NER for the gaps, acronyms, projects, people.

`EntityLinker(nlp).link(doc)` returns entities sorted by first mention. Every mention
satisfies `doc.text[m.start:m.end] == m.text`. The knowledge base decides the key and type
of any name it knows; NER only adds names the KB does not know. Order of work:

1. candidates: KB aliases (two PhraseMatchers: exact for acronyms and formulas, case-folded
   for names), NER spans (looked up in the KB first), "X mine"/"X refinery" project patterns;
2. overlaps resolved longest-first (KB wins ties);
3. acronym definitions "Long Name (ACR)" / "ACR (Long Name)" merge into one entity and
   later bare "ACR" tokens attach to it; surnames attach to the full name of a person;
4. attrs: person roles ("Indonesia's investment minister X"), project countries ("in Chile");
5. capitals acting as governments ("Beijing imposed ...") become their country.

Modules: `linker` (the class and its candidates), `spans` (candidate spans and shared checks),
`projects`, `acronyms`, `people`, `metonyms` (capitals acting as governments), `lexicon`.
"""

from __future__ import annotations

from assay.enrich.entities.linker import EntityLinker

__all__ = ["EntityLinker"]
