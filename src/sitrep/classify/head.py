"""A small linear head on sentence features: multinomial logistic regression trained with numpy.

``fit`` minimises class-weighted cross-entropy plus an L2 penalty by full-batch gradient descent with
Adam (a few hundred steps on a few thousand rows take seconds). The trained head is a weight matrix and
a bias per label, saved as a ``.npz`` file with its labels and, when it reads lexical features too, its
TF-IDF vocabulary (:mod:`sitrep.classify.features`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional, Sequence

import numpy as np

from .features import Tfidf, combine


@dataclass
class LinearHead:
    labels: list[str]
    weights: np.ndarray  # (dim, n_labels) float32
    bias: np.ndarray  # (n_labels,) float32
    tfidf: Optional[Tfidf] = None  # lexical features appended to the embedding, when used

    def features(self, embeddings: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        """Input rows for this head from sentence embeddings and the sentences themselves."""
        return combine(embeddings, self.tfidf, texts)

    def scores(self, X: np.ndarray) -> np.ndarray:
        """Class probabilities, shape (n, n_labels). A row's probabilities do not depend on the other rows:
        a float32 BLAS product sums in an order that changes with the number of rows, which moved a
        rounded score between two ingests that batched the same sentences differently; einsum in float64
        sums each row alone, in one order."""
        z = np.einsum("ij,jk->ik", np.asarray(X, dtype=np.float64), self.weights.astype(np.float64)) + self.bias
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def predict(self, X: np.ndarray) -> list[tuple[str, float]]:
        """The best label and its probability for each row of ``X``."""
        p = self.scores(X)
        best = p.argmax(axis=1)
        return [(self.labels[j], float(p[i, j])) for i, j in enumerate(best)]

    def save(self, path: str | Path) -> None:
        extra: dict[str, Any] = {}
        if self.tfidf is not None:
            extra = {"vocabulary": np.array(self.tfidf.vocabulary, dtype=str), "idf": self.tfidf.idf}
        np.savez_compressed(
            path, weights=self.weights.astype(np.float32), bias=self.bias.astype(np.float32),
            labels=np.array(self.labels, dtype=str), **extra,
        )

    @classmethod
    def load(cls, path: str | Path) -> "LinearHead":
        with np.load(path, allow_pickle=False) as z:
            tfidf = Tfidf([str(x) for x in z["vocabulary"]], z["idf"]) if "vocabulary" in z.files else None
            return cls(labels=[str(x) for x in z["labels"]], weights=z["weights"],
                       bias=z["bias"], tfidf=tfidf)


def fit(
    X: np.ndarray,
    y: Sequence[str],
    sample_weight: Sequence[float] | None = None,
    l2: float = 1e-3,
    steps: int = 400,
    lr: float = 0.05,
    balanced: bool = True,
    seed: int = 0,
) -> LinearHead:
    """Train a head on rows ``X`` with labels ``y``.

    ``balanced`` weights each class by n / (k * count) so rare types are not drowned by frequent ones
    (we report macro-F1); ``sample_weight`` multiplies on top (e.g. to down-weight codebook descriptions).
    """
    labels = sorted(set(y))
    index = {lab: i for i, lab in enumerate(labels)}
    n, d = X.shape
    k = len(labels)
    Y = np.zeros((n, k), dtype=np.float64)
    Y[np.arange(n), [index[v] for v in y]] = 1.0
    w = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    if balanced:
        counts = Y.sum(axis=0)
        w = w * (n / (k * counts))[[index[v] for v in y]]
    w = w / w.sum()
    rng = np.random.default_rng(seed)
    W = rng.normal(0, 0.01, size=(d, k))
    b = np.zeros(k)
    Xd = X.astype(np.float64)
    mW = np.zeros_like(W)
    vW = np.zeros_like(W)
    mb = np.zeros_like(b)
    vb = np.zeros_like(b)
    b1, b2, eps = 0.9, 0.999, 1e-8
    for t in range(1, steps + 1):
        z = Xd @ W + b
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - Y) * w[:, None]
        gW = Xd.T @ g + 2 * l2 * W
        gb = g.sum(axis=0)
        mW = b1 * mW + (1 - b1) * gW
        vW = b2 * vW + (1 - b2) * gW * gW
        mb = b1 * mb + (1 - b1) * gb
        vb = b2 * vb + (1 - b2) * gb * gb
        W -= lr * (mW / (1 - b1**t)) / (np.sqrt(vW / (1 - b2**t)) + eps)
        b -= lr * (mb / (1 - b1**t)) / (np.sqrt(vb / (1 - b2**t)) + eps)
    return LinearHead(labels=labels, weights=W.astype(np.float32), bias=b.astype(np.float32))


def stratified_folds(
    y: Sequence[str], k: int = 5, seed: int = 13, groups: Optional[Sequence[int]] = None
) -> list[np.ndarray]:
    """Indices of ``k`` test folds, each label spread evenly across folds (deterministic for a seed).

    Items sharing a ``groups`` id (near-duplicate sentences) always land in the same fold, so a test
    item never has its twin in training. A group is stratified by the label of its first item.
    """
    groups = list(range(len(y))) if groups is None else list(groups)
    members: dict[int, list[int]] = {}
    for i, g in enumerate(groups):
        members.setdefault(g, []).append(i)
    rng = np.random.default_rng(seed)
    folds: list[list[int]] = [[] for _ in range(k)]
    by_label: dict[str, list[int]] = {}
    for g, idx in members.items():
        by_label.setdefault(y[idx[0]], []).append(g)
    offset = 0
    for lab in sorted(by_label):
        gs = np.array(by_label[lab])
        rng.shuffle(gs)
        for j, g in enumerate(gs):
            folds[(j + offset) % k].extend(members[int(g)])
        offset += len(gs)
    return [np.array(sorted(f), dtype=int) for f in folds]


def near_duplicate_groups(embeddings: np.ndarray, threshold: float = 0.9) -> list[int]:
    """Group ids joining rows whose embeddings have cosine similarity above ``threshold`` (transitively)."""
    n = len(embeddings)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for start in range(0, n, 512):
        sims = embeddings[start : start + 512] @ embeddings.T
        for a, b in zip(*np.nonzero(sims > threshold)):
            i, j = start + int(a), int(b)
            if i != j:
                parent[find(i)] = find(j)
    return [find(i) for i in range(n)]


TEMPERATURES = tuple(round(0.4 + 0.1 * i, 1) for i in range(27))  # 0.4 ... 3.0


def fit_temperature(probs: np.ndarray, gold: Sequence[int], grid: Sequence[float] = TEMPERATURES) -> float:
    """The temperature T (from ``grid``) minimising the negative log-likelihood of the ``gold`` label
    indices under ``softmax(log(probs) / T)``: scaling that makes the head's probabilities calibrated
    without changing which label is best. ``probs`` must be held-out (cross-validated) predictions."""
    logp = np.log(np.clip(probs, 1e-12, None))
    idx = np.asarray(gold)
    best, best_nll = 1.0, np.inf
    for t in grid:
        z = logp / t
        z = z - z.max(axis=1, keepdims=True)
        lse = np.log(np.exp(z).sum(axis=1))
        nll = float(np.mean(lse - z[np.arange(len(idx)), idx]))
        if nll < best_nll - 1e-12:
            best, best_nll = float(t), nll
    return best
