/* Story map page script: reads the JSON data block, draws it with sigma.js over a graphology
   graph (positions computed by `kg export`), and wires search, hover, selection, the side
   panel, the date range and the legend. Corpus strings are only ever set as text
   (textContent, createTextNode), never parsed as markup. */
(function () {
  "use strict";
  var T0 = performance.now();
  var timings = { start: Math.round(T0) };
  function mark(name) { timings[name] = Math.round(performance.now() - T0); }
  var DATA = JSON.parse(document.getElementById("data").textContent);
  mark("data");
  var NODES = DATA.nodes, EDGES = DATA.edges, STS = DATA.statements, EVS = DATA.events, DOCS = DATA.docs;
  var DATES = DATA.meta.dates;
  var LIST_STEP = 50;

  // ---- helpers -------------------------------------------------------------------------
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); }
  function light(hex) {
    var r = parseInt(hex.slice(1, 3), 16), g = parseInt(hex.slice(3, 5), 16), b = parseInt(hex.slice(5, 7), 16);
    return 0.299 * r + 0.587 * g + 0.114 * b >= 150;
  }
  function chip(text, color) {
    var c = el("span", "chip", text);
    if (color) { c.style.background = color; if (light(color)) c.classList.add("light"); }
    return c;
  }
  function fold(s) {
    return String(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  EDGES.forEach(function (e) { if (!e.kind) e.kind = "said_about"; });
  var ACT_COLOR = {};
  DATA.acts.forEach(function (a) { ACT_COLOR[a[0]] = a[1]; });
  var KIND_COLOR = {};
  DATA.kinds.forEach(function (k) { KIND_COLOR[k[0]] = k[1]; });
  function actColor(act) { return ACT_COLOR[act] || "#555555"; }

  // ---- graph ---------------------------------------------------------------------------
  // A large map draws one-pixel lines (no arrowheads, no width), hides edges while the camera moves and
  // does without edge picking (a second drawing of every edge per frame), so panning stays
  // smooth; edges are then read through their nodes' panels.
  var LARGE = EDGES.length > 10000;
  var graph = new graphology.MultiDirectedGraph();
  var keyOf = NODES.map(function (n) { return n.key; });
  NODES.forEach(function (n) {
    graph.addNode(n.key, { x: n.x, y: n.y, size: n.size, color: n.color, label: n.label });
  });
  EDGES.forEach(function (e, i) {
    graph.addEdgeWithKey("e" + i, keyOf[e.s], keyOf[e.t], {
      size: e.size, color: e.color || actColor(e.act), type: LARGE ? "thin" : e.kind === "said_about" ? "arrow" : "line"
    });
  });
  mark("graph");
  // Statements and events of each node.
  var said = NODES.map(function () { return []; });
  var heard = NODES.map(function () { return []; });
  var took = NODES.map(function () { return []; });
  var eventOfNode = {};
  STS.forEach(function (s, i) {
    if (s.by >= 0) said[s.by].push(i);
    s.about.forEach(function (a) { heard[a].push(i); });
  });
  EVS.forEach(function (v, i) {
    v.parts.forEach(function (p) { took[p].push(i); });
    if (v.at >= 0 && v.parts.indexOf(v.at) < 0) took[v.at].push(i);
    if (v.node >= 0) eventOfNode[v.node] = i;
  });
  var indexOfKey = {};
  NODES.forEach(function (n, i) { indexOfKey[n.key] = i; });

  // ---- state ---------------------------------------------------------------------------
  var state = { hovered: null, selected: null, focused: null, edge: null, from: 0, to: Math.max(0, DATES.length - 1) };
  var neighbours = new Set();
  var hiddenEdges = new Set();
  var hiddenNodes = new Set();

  function fullRange() { return state.from === 0 && state.to === Math.max(0, DATES.length - 1); }
  function dateIn(d) {
    if (fullRange()) return true;
    if (!d) return false;
    return d >= DATES[state.from] && d <= DATES[state.to];
  }
  function stVisible(i) { return dateIn(STS[i].d); }
  function evVisible(i) { return dateIn(EVS[i].d); }

  function recomputeHidden() {
    hiddenEdges.clear();
    hiddenNodes.clear();
    if (fullRange()) return;
    var live = new Uint8Array(NODES.length);
    var hasEdge = new Uint8Array(NODES.length);
    EDGES.forEach(function (e, i) {
      hasEdge[e.s] = 1; hasEdge[e.t] = 1;
      var ok;
      if (e.kind === "said_about") ok = e.st.some(stVisible);
      else if (e.ev !== undefined && eventOfNode[e.ev] !== undefined) ok = evVisible(eventOfNode[e.ev]);
      else ok = true;
      if (ok) { live[e.s] = 1; live[e.t] = 1; } else hiddenEdges.add("e" + i);
    });
    NODES.forEach(function (n, i) {
      var ev = eventOfNode[i];
      if ((ev !== undefined && !evVisible(ev)) || (hasEdge[i] && !live[i])) hiddenNodes.add(n.key);
    });
  }

  // ---- sigma ---------------------------------------------------------------------------
  function labelThreshold() {
    var sizes = NODES.map(function (n) { return n.size; }).sort(function (a, b) { return a - b; });
    var top = sizes.length ? sizes[Math.floor(sizes.length * 0.9)] : 6;
    return Math.min(6, top);
  }
  var container = document.getElementById("map");
  var renderer = new Sigma(graph, container, {
    renderEdgeLabels: false,
    // A container can be zero-sized for a moment (a window being resized, a hidden tab):
    // sigma then skips drawing instead of throwing.
    allowInvalidContainer: true,
    enableEdgeEvents: !LARGE,
    hideEdgesOnMove: LARGE,
    // One-pixel GL lines: the cheapest edges sigma draws.
    edgeProgramClasses: { thin: Sigma.rendering.EdgeLineProgram },
    zIndex: true,
    defaultEdgeType: "line",
    labelFont: "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
    labelSize: 13,
    labelWeight: "500",
    labelColor: { color: "#222" },
    labelDensity: 0.5,
    labelGridCellSize: 110,
    // Labels for nodes drawn at 6 px or more, or for the largest tenth on maps of small nodes
    // (the label grid keeps them from piling up).
    labelRenderedSizeThreshold: labelThreshold(),
    minCameraRatio: 0.01,
    maxCameraRatio: 4,
    nodeReducer: function (node, data) {
      var res = Object.assign({}, data);
      if (hiddenNodes.has(node)) { res.hidden = true; return res; }
      var active = state.hovered || state.selected;
      if (active) {
        if (node === active || neighbours.has(node)) {
          res.zIndex = 1;
          res.forceLabel = true;
          if (node === active) res.highlighted = true;
        } else {
          res.color = "#e4e4e0";
          res.label = "";
          res.zIndex = 0;
        }
      }
      return res;
    },
    edgeReducer: function (edge, data) {
      var res = Object.assign({}, data);
      if (hiddenEdges.has(edge)) { res.hidden = true; return res; }
      var active = state.hovered || state.selected;
      if (state.edge === edge) { res.zIndex = 2; res.size = data.size + 2; }
      else if (active && !graph.hasExtremity(edge, active)) res.hidden = true;
      else if (active) res.zIndex = 1;
      return res;
    }
  });

  mark("sigma");
  function setActiveNeighbours() {
    neighbours = new Set();
    var active = state.hovered || state.selected;
    if (active && graph.hasNode(active)) graph.forEachNeighbor(active, function (n) { neighbours.add(n); });
  }

  renderer.on("enterNode", function (e) {
    state.hovered = e.node; setActiveNeighbours(); renderer.refresh({ skipIndexation: true });
    container.style.cursor = "pointer";
  });
  renderer.on("leaveNode", function () {
    state.hovered = null; setActiveNeighbours(); renderer.refresh({ skipIndexation: true });
    container.style.cursor = "";
  });
  renderer.on("clickNode", function (e) { select(e.node); });
  renderer.on("clickEdge", function (e) { selectEdge(e.edge); });
  renderer.on("enterEdge", function () { container.style.cursor = "pointer"; });
  renderer.on("leaveEdge", function () { container.style.cursor = ""; });
  renderer.on("clickStage", function () {
    state.selected = null; state.edge = null; setActiveNeighbours(); showIntro(); renderer.refresh({ skipIndexation: true });
  });

  // ---- panel ---------------------------------------------------------------------------
  var panel = document.getElementById("panel");

  function entityLink(i) {
    var n = NODES[i];
    var a = el("a", "entity", n.label);
    a.setAttribute("role", "button");
    a.tabIndex = 0;
    a.addEventListener("click", function () { focus(n.key); });
    a.addEventListener("keydown", function (ev) { if (ev.key === "Enter") focus(n.key); });
    return a;
  }
  function safeUrl(u) { return typeof u === "string" && /^https?:\/\//i.test(u) ? u : null; }

  function sourceLine(src) {
    var box = el("div", "src");
    src.forEach(function (s, k) {
      var doc = DOCS[s[0]] || { id: "?" };
      var line = el("div", "source");
      box.appendChild(line);
      if (doc.outlet) line.appendChild(el("span", "outlet", doc.outlet + " "));
      if (doc.title) line.appendChild(el("cite", null, doc.title + " "));
      // document:line, or the byte span when the graph holds no line for it.
      var where = s[1] > 0 ? doc.id + ":" + s[1] : doc.id + " bytes " + s[2] + "–" + s[3];
      var code = el("code", null, where);
      if (s[1] <= 0) code.title = "line unknown in this graph: byte span in the document text";
      line.appendChild(code);
      var url = safeUrl(doc.url);
      if (url) {
        line.appendChild(document.createTextNode(" "));
        var a = el("a", null, "open ↗");
        a.setAttribute("href", url);
        a.setAttribute("target", "_blank");
        a.setAttribute("rel", "noopener noreferrer");
        a.title = url;
        line.appendChild(a);
      }
    });
    return box;
  }

  function statementItem(i, who) {
    var s = STS[i];
    var li = el("li", "statement");
    li.dataset.statement = String(i);
    var meta = el("div", "meta");
    meta.appendChild(el("span", "date", s.d || "undated"));
    meta.appendChild(chip(s.act, actColor(s.act)));
    if (who === "speaker") {
      if (s.by >= 0) meta.appendChild(entityLink(s.by)); else meta.appendChild(el("span", null, s.who));
      meta.appendChild(el("span", null, s.cue));
    } else if (s.about.length) {
      var list = el("span", null, "about ");
      s.about.forEach(function (a, k) {
        if (k > 0) list.appendChild(document.createTextNode(", "));
        list.appendChild(entityLink(a));
      });
      meta.appendChild(list);
    }
    li.appendChild(meta);
    li.appendChild(el("blockquote", "quote", s.direct ? "“" + s.text + "”" : s.text));
    li.appendChild(sourceLine(s.src));
    return li;
  }

  function eventItem(i) {
    var v = EVS[i];
    var li = el("li", "event");
    var meta = el("div", "meta");
    meta.appendChild(el("span", "date", v.d || "undated"));
    meta.appendChild(chip(v.type.replace(/_/g, " "), "#edc948"));
    if (v.planned) meta.appendChild(el("span", null, "planned"));
    if (v.at >= 0) { var where = el("span", null, "in "); where.appendChild(entityLink(v.at)); meta.appendChild(where); }
    else if (v.place) meta.appendChild(el("span", null, "in " + v.place));
    li.appendChild(meta);
    li.appendChild(el("blockquote", "quote", v.text));
    if (v.parts.length) {
      var who = el("div", "meta");
      var list = el("span", null, "with ");
      v.parts.forEach(function (p, k) {
        if (k > 0) list.appendChild(document.createTextNode(", "));
        list.appendChild(entityLink(p));
      });
      who.appendChild(list);
      li.appendChild(who);
    }
    li.appendChild(sourceLine(v.src));
    return li;
  }

  /** A titled list showing LIST_STEP items at a time. */
  function section(title, ids, make, id) {
    var wrap = el("section");
    wrap.id = id;
    var h = el("h3", null, title + " (" + ids.length + ")");
    wrap.appendChild(h);
    if (!ids.length) { wrap.appendChild(el("div", "sub", "None in the selected dates.")); return wrap; }
    var ul = el("ul", "items");
    wrap.appendChild(ul);
    var shown = 0;
    var more = el("button", "more");
    function next() {
      ids.slice(shown, shown + LIST_STEP).forEach(function (i) { ul.appendChild(make(i)); });
      shown = Math.min(ids.length, shown + LIST_STEP);
      if (shown < ids.length) { more.textContent = "Show more (" + (ids.length - shown) + " left)"; }
      else if (more.parentNode) more.parentNode.removeChild(more);
    }
    more.addEventListener("click", next);
    wrap.appendChild(more);
    next();
    return wrap;
  }

  function byDate(list, get) {
    return list.slice().sort(function (a, b) {
      var da = get(a) || "9999", db = get(b) || "9999";
      return da < db ? -1 : da > db ? 1 : a - b;
    });
  }

  function showIntro() {
    clear(panel);
    panel.dataset.kind = "intro";
    panel.appendChild(el("h2", null, "Who said what about whom"));
    var lead = DATA.meta.view === "events"
      ? "Each dot is an actor or an event, an event linked to who took part and where; an arrow runs"
      : "Each dot is an actor; an arrow runs";
    var p = el("p", "intro", lead + " from a speaker to whom they spoke about, thicker with more statements and coloured by the statement act that dominates. Hover a dot to see its links, click it for its statements with their sources, click an arrow for what was said along it. Use the search box to find a name and the date range to follow the story over time.");
    panel.appendChild(p);
    var counts = el("div", "counts");
    [["nodes", NODES.length], ["links", EDGES.length], ["statements", STS.length], ["events", EVS.length]].forEach(function (c) {
      var d = el("div"); d.appendChild(el("b", null, c[1])); d.appendChild(document.createTextNode(c[0])); counts.appendChild(d);
    });
    panel.appendChild(counts);
    if (DATES.length) panel.appendChild(el("p", "sub", "Dates from " + DATES[0] + " to " + DATES[DATES.length - 1] + "."));
    // The most connected actors as a starting point.
    var top = NODES.map(function (n, i) { return i; }).filter(function (i) { return NODES[i].class === "entity"; })
      .sort(function (a, b) { return NODES[b].degree - NODES[a].degree || a - b; }).slice(0, 12);
    if (top.length) {
      panel.appendChild(el("h3", null, "Most connected"));
      var ul = el("ul", "items");
      top.forEach(function (i) {
        var li = el("li");
        li.appendChild(entityLink(i));
        li.appendChild(el("span", "sub", " · " + NODES[i].kind + " · " + said[i].length + " said, " + heard[i].length + " about"));
        ul.appendChild(li);
      });
      panel.appendChild(ul);
    }
    if (LARGE) panel.appendChild(el("div", "note", "A large map: links are drawn as thin lines without arrowheads, hidden while the map moves, and read through each node's panel rather than by clicking them."));
    if (DATA.meta.omitted) panel.appendChild(el("div", "note", DATA.meta.omitted));
    if (DATA.meta.filters.length) panel.appendChild(el("div", "note", "Exported with filters: " + DATA.meta.filters.join("; ")));
  }

  function showNode(key) {
    var i = indexOfKey[key];
    var n = NODES[i];
    clear(panel);
    panel.dataset.kind = "node";
    panel.dataset.node = key;
    panel.appendChild(el("h2", null, n.label));
    var sub = el("div", "sub");
    sub.appendChild(chip(n.kind.replace(/_/g, " "), n.color));
    if (n.state && n.state !== n.label) sub.appendChild(document.createTextNode(n.state));
    panel.appendChild(sub);
    if (n.provisional) panel.appendChild(el("div", "note", "Found in the text, not in the schemas: check the name."));
    if (n.aliases && n.aliases.length) panel.appendChild(el("div", "sub", "Also: " + n.aliases.join(", ")));
    if (n.roles && n.roles.length) {
      panel.appendChild(el("h3", null, "Roles"));
      var ul = el("ul", "items");
      n.roles.forEach(function (r) {
        var span = r[1] || r[2] ? " (" + (r[1] || "…") + " – " + (r[2] || "") + ")" : "";
        ul.appendChild(el("li", null, r[0] + span));
      });
      panel.appendChild(ul);
    }
    var ev = eventOfNode[i];
    if (ev !== undefined) {
      panel.appendChild(section("Event", [ev], eventItem, "panel-event"));
      return;
    }
    var by = byDate(said[i].filter(stVisible), function (k) { return STS[k].d; });
    var about = byDate(heard[i].filter(stVisible), function (k) { return STS[k].d; });
    var evs = byDate(took[i].filter(evVisible), function (k) { return EVS[k].d; });
    var counts = el("div", "counts");
    [["said", by.length], ["said about", about.length], ["events", evs.length], ["mentions", n.mentions]].forEach(function (c) {
      var d = el("div"); d.appendChild(el("b", null, c[1])); d.appendChild(document.createTextNode(c[0])); counts.appendChild(d);
    });
    panel.appendChild(counts);
    panel.appendChild(section("Statements by " + n.label, by, function (k) { return statementItem(k, "about"); }, "panel-said"));
    panel.appendChild(section("Statements about " + n.label, about, function (k) { return statementItem(k, "speaker"); }, "panel-about"));
    panel.appendChild(section("Events", evs, eventItem, "panel-events"));
  }

  function showEdge(edge) {
    var e = EDGES[Number(edge.slice(1))];
    clear(panel);
    panel.dataset.kind = "edge";
    panel.dataset.edge = edge;
    var h = el("h2");
    h.appendChild(entityLink(e.s));
    h.appendChild(document.createTextNode(e.kind === "said_about" ? " → " : " — "));
    h.appendChild(entityLink(e.t));
    panel.appendChild(h);
    var sub = el("div", "sub", e.kind.replace(/_/g, " ") + (e.label ? ": " + e.label : ""));
    panel.appendChild(sub);
    if (e.kind === "said_about") {
      var sts = byDate(e.st.filter(stVisible), function (k) { return STS[k].d; });
      panel.appendChild(section("Statements", sts, function (k) { return statementItem(k, "none"); }, "panel-edge"));
    } else if (e.ev !== undefined && eventOfNode[e.ev] !== undefined) {
      panel.appendChild(section("Event", [eventOfNode[e.ev]].filter(evVisible), eventItem, "panel-event"));
    }
  }

  function refreshPanel() {
    if (state.selected) showNode(state.selected);
    else if (state.edge) showEdge(state.edge);
    else showIntro();
  }

  // ---- actions -------------------------------------------------------------------------
  function select(key) {
    if (!graph.hasNode(key)) return false;
    state.selected = key; state.edge = null;
    setActiveNeighbours();
    showNode(key);
    panel.scrollTop = 0;
    renderer.refresh({ skipIndexation: true });
    return true;
  }
  function selectEdge(edge) {
    if (!graph.hasEdge(edge)) return false;
    state.selected = null; state.edge = edge;
    setActiveNeighbours();
    showEdge(edge);
    panel.scrollTop = 0;
    renderer.refresh({ skipIndexation: true });
    return true;
  }
  function focus(key) {
    if (!graph.hasNode(key)) return false;
    state.focused = key;
    select(key);
    var d = renderer.getNodeDisplayData(key);
    if (d) renderer.getCamera().animate({ x: d.x, y: d.y, ratio: Math.min(renderer.getCamera().ratio, 0.35) }, { duration: 500 });
    return true;
  }
  function setDates(from, to) {
    var max = Math.max(0, DATES.length - 1);
    from = Math.max(0, Math.min(max, from | 0));
    to = Math.max(0, Math.min(max, to | 0));
    if (from > to) { var t = from; from = to; to = t; }
    state.from = from; state.to = to;
    dateFrom.value = String(from); dateTo.value = String(to);
    dateFromLabel.textContent = DATES[from] || "";
    dateToLabel.textContent = DATES[to] || "";
    recomputeHidden();
    refreshPanel();
    renderer.refresh({ skipIndexation: true });
  }
  function reset() {
    state.hovered = null; state.selected = null; state.focused = null; state.edge = null;
    search.value = "";
    hideSuggestions();
    setActiveNeighbours();
    setDates(0, DATES.length - 1);
    renderer.getCamera().animatedReset({ duration: 300 });
  }

  // ---- date range ----------------------------------------------------------------------
  var dateFrom = document.getElementById("date-from");
  var dateTo = document.getElementById("date-to");
  var dateFromLabel = document.getElementById("date-from-label");
  var dateToLabel = document.getElementById("date-to-label");
  [dateFrom, dateTo].forEach(function (r) {
    r.max = String(Math.max(0, DATES.length - 1));
    r.disabled = DATES.length < 2;
  });
  dateFrom.addEventListener("input", function () {
    var f = Number(dateFrom.value), t = Number(dateTo.value);
    setDates(Math.min(f, t), t);
  });
  dateTo.addEventListener("input", function () {
    var f = Number(dateFrom.value), t = Number(dateTo.value);
    setDates(f, Math.max(f, t));
  });

  // ---- search --------------------------------------------------------------------------
  var search = document.getElementById("search");
  var sugg = document.getElementById("suggestions");
  var entries = [];
  NODES.forEach(function (n, i) {
    entries.push({ i: i, text: n.label, f: fold(n.label), alias: null });
    (n.aliases || []).forEach(function (a) { entries.push({ i: i, text: a, f: fold(a), alias: a }); });
  });
  var activeIdx = -1;
  var shownEntries = [];
  function hideSuggestions() { sugg.hidden = true; clear(sugg); shownEntries = []; activeIdx = -1; }
  function matches(q) {
    var best = {};
    entries.forEach(function (e) {
      var p = e.f.indexOf(q);
      if (p < 0) return;
      var rank = p === 0 ? 0 : (e.f.charAt(p - 1) === " " || e.f.charAt(p - 1) === "-") ? 1 : 2;
      if (e.alias) rank += 0.5;
      var old = best[e.i];
      if (!old || rank < old.rank) best[e.i] = { i: e.i, rank: rank, alias: e.alias };
    });
    return Object.keys(best).map(function (k) { return best[k]; }).sort(function (a, b) {
      return a.rank - b.rank || NODES[b.i].degree - NODES[a.i].degree || a.i - b.i;
    }).slice(0, 12);
  }
  function choose(i) {
    search.value = NODES[i].label;
    hideSuggestions();
    focus(NODES[i].key);
  }
  search.addEventListener("input", function () {
    var q = fold(search.value.trim());
    clear(sugg); activeIdx = -1;
    if (!q) { hideSuggestions(); return; }
    shownEntries = matches(q);
    if (!shownEntries.length) { sugg.appendChild(el("li", "none", "No match")); sugg.hidden = false; return; }
    shownEntries.forEach(function (m, k) {
      var n = NODES[m.i];
      var li = el("li");
      li.setAttribute("role", "option");
      li.dataset.key = n.key;
      li.appendChild(el("span", "name", n.label));
      if (m.alias && m.alias !== n.label) li.appendChild(el("span", "alias", m.alias));
      li.appendChild(el("span", "kind", n.kind));
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(m.i); });
      li.dataset.index = String(k);
      sugg.appendChild(li);
    });
    sugg.hidden = false;
  });
  search.addEventListener("keydown", function (ev) {
    var items = sugg.querySelectorAll("li[role=option]");
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (!items.length) return;
      ev.preventDefault();
      activeIdx = (activeIdx + (ev.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
      items.forEach(function (li, k) { li.classList.toggle("active", k === activeIdx); });
    } else if (ev.key === "Enter") {
      if (shownEntries.length) { ev.preventDefault(); choose(shownEntries[Math.max(0, activeIdx)].i); }
    } else if (ev.key === "Escape") {
      hideSuggestions();
    }
  });
  search.addEventListener("blur", function () { setTimeout(hideSuggestions, 150); });

  document.getElementById("reset").addEventListener("click", reset);

  // ---- legend and summary --------------------------------------------------------------
  var legend = document.getElementById("legend");
  legend.appendChild(el("h4", null, "Kinds"));
  var ul = el("ul");
  DATA.kinds.forEach(function (k) {
    var li = el("li");
    var dot = el("span", "dot"); dot.style.background = k[1];
    li.appendChild(dot); li.appendChild(document.createTextNode(k[0].replace(/_/g, " ")));
    ul.appendChild(li);
  });
  legend.appendChild(ul);
  if (DATA.acts.length) {
    legend.appendChild(el("h4", null, "Acts"));
    var ua = el("ul");
    DATA.acts.forEach(function (a) {
      var li = el("li");
      var line = el("span", "line"); line.style.background = a[1];
      li.appendChild(line); li.appendChild(document.createTextNode(a[0]));
      ua.appendChild(li);
    });
    legend.appendChild(ua);
  }
  document.getElementById("summary").textContent =
    NODES.length + " nodes · " + EDGES.length + " links · " + STS.length + " statements · " + DATA.meta.view + " view";

  setDates(0, DATES.length - 1);
  mark("ready");
  requestAnimationFrame(function () { mark("frame"); });

  // ---- test and scripting hook ---------------------------------------------------------
  window.storyMap = {
    graph: graph,
    sigma: renderer,
    data: DATA,
    timings: timings,
    focus: focus,
    select: select,
    selectEdge: selectEdge,
    setDates: setDates,
    reset: reset,
    state: function () {
      return { hovered: state.hovered, selected: state.selected, focused: state.focused, edge: state.edge,
               from: DATES[state.from] || null, to: DATES[state.to] || null };
    },
    visibleEdges: function () { return EDGES.length - hiddenEdges.size; },
    visibleNodes: function () { return NODES.length - hiddenNodes.size; },
    edgeKey: function (sourceKey, targetKey) {
      var found = null;
      graph.forEachOutEdge(sourceKey, function (e, a, s, t) { if (t === targetKey && found === null) found = e; });
      return found;
    }
  };
})();
