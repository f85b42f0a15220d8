#!/usr/bin/env python3
"""Re-vendor the dashboard's JavaScript and data from npm, integrity-checked.

    python scripts/vendor_js.py            # fetch with `npm pack`, check, copy into the package
    python scripts/vendor_js.py --check    # offline: the vendored files match the manifest's sha256
    python scripts/vendor_js.py --update   # after changing a version: record the new digests

The manifest (src/sitrep/serve/static/vendor/manifest.json) pins each package's version, the npm
tarball's integrity (sha512, as the registry publishes it) and the sha256 of every file taken from it.
`npm pack` downloads the tarball by name through the ordinary npm client; this script then checks the
tarball against the pinned integrity and each extracted file against its pinned sha256 before copying
it, so a changed upstream file fails loudly. Licences of the packages go beside the files and in NOTICE.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VENDOR = Path(__file__).resolve().parents[1] / "src" / "sitrep" / "serve" / "static" / "vendor"
MANIFEST = VENDOR / "manifest.json"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def npm_integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def check_vendored(manifest: dict) -> list[str]:
    """Problems with the files on disk (missing or changed), one line each; empty when all match."""
    problems = []
    for pkg in manifest["packages"]:
        for target, digest in pkg["files"].values():
            path = VENDOR / target
            if not path.is_file():
                problems.append(f"{target}: missing")
            elif sha256(path.read_bytes()) != digest:
                problems.append(f"{target}: sha256 differs from the manifest ({pkg['name']}@{pkg['version']})")
    return problems


def _pack(spec: str, dest: Path) -> Path:
    out = subprocess.run(
        ["npm", "pack", spec, "--json", "--pack-destination", str(dest)], check=True, capture_output=True, text=True
    ).stdout
    return dest / json.loads(out)[0]["filename"]


def vendor_package(pkg: dict, update: bool, tmp: Path) -> list[str]:
    """Fetch one package and copy its files; returns problems (integrity or digest mismatches)."""
    spec = f"{pkg['name']}@{pkg['version']}"
    tarball = _pack(spec, tmp).read_bytes()
    problems = []
    if npm_integrity(tarball) != pkg["integrity"]:
        if not update:
            return [f"{spec}: tarball integrity differs from the manifest"]
        pkg["integrity"] = npm_integrity(tarball)
    with tarfile.open(fileobj=__import__("io").BytesIO(tarball)) as tar:
        for source, entry in pkg["files"].items():
            data = tar.extractfile(source).read()
            if sha256(data) != entry[1]:
                if not update:
                    problems.append(f"{spec}: {source} sha256 differs from the manifest")
                    continue
                entry[1] = sha256(data)
            target = VENDOR / entry[0]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only check the vendored files (offline)")
    ap.add_argument("--update", action="store_true", help="record new digests instead of failing on them")
    args = ap.parse_args(argv)
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    problems: list[str] = []
    if not args.check:
        if shutil.which("npm") is None:
            print("vendor_js: npm is not installed", file=sys.stderr)
            return 2
        with tempfile.TemporaryDirectory() as tmp:
            for pkg in manifest["packages"]:
                problems += vendor_package(pkg, args.update, Path(tmp))
        if args.update:
            MANIFEST.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    problems += check_vendored(manifest)
    for p in problems:
        print(f"vendor_js: {p}", file=sys.stderr)
    print(
        f"vendor_js: {'FAILED' if problems else 'ok'}: "
        f"{sum(len(p['files']) for p in manifest['packages'])} files from {len(manifest['packages'])} packages"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
