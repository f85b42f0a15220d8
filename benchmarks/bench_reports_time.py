"""Extraction time per document on the dev set of real reports (and the founding example), best of 3,
with the bare spaCy parse of the same texts for a ratio measured in the same run.

    python benchmarks/bench_reports_time.py
    PYTHONPATH=/path/to/other/checkout/src python benchmarks/bench_reports_time.py   # another version

The dev set is read from this checkout either way, so two versions are timed on the same texts.
"""
import json
import time
from pathlib import Path

from sitrep.model import Document
from sitrep.pipeline import Pipeline
from sitrep.stages import DEFAULT_STAGES

REPO = Path(__file__).resolve().parents[1]
root = REPO / "benchmarks" / "data" / "reports"
docs = [
    Document(id=d["id"], text=(root / d["file"]).read_text(), published=d["published"])
    for d in json.load(open(root / "manifest.json"))["documents"]
]
seed = REPO.parent / "shared" / "seed" / "idlib-2020-03-05.txt"
if seed.exists():
    docs.append(Document(id="seed", text=seed.read_text(), published="2020-03-05"))
p = Pipeline(stages=DEFAULT_STAGES)
list(p.pipe(docs[:3]))  # warm up
from sitrep.nlp.load import load_nlp  # noqa: E402  (after the warm-up, as a script)

try:
    nlp = load_nlp()
except Exception:
    nlp = None
best = []
for _r in range(3):
    t = time.perf_counter()
    list(p.pipe(docs))
    best.append(time.perf_counter() - t)
parse = []
if nlp is not None:
    for _r in range(3):
        t = time.perf_counter()
        list(nlp.pipe([d.text for d in docs]))
        parse.append(time.perf_counter() - t)
print(
    f"docs {len(docs)}  pipeline best {min(best):.2f}s ({min(best) / len(docs) * 1000:.0f} ms/doc)  "
    f"parse best {min(parse) if parse else float('nan'):.2f}s  "
    f"ratio {min(best) / min(parse) if parse else float('nan'):.2f}"
)
