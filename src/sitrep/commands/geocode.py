"""``sitrep geocode``: show the places Sitrep resolves in a text (for debugging the geoparser)."""

from __future__ import annotations

import json
import sys

import click

from ..errors import InputError
from ..model import to_dict


@click.command()
@click.argument("text", required=False)
@click.option("--file", "path", type=click.Path(allow_dash=True), help="Read the text from a file ('-' for stdin).")
@click.option("--json", "as_json", is_flag=True, help="Print the mentions and focus as JSON.")
@click.option("--build", is_flag=True, help="(Re)build the gazetteer index now and print its size and build time.")
def geocode(text, path, as_json, build):
    """Resolve the place names in TEXT to GeoNames entries: one line per mention, then the focus."""
    from ..geo import gazetteer as gz

    if build:
        import time

        started = time.perf_counter()
        target = gz.build()
        g = gz.Gazetteer(target)
        info = gz.stats(g)
        click.echo(f"built {target} in {time.perf_counter() - started:.1f} s: {info['size_mb']} MB, "
                   f"{info['places']} places, {info['names']} names")
        if text is None and path is None:
            return
    if path is not None:
        try:
            text = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()
        except OSError as exc:
            raise InputError(path, exc.strerror or "cannot be read") from None
    if not text or not text.strip():
        raise InputError("TEXT", "nothing to geocode: give a text argument or --file")

    from ..geo.geoparse import geocode as run

    mentions, focus = run(text)
    if as_json:
        click.echo(json.dumps({
            "mentions": [{"start": m.start, "end": m.end, "text": m.text, "place": to_dict(m.place)}
                         for m in mentions],
            "focus": to_dict(focus) if focus else None,
        }, ensure_ascii=False, indent=2))
        return
    for m in mentions:
        p = m.place
        gid = p.geonameid if p.geonameid is not None else "-"
        where = ", ".join(x for x in (p.admin1, p.country) if x)
        coords = f"{p.lat:.4f},{p.lon:.4f}" if p.lat is not None else "?"
        click.echo(f"{m.start:>5}-{m.end:<5} {m.text!r:<28} -> {p.name} [{gid}] {where} "
                   f"({p.feature}, {p.precision}) {coords}")
    if not mentions:
        click.echo("no places found")
    if focus is not None:
        click.echo(f"focus: {focus.name} ({focus.country})")
