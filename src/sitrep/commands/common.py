"""What the commands that read the crisis database share: opening an existing one, option parsing."""

from __future__ import annotations

from typing import Optional

import click


def open_existing(target: str):
    """The store at ``target``, refusing one that does not exist; a fusion left behind by an interrupted
    (or concurrent) ingest is brought up to date first, with a line on stderr saying so."""
    from ..errors import SitrepError
    from ..store import Store
    from .db import _advice

    try:
        store = Store(target, create=False)
    except SitrepError as exc:
        advice = _advice(str(exc), target)
        raise SitrepError(f"{exc}{'; ' + advice if advice else ''}") from None
    try:
        lag = store.fusion_lag()
        if lag:
            click.echo(f"sitrep: fusing {lag} stored reports the last fusion did not cover "
                       "(an ingest was interrupted or is running)", err=True)
            store.refuse()
    except BaseException:
        store.close()
        raise
    return store


def parse_bbox(ctx, param, value: Optional[str]):
    """``--bbox W,S,E,N`` as four floats (the store checks the ranges)."""
    if value is None:
        return None
    parts = value.split(",")
    try:
        box = tuple(float(p) for p in parts)
    except ValueError:
        box = ()
    if len(box) != 4:
        raise click.BadParameter(f"{value!r}: expected four numbers WEST,SOUTH,EAST,NORTH (e.g. 35.5,35,37.5,37)")
    return box


def one_line(message: str, limit: int = 400) -> str:
    """``message`` on one line, control characters removed, cut to ``limit`` characters (an error may
    quote untrusted text)."""
    flat = " ".join("".join(ch if ch.isprintable() else " " for ch in message).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
