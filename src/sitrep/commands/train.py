"""``sitrep train``: retrain the event classifier heads from the shared data (reproducible, seeded)."""

from __future__ import annotations

from pathlib import Path

import click

from .eval import DEFAULT_SHARED


@click.command("train")
@click.option("--shared", "shared", type=click.Path(file_okay=False), default=None,
              help="Folder holding gold/ and lexicons/ (default: ../shared beside the repository, or $SITREP_SHARED).")
@click.option("--out", "out", type=click.Path(file_okay=False), default=None,
              help="Where to write plover.npz, acled.npz and model.json (default: the package's data/classifier).")
def train(shared, out):
    """Train the PLOVER and ACLED heads, report their cross-validated scores, and save the weights."""
    import os

    from ..errors import InputError
    from ..evaluate.train import train as run_train
    from ..resources import data_path

    root = Path(shared or os.environ.get("SITREP_SHARED") or DEFAULT_SHARED)
    if not root.is_dir():
        raise InputError(str(root), "training data folder not found (pass --shared DIR)")
    target = Path(out) if out else data_path("classifier")
    run_train(root, target, log=lambda m: click.echo(m, err=True))
    click.echo(f"weights written to {target}")
