/* Sitrep dashboard: map (Leaflet + world-atlas borders, clustered), timeline (Vega-Lite, AST
   interpreter: no eval under the CSP), event table, shared filters; an event opens its sources, a source
   opens the report with every fact's sentence highlighted.
   Article text is untrusted: it is only ever put in the page as text nodes (no innerHTML anywhere), and
   only http(s) links are made. */
(function () {
  "use strict";

  const state = { map: null, cluster: null, markers: new Map(), timelineView: null, events: [], timings: {} };
  const mark = (name) => { if (!(name in state.timings)) state.timings[name] = Math.round(performance.now()); };
  mark("scripts_loaded");
  window.sitrep = state;

  // --- small helpers ---------------------------------------------------------------------------

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (k === "dataset") Object.assign(node.dataset, v);
      else if (v !== null && v !== undefined) node[k] = v;
    }
    for (const child of children) {
      if (child === null || child === undefined || child === "") continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function safeUrl(value) {
    if (typeof value !== "string") return null;
    try {
      const url = new URL(value);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function link(value, label) {
    const href = safeUrl(value);
    return href ? el("a", { href: href, rel: "noopener noreferrer", target: "_blank" }, label || href) : null;
  }

  function filterParams() {
    const params = new URLSearchParams();
    const form = new FormData(document.getElementById("filters"));
    for (const [k, v] of form.entries()) {
      if (k !== "interval" && String(v).trim() !== "") params.set(k, String(v).trim());
    }
    return params;
  }

  async function api(path, params) {
    const query = params && [...params.keys()].length ? "?" + params.toString() : "";
    const response = await fetch(path + query, { headers: { Accept: "application/json" } });
    const body = await response.json();
    if (!response.ok) throw new Error(body.error ? body.error.message : "HTTP " + response.status);
    return body;
  }

  function setStatus(text) {
    document.getElementById("status").textContent = text;
  }

  const killedOf = (e) => (e.figures || []).find((f) => f.kind === "killed");
  const typeOf = (e) => (e.type && (e.type.plover || e.type.cameo_name || e.type.cameo)) || "event";
  const actorLabel = (a) => (a ? a.name || a.text || a.code || "" : "");
  const placeLabel = (p) => (p ? [p.name || p.text, p.admin1, p.country].filter(Boolean).join(", ") : "");
  const dateLabel = (d) => (!d ? "" : !d.start ? "unknown" + (d.text ? " (" + d.text + ")" : "") : d.start === d.end ? d.start : d.start + " – " + d.end);
  const nSources = (e) => new Set((e.sources || []).map((s) => s.document)).size;

  // --- map -------------------------------------------------------------------------------------

  async function initMap() {
    const map = L.map("map", { worldCopyJump: true, attributionControl: false, minZoom: 1, maxZoom: 12 }).setView([25, 20], 2);
    L.control.attribution({ prefix: false }).addAttribution("Leaflet · borders: Natural Earth (world-atlas)").addTo(map);
    const topo = await (await fetch("/static/vendor/world-atlas/countries-110m.json")).json();
    L.geoJSON(topojson.feature(topo, topo.objects.countries), {
      interactive: false,
      renderer: L.canvas({ padding: 0.2 }),
      style: { color: "#8d8d8d", weight: 0.8, fillColor: "#f4f1ea", fillOpacity: 1 },
    }).addTo(map);
    mark("borders_drawn");
    state.cluster = L.markerClusterGroup({ maxClusterRadius: 35, spiderfyOnMaxZoom: true, showCoverageOnHover: false });
    map.addLayer(state.cluster);
    state.map = map;
  }

  function markerFor(e) {
    const loc = e.location;
    const killed = killedOf(e);
    const size = Math.round(10 + 4 * Math.sqrt((killed && killed.best) || 0));
    const cls = String(typeOf(e)).toUpperCase().replace(/[^A-Z_]/g, "");
    const marker = L.marker([loc.lat, loc.lon], {
      icon: L.divIcon({ className: "ev ev-" + cls, iconSize: [size, size] }),
      title: [dateLabel(e.date), typeOf(e), placeLabel(loc)].join(" · "),
      keyboard: true,
    });
    marker.on("add", () => {
      const node = marker.getElement();
      if (node) node.dataset.eventId = e.id;
    });
    marker.on("click", () => showEvent(e.id));
    return marker;
  }

  function renderMap(events) {
    state.cluster.clearLayers();
    state.markers.clear();
    const placed = events.filter((e) => e.location && e.location.lat != null && e.location.lon != null);
    const markers = placed.map((e) => {
      const m = markerFor(e);
      state.markers.set(e.id, m);
      return m;
    });
    state.cluster.addLayers(markers);
    if (markers.length) state.map.fitBounds(L.latLngBounds(markers.map((m) => m.getLatLng())).pad(0.3), { maxZoom: 8 });
  }

  // --- timeline --------------------------------------------------------------------------------

  async function renderTimeline(buckets, interval) {
    const unit = { day: "utcyearmonthdate", week: "utcyearmonthdate", month: "utcyearmonth" }[interval];
    const spec = {
      width: "container",
      height: 150,
      datasets: { buckets: buckets },
      data: { name: "buckets" },
      mark: { type: "bar", color: "#c62828" },
      encoding: {
        x: { field: "start", type: "temporal", timeUnit: unit, title: "events per " + interval },
        y: { field: "events", type: "quantitative", title: "events" },
      },
    };
    const result = await vegaEmbed("#timeline", spec, {
      mode: "vega-lite", renderer: "canvas", actions: false, ast: true, defaultStyle: false, tooltip: false,
    });
    state.timelineView = result.view;
  }

  // --- table -----------------------------------------------------------------------------------

  function renderTable(events) {
    const body = document.querySelector("#events tbody");
    body.replaceChildren();
    for (const e of events) {
      const killed = killedOf(e);
      const row = el("tr", { dataset: { eventId: e.id }, tabIndex: 0 },
        el("td", {}, dateLabel(e.date)), el("td", {}, typeOf(e)), el("td", {}, actorLabel(e.actor1)),
        el("td", {}, actorLabel(e.actor2)), el("td", {}, placeLabel(e.location)),
        el("td", {}, killed && killed.best != null ? String(killed.best) : ""), el("td", {}, String(nSources(e))));
      row.addEventListener("click", () => showEvent(e.id));
      row.addEventListener("keydown", (ev) => { if (ev.key === "Enter") showEvent(e.id); });
      body.append(row);
    }
  }

  // --- an event and its sources ----------------------------------------------------------------

  function figureText(f) {
    if (!f) return "";
    const range = f.low != null && f.high != null && f.low !== f.high ? " (" + f.low + "–" + f.high + ")" : "";
    return f.kind + ": " + (f.best != null ? f.best : "?") + range;
  }

  function sourceItem(s) {
    const facts = el("ul", { className: "facts" },
      ...(s.facts || []).map((f) => el("li", {}, (f.label || f.kind) + ": ", el("span", { className: "evidence" }, f.sentence || ""))));
    const open = el("button", { type: "button", className: "open-source", dataset: { document: s.document, event: s.event } },
      "Read the report");
    open.addEventListener("click", () => showDocument(s.document, s.event));
    return el("li", {},
      el("strong", {}, s.source || "unknown source"), " · ", s.published || "", " ",
      s.document_title || s.title ? el("div", {}, s.document_title || s.title) : null,
      s.evidence ? el("div", { className: "evidence" }, "“" + s.evidence.text + "”") : null,
      facts, open, " ", link(s.url, "original"));
  }

  async function showEvent(id) {
    document.querySelectorAll("#events tr.selected").forEach((r) => r.classList.remove("selected"));
    const row = document.querySelector('#events tr[data-event-id="' + CSS.escape(id) + '"]');
    if (row) row.classList.add("selected");
    const detail = document.getElementById("detail");
    const e = await api("/v1/events/" + encodeURIComponent(id));
    detail.replaceChildren(
      el("h2", {}, typeOf(e) + " · " + dateLabel(e.date)),
      el("p", {}, [actorLabel(e.actor1), actorLabel(e.actor2)].filter(Boolean).join(" → "), " in ", placeLabel(e.location)),
      el("p", {}, (e.figures || []).map(figureText).join("; ")),
      el("h3", {}, nSources(e) + " source report(s)"),
      el("ul", { className: "sources" }, ...(e.sources || []).map(sourceItem)),
      (e.reasons || []).length ? el("p", { className: "reasons" }, "Fused because: " + e.reasons.join("; ")) : null);
    document.getElementById("document").replaceChildren();
  }

  // --- a report with its facts highlighted -----------------------------------------------------

  function highlighted(text, spans, eventKey) {
    const chars = Array.from(text); // offsets count code points, as Python does
    const cuts = new Set([0, chars.length]);
    for (const s of spans) { cuts.add(Math.max(0, Math.min(chars.length, s.start))); cuts.add(Math.max(0, Math.min(chars.length, s.end))); }
    const points = [...cuts].sort((a, b) => a - b);
    const out = el("div", { className: "text" });
    for (let i = 0; i + 1 < points.length; i++) {
      const [a, b] = [points[i], points[i + 1]];
      const piece = chars.slice(a, b).join("");
      const covering = spans.filter((s) => s.start <= a && s.end >= b);
      if (!covering.length) { out.append(document.createTextNode(piece)); continue; }
      const current = covering.some((s) => s.event === eventKey);
      out.append(el("mark", { className: "fact" + (current ? " current" : ""), title: covering.map((s) => s.label || s.kind).join("; ") }, piece));
    }
    return out;
  }

  async function showDocument(docId, eventKey) {
    const d = await api("/v1/documents/" + encodeURIComponent(docId));
    const box = document.getElementById("document");
    box.replaceChildren(
      el("h3", {}, d.title || d.doc_id || d.id),
      el("p", {}, d.source || "", " · ", d.published || "", " ", link(d.url, "original")),
      el("p", { className: "legend" }, d.spans.length + " facts; the sentences of this event's facts are in orange."),
      highlighted(d.text, d.spans, eventKey));
    const first = box.querySelector("mark.current");
    if (first) first.scrollIntoView({ block: "center" });
  }

  // --- loading ---------------------------------------------------------------------------------

  async function load(ready) {
    const params = filterParams();
    const interval = new FormData(document.getElementById("filters")).get("interval") || "day";
    setStatus("Loading…");
    const eventParams = new URLSearchParams(params);
    eventParams.set("limit", "1000");
    eventParams.set("with_total", "true");
    eventParams.set("fields", "id,type,actor1,actor2,location,date,figures,sources");
    const timelineParams = new URLSearchParams(params);
    timelineParams.set("interval", interval);
    try {
      const requests = Promise.all([api("/v1/events", eventParams), api("/v1/timeline", timelineParams)]);
      if (ready) await ready; // the first load fetches while the map draws its borders
      const [page, timeline] = await requests;
      mark("data_received");
      state.events = page.events;
      renderMap(page.events);
      mark("map_drawn");
      renderTable(page.events);
      mark("table_drawn");
      await renderTimeline(timeline.buckets, interval);
      mark("timeline_drawn");
      setStatus(page.total + " fused events" + (page.total > page.events.length ? " (showing the first " + page.events.length + ")" : ""));
    } catch (err) {
      setStatus("Error: " + err.message);
    }
    state.loads = (state.loads || 0) + 1;
  }

  state.showEvent = showEvent; // for the browser tests and the console
  state.showDocument = showDocument;

  async function start() {
    document.getElementById("filters").addEventListener("submit", (ev) => { ev.preventDefault(); load(); });
    await load(initMap());
    window.sitrepFirstRenderMs = performance.now();
    document.body.dataset.ready = "1";
  }

  start();
})();
