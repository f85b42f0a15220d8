"""Lexical features beside the sentence embedding: TF-IDF of lower-cased words and word pairs.

Sentence embeddings capture what a sentence is about; event types often turn on the verb ("rejected",
"urged", "threatened"), which a bag of words and bigrams captures directly. Cross-validation chose the
concatenation [embedding, TF-IDF] over either alone (docs/accuracy.md). Terms seen in fewer than
``MIN_DF`` training texts are dropped; term frequency is log-scaled and each row L2-normalised.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

MIN_DF = 2
_WORD = re.compile(r"[a-z]+")


def terms(text: str) -> list[str]:
    words = _WORD.findall(text.lower())
    return words + [f"{a}_{b}" for a, b in zip(words, words[1:])]


@dataclass
class Tfidf:
    vocabulary: list[str]
    idf: np.ndarray  # (len(vocabulary),) float32
    index: dict[str, int] = field(init=False, repr=False, compare=False)  # term -> column, built once

    def __post_init__(self) -> None:
        self.index = {t: i for i, t in enumerate(self.vocabulary)}

    @classmethod
    def fit(cls, texts: Sequence[str], min_df: int = MIN_DF) -> "Tfidf":
        df = Counter(t for text in texts for t in set(terms(text)))
        vocab = sorted(t for t, c in df.items() if c >= min_df)
        n = len(texts)
        idf = np.array([np.log((1 + n) / (1 + df[t])) + 1.0 for t in vocab], dtype=np.float32)
        return cls(vocab, idf)

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        index = self.index
        X = np.zeros((len(texts), len(self.vocabulary)), dtype=np.float32)
        for r, text in enumerate(texts):
            for t in terms(text):
                j = index.get(t)
                if j is not None:
                    X[r, j] += 1.0
        X = np.log1p(X) * self.idf
        X /= np.clip(np.linalg.norm(X, axis=1, keepdims=True), 1e-9, None)
        return X


def combine(embeddings: np.ndarray, tfidf: "Tfidf | None", texts: Sequence[str]) -> np.ndarray:
    """The classifier's input rows: the embedding, followed by the TF-IDF vector when a vocabulary is given."""
    if tfidf is None:
        return embeddings
    return np.hstack([embeddings, tfidf.transform(texts)])
