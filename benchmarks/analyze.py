"""`assay analyze` enrichment throughput on Reuters texts, beside spaCy's pipeline alone."""

from __future__ import annotations

import time
from typing import Any

import spacy

from assay.enrich.nlp import MODEL, load_nlp
from assay.models import Article
from assay.pipeline.executors import make_executor
from assay.settings import load_settings
from benchmarks.corpus import read_jsonl


def run(n: int = 2000) -> dict[str, Any]:
    texts = [row["text"] for row in read_jsonl("reuters21578.jsonl.gz", limit=n)]
    words = sum(len(t.split()) for t in texts)
    results: dict[str, Any] = {"docs": len(texts), "words": words}

    full = spacy.load(MODEL)  # the whole en_core_web_sm pipeline, parser included
    t0 = time.perf_counter()
    for _ in full.pipe(texts, batch_size=64):
        pass
    results["spacy_full_docs_per_s"] = round(len(texts) / (time.perf_counter() - t0), 1)

    executor = make_executor(load_settings())
    workers = getattr(executor, "workers", 1)
    nlp = load_nlp()  # cached: the pipeline the executor's own Enricher uses
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    results["spacy_ner_senter_docs_per_s"] = round(len(texts) / (time.perf_counter() - t0), 1)
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64, n_process=workers):
        pass
    results["spacy_ner_senter_mp_docs_per_s"] = round(len(texts) / (time.perf_counter() - t0), 1)
    results["workers"] = workers

    articles = [Article(source=str(i), text=t, language="en") for i, t in enumerate(texts)]
    # Workers load their models once, as in a long-running pipeline; spaCy's n_process
    # forks an already loaded pipeline, so neither timing includes model loading.
    start = getattr(executor, "start", None)
    t0 = time.perf_counter()
    if start is not None:
        start()
    results["assay_workers_start_s"] = round(time.perf_counter() - t0, 1)

    def full_mp() -> float:
        # The acceptance yardstick: the whole pipeline with as many processes as assay's workers.
        t0 = time.perf_counter()
        for _ in full.pipe(texts, batch_size=64, n_process=workers):
            pass
        return time.perf_counter() - t0

    def assay() -> float:
        t0 = time.perf_counter()
        enriched = list(executor.enrich(articles))
        seconds = time.perf_counter() - t0
        results["facts"] = sum(len(a.facts) for a in enriched)
        results["entities"] = sum(len(a.entities) for a in enriched)
        return seconds

    # A-B-B-A: the shared machine's speed drifts by a fifth within minutes, so each pipeline
    # runs twice, mirrored in time, and the ratio compares their summed times.
    times = {"full": [full_mp()], "assay": [assay()]}
    times["assay"].append(assay())
    times["full"].append(full_mp())
    for name, key in (("full", "spacy_full_mp"), ("assay", "assay_enrich")):
        results[f"{key}_runs"] = [round(len(texts) / t, 1) for t in times[name]]
        results[f"{key}_docs_per_s"] = round(2 * len(texts) / sum(times[name]), 1)
    results["ratio_to_spacy_full_mp"] = round(sum(times["full"]) / sum(times["assay"]), 2)
    executor.close()
    return results


def main() -> None:
    r = run()
    n = r["workers"]
    print(f"Enrichment over {r['docs']} Reuters-21578 texts ({r['words']} words)")
    rows = [
        ("spaCy en_core_web_sm, full pipeline, 1 process", r["spacy_full_docs_per_s"]),
        (
            f"spaCy en_core_web_sm, full pipeline, {n} processes",
            r["spacy_full_mp_docs_per_s"],
        ),
        ("spaCy NER + senter, 1 process", r["spacy_ner_senter_docs_per_s"]),
        (f"spaCy NER + senter, {n} processes", r["spacy_ner_senter_mp_docs_per_s"]),
        (f"assay enrichment (no embeddings), {n} workers", r["assay_enrich_docs_per_s"]),
    ]
    for label, rate in rows:
        print(f"  {label:<48} {rate:>8} docs/s")
    runs = " and ".join(
        f"{a} against {f}"
        for a, f in zip(r["assay_enrich_runs"], r["spacy_full_mp_runs"], strict=True)
    )
    print(f"  assay / full pipeline with {n} processes: {r['ratio_to_spacy_full_mp']}x")
    print(f"  (runs in A-B-B-A order, docs/s, assay against full pipeline: {runs})")
    print(f"  assay's {n} workers loaded their models in {r['assay_workers_start_s']} s (untimed)")
    print(f"  found {r['entities']} entities and {r['facts']} facts")


if __name__ == "__main__":
    main()
