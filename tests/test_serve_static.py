"""The dashboard's static files: vendored files match their pinned digests, nothing comes from a CDN, and
the dashboard's own script never turns text into HTML or code."""

from __future__ import annotations

import importlib.util
import json
import re

from conftest import REPO

STATIC = REPO / "src" / "sitrep" / "serve" / "static"


def _vendor_script():
    spec = importlib.util.spec_from_file_location("vendor_js", REPO / "scripts" / "vendor_js.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_vendored_files_match_the_pinned_digests():
    vendor = _vendor_script()
    manifest = json.loads(vendor.MANIFEST.read_text(encoding="utf-8"))
    assert vendor.check_vendored(manifest) == []
    names = {p["name"]: p for p in manifest["packages"]}
    assert {
        "leaflet",
        "leaflet.markercluster",
        "topojson-client",
        "world-atlas",
        "vega",
        "vega-lite",
        "vega-embed",
    } <= set(names)
    for p in manifest["packages"]:
        assert re.fullmatch(r"\d+\.\d+\.\d+", p["version"]) and p["integrity"].startswith("sha512-")
        assert any(target.endswith("LICENSE") for target, _ in p["files"].values()), p["name"]


def test_a_changed_vendored_file_is_caught(tmp_path, monkeypatch):
    vendor = _vendor_script()
    manifest = json.loads(vendor.MANIFEST.read_text(encoding="utf-8"))
    (tmp_path / "leaflet").mkdir()
    monkeypatch.setattr(vendor, "VENDOR", tmp_path)
    (tmp_path / "leaflet" / "leaflet.js").write_text("alert(1)")
    problems = vendor.check_vendored(manifest)
    assert any("leaflet/leaflet.js: sha256 differs" in p for p in problems)
    assert any("missing" in p for p in problems)


def test_the_page_loads_nothing_from_outside_and_no_inline_script():
    html = (STATIC / "index.html").read_text(encoding="utf-8")
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/static/") or s == "data:," for s in sources), sources
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)  # every script is a file
    assert "style=" not in html and "<style" not in html


def test_the_dashboard_script_builds_the_page_from_text_nodes_only():
    js = (STATIC / "app.js").read_text(encoding="utf-8")
    code = re.sub(r"/\*.*?\*/", "", js, flags=re.S)
    for sink in (
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
        'setAttribute("style"',
        "bindPopup",
    ):
        assert sink not in code, sink
    assert 'url.protocol === "http:" || url.protocol === "https:"' in code
    assert "ast: true" in code
