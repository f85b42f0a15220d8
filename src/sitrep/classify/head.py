"""A small linear head on sentence embeddings: multinomial logistic regression trained with numpy.

``fit`` minimises class-weighted cross-entropy plus an L2 penalty by full-batch gradient descent with
Adam (a few hundred steps on a few thousand 384-d rows take well under a second). The trained head is a
weight matrix and a bias per label, saved as a ``.npz`` file with its labels.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np


@dataclass
class LinearHead:
    labels: list[str]
    weights: np.ndarray  # (dim, n_labels) float32
    bias: np.ndarray  # (n_labels,) float32

    def scores(self, X: np.ndarray) -> np.ndarray:
        """Class probabilities, shape (n, n_labels)."""
        z = X @ self.weights + self.bias
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def predict(self, X: np.ndarray) -> list[tuple[str, float]]:
        """The best label and its probability for each row of ``X``."""
        p = self.scores(X)
        best = p.argmax(axis=1)
        return [(self.labels[j], float(p[i, j])) for i, j in enumerate(best)]

    def save(self, path: str | Path) -> None:
        np.savez_compressed(
            path, weights=self.weights.astype(np.float32), bias=self.bias.astype(np.float32),
            labels=np.array(self.labels, dtype=str),
        )

    @classmethod
    def load(cls, path: str | Path) -> "LinearHead":
        with np.load(path, allow_pickle=False) as z:
            return cls(labels=[str(x) for x in z["labels"]], weights=z["weights"], bias=z["bias"])


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


def stratified_folds(y: Sequence[str], k: int = 5, seed: int = 13) -> list[np.ndarray]:
    """Indices of ``k`` test folds, each label spread evenly across folds (deterministic for a seed)."""
    rng = np.random.default_rng(seed)
    folds: list[list[int]] = [[] for _ in range(k)]
    by_label: dict[str, list[int]] = {}
    for i, lab in enumerate(y):
        by_label.setdefault(lab, []).append(i)
    offset = 0
    for lab in sorted(by_label):
        idx = np.array(by_label[lab])
        rng.shuffle(idx)
        for j, i in enumerate(idx):
            folds[(j + offset) % k].append(int(i))
        offset += len(idx)
    return [np.array(sorted(f), dtype=int) for f in folds]
