"""Classification scores: precision, recall and F1 per label, micro / macro / weighted averages, and a
confusion summary (the most frequent gold -> predicted mistakes).

Plain Python, no scikit-learn: the numbers are the standard definitions (macro = unweighted mean over the
gold labels; weighted = mean weighted by each gold label's support; micro over single-label predictions
equals accuracy when every item gets exactly one prediction).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Hashable, Optional, Sequence


@dataclass
class LabelScore:
    label: str
    precision: float
    recall: float
    f1: float
    support: int  # gold items with this label
    predicted: int  # items predicted with this label


@dataclass
class ClassificationReport:
    n: int
    accuracy: float
    micro: dict[str, float]
    macro: dict[str, float]
    weighted: dict[str, float]
    labels: list[LabelScore] = field(default_factory=list)
    confusions: list[tuple[str, str, int]] = field(default_factory=list)  # (gold, predicted, count)

    def to_dict(self) -> dict:
        return {
            "n": self.n,
            "accuracy": self.accuracy,
            "micro": self.micro,
            "macro": self.macro,
            "weighted": self.weighted,
            "labels": [vars(s) for s in self.labels],
            "confusions": [{"gold": g, "predicted": p, "count": c} for g, p, c in self.confusions],
        }


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def classification_report(
    gold: Sequence[Hashable],
    predicted: Sequence[Optional[Hashable]],
    top_confusions: int = 10,
) -> ClassificationReport:
    """Score single-label predictions against gold labels (``None`` predicted = no answer, always wrong).

    Macro and weighted averages run over the labels present in ``gold`` (a label only ever predicted
    lowers the precision of nothing but itself and would otherwise add a 0 to the macro mean).
    """
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    n = len(gold)
    tp: Counter = Counter()
    support: Counter = Counter(str(g) for g in gold)
    pred_count: Counter = Counter()
    conf: Counter = Counter()
    for g, p in zip(gold, predicted):
        g = str(g)
        ps = "(none)" if p is None else str(p)
        pred_count[ps] += 1
        if g == ps:
            tp[g] += 1
        else:
            conf[(g, ps)] += 1
    labels = []
    for lab in sorted(support):
        pr = tp[lab] / pred_count[lab] if pred_count[lab] else 0.0
        rc = tp[lab] / support[lab]
        labels.append(LabelScore(lab, pr, rc, _f1(pr, rc), support[lab], pred_count[lab]))
    correct = sum(tp.values())
    answered = n - pred_count["(none)"]
    micro_p = correct / answered if answered else 0.0
    micro_r = correct / n if n else 0.0
    k = len(labels) or 1
    macro = {
        "precision": sum(s.precision for s in labels) / k,
        "recall": sum(s.recall for s in labels) / k,
        "f1": sum(s.f1 for s in labels) / k,
    }
    weighted = {
        m: (sum(getattr(s, m) * s.support for s in labels) / n if n else 0.0) for m in ("precision", "recall", "f1")
    }
    return ClassificationReport(
        n=n,
        accuracy=correct / n if n else 0.0,
        micro={"precision": micro_p, "recall": micro_r, "f1": _f1(micro_p, micro_r)},
        macro=macro,
        weighted=weighted,
        labels=labels,
        confusions=[(g, p, c) for (g, p), c in conf.most_common(top_confusions)],
    )


def share(numerator: int, denominator: int) -> float:
    """``numerator / denominator``, 0.0 when the denominator is 0."""
    return numerator / denominator if denominator else 0.0
