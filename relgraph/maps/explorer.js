/* relgraph map explorer: draws window.RELGRAPH_DATA (see relgraph/maps/page.py). No network access,
   no innerHTML: every text from the data is set with textContent. */
var network = null;
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("relgraph-data").textContent);
  var t0 = performance.now();
  var R = window.relgraph = {ready: false, nodeCount: D.nodes.length, edgeCount: D.edges.length,
    stabilizedMs: null, highlighted: [], lastExport: null, view: D.view};
  var people = D.view === "people";
  var $ = function (id) { return document.getElementById(id); };
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function fmt(v) {
    if (v === null || v === undefined) { return "-"; }
    if (typeof v !== "number") { return String(v); }
    if (Number.isInteger(v)) { return v.toLocaleString("en"); }
    return Math.abs(v) >= 100 ? v.toFixed(0) : (Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3));
  }
  var U = D.units || [];
  var N = D.nodes, E = D.edges, F = D.findings || [];
  var adj = N.map(function () { return []; });
  E.forEach(function (e, i) { adj[e[0]].push(i); adj[e[1]].push(i); });
  var inFinding = N.map(function (n) { return (n.f && n.f.length) ? 1 : 0; });
  var maxM = (D.metrics || []).map(function (_m, j) {
    return N.reduce(function (a, n) { return Math.max(a, (n.m && n.m[j]) || 0); }, 0) || 1;
  });
  var sizeBy = D.sizeBy || 0;
  var smax = E.reduce(function (a, e) { return Math.max(a, e[2] || 0); }, 0) || 1;
  var showBridging = false;
  // above 15,000 ties the ties inside units start hidden (the clusters show them; drawing
  // tens of thousands of lines made the first picture take seconds): a checkbox shows them
  var showInner = !(people && E.length > 15000);

  // --- vis items ------------------------------------------------------------------------------
  function nodeSize(n) {
    if (!people) { return n.size; }
    var v = (n.m && n.m[sizeBy]) || 0;
    return 7 + 20 * Math.sqrt(Math.max(v, 0) / maxM[sizeBy]);
  }
  function baseNode(n, i) {
    if (!people) {
      return {id: i, label: n.label, x: n.x, y: n.y, shape: "dot", size: n.size, title: n.label,
        color: {background: n.color, border: n.border, highlight: {background: n.color, border: "#000"}},
        borderWidth: n.silo ? 5 : 2, shapeProperties: {borderDashes: n.silo ? [6, 4] : false},
        shadow: inFinding[i] ? {enabled: true, color: "rgba(217,45,32,0.9)", size: 18, x: 0, y: 0} : false,
        font: {size: 14, strokeWidth: 3, strokeColor: "#ffffff", color: n.silo ? "#b42318" : "#101828"}};
    }
    var u = U[n.u];
    var labelled = n.focus || inFinding[i] || n.l === "executive";
    return {id: i, x: n.x, y: n.y, size: nodeSize(n), title: n.label + (n.t ? " \u2014 " + n.t : ""),
      label: labelled ? n.label : undefined,
      shape: n.l ? (D.shapes[n.l] || "dot") : "dot",
      color: {background: u.color, border: D.kindBorder[n.k] || "#475467",
              highlight: {background: u.color, border: "#000000"}},
      borderWidth: n.focus ? 5 : 1.5,
      shadow: inFinding[i] ? {enabled: true, color: "rgba(217,45,32,0.95)", size: 16, x: 0, y: 0} : false,
      font: {size: n.focus ? 20 : 13, strokeWidth: 3, strokeColor: "#ffffff"}};
  }
  var findingEdge = {};
  F.forEach(function (f) { (f.e || []).forEach(function (p) { findingEdge[Math.min(p[0], p[1]) + ":" + Math.max(p[0], p[1])] = f.kind; }); });
  function baseEdge(e, i) {
    var fl = e[3], key = Math.min(e[0], e[1]) + ":" + Math.max(e[0], e[1]);
    var color = "rgba(110,110,110,0.28)", dashes = false, width = 0.6 + 4 * Math.sqrt((e[2] || 0) / smax);
    if (!people) {
      color = fl & 1 ? "#f79009" : "rgba(90,90,90,0.45)"; dashes = !!(fl & 1);
      width = 1 + 10 * Math.sqrt((e[2] || 0) / smax);
    } else {
      if (!showInner && (fl & 8)) { color = "rgba(110,110,110,0.10)"; width = Math.min(width, 1.5); }
      if (showBridging && (fl & 1)) { color = "rgba(247,144,9,0.8)"; }
      if (showBridging && (fl & 2)) { color = "#f79009"; dashes = [6, 4]; }
      if (fl & 4) { color = "#d92d20"; dashes = [6, 4]; }
      if (findingEdge[key]) { color = "#d92d20"; width = Math.max(width, 3); }
      if (fl & 16) { color = "#d92d20"; dashes = [2, 5]; width = 3; }
    }
    var hidden = people && !showInner && !(fl & (8 | 4 | 16)) && !findingEdge[key];
    return {id: i, from: e[0], to: e[1], width: width, dashes: dashes, hidden: hidden,
      color: {color: color, highlight: "#000000", hover: "#000000"}};
  }
  R.timing = {parsed: Math.round(performance.now() - t0)};
  var nodes = new vis.DataSet(N.map(baseNode));
  var edges = new vis.DataSet(E.map(baseEdge));
  R.timing.datasets = Math.round(performance.now() - t0);
  var big = E.length > 20000 || N.length > 3000;
  network = new vis.Network($("mynetwork"), {nodes: nodes, edges: edges}, {
    physics: {enabled: false, solver: "forceAtlas2Based", stabilization: false},
    layout: {randomSeed: D.seed || 7, improvedLayout: false},
    edges: {smooth: false, selectionWidth: 2},
    nodes: {font: {face: "Helvetica, Arial, sans-serif"}},
    interaction: {hover: !big, tooltipDelay: 200, hideEdgesOnDrag: big, hideEdgesOnZoom: big,
                  multiselect: false, keyboard: false}
  });

  R.timing.network = Math.round(performance.now() - t0);
  // --- unit clusters and labels (person maps) -----------------------------------------------
  var unitHidden = {};
  if (people) {
    network.on("beforeDrawing", function (ctx) {
      U.forEach(function (u, k) {
        if (unitHidden[k]) { return; }
        ctx.beginPath();
        ctx.arc(u.x, u.y, u.r, 0, 2 * Math.PI);
        ctx.fillStyle = u.color + "22";
        ctx.fill();
        if (u.silo) {
          var s = network.getScale();
          ctx.setLineDash([12 / s, 8 / s]);
          ctx.lineWidth = Math.max(3, 3 / s);
          ctx.strokeStyle = "#d92d20";
          ctx.stroke();
          ctx.setLineDash([]);
        }
      });
    });
    network.on("afterDrawing", function (ctx) {
      U.forEach(function (u, k) {
        if (unitHidden[k]) { return; }
        ctx.font = "bold " + u.fs + "px Helvetica, Arial, sans-serif";
        ctx.textAlign = "center";
        ctx.lineWidth = u.fs / 4;
        ctx.strokeStyle = "rgba(255,255,255,0.9)";
        ctx.strokeText(u.name, u.lx, u.ly);
        ctx.fillStyle = u.silo ? "#b42318" : "#101828";
        ctx.fillText(u.name, u.lx, u.ly);
      });
    });
    R.unitLabels = U.map(function (u) { return {name: u.name, color: u.color, x: u.lx, y: u.ly}; });
  }

  // --- side panel ----------------------------------------------------------------------------
  var panel = $("rg-panel");
  function row(table, k, v) {
    var tr = el("tr"); tr.appendChild(el("td", "", k)); tr.appendChild(el("td", "n", fmt(v)));
    table.appendChild(tr);
  }
  function neighbours(i) {
    return adj[i].map(function (j) { var e = E[j]; return {other: e[0] === i ? e[1] : e[0], s: e[2] || 0, lost: e[3] & 16}; })
      .sort(function (a, b) { return b.s - a.s; });
  }
  function show(i) {
    var n = N[i];
    panel.textContent = "";
    panel.appendChild(el("h2", "", n.label));
    if (people) {
      if (n.t) { panel.appendChild(el("p", "rg-sub", n.t)); }
      var u = U[n.u];
      var p = el("p", "rg-sub");
      var sw = el("span", "rg-sw"); sw.style.background = u.color; p.appendChild(sw);
      p.appendChild(document.createTextNode(u.name + " (" + (n.k === "it" ? "IT" : n.k) + ")" + (n.l ? ", " + n.l.replace("_", " ") : "")));
      panel.appendChild(p);
      var tb = el("table");
      row(tb, "id", n.pid);
      D.metricLabels.forEach(function (lab, j) { row(tb, lab, n.m[j]); });
      row(tb, "Burt's constraint", n.e[0]);
      row(tb, "brokerage paths", n.e[1]);
      if (n.e[2]) { row(tb, "articulation point", "yes: removing them splits the network"); }
      if (n.e[3]) { row(tb, "ties in the window", "none"); }
      panel.appendChild(tb);
    } else {
      if (n.note) { panel.appendChild(el("p", "rg-sub", n.note)); }
      var tu = el("table");
      (n.rows || []).forEach(function (r) { row(tu, r[0], r[1]); });
      panel.appendChild(tu);
      if (n.href) {
        var a = el("a", "rg-open", "Open the people of this unit \u2192"); a.href = n.href;
        panel.appendChild(a);
      }
    }
    if (n.f && n.f.length) {
      panel.appendChild(el("h3", "", "Findings"));
      var ul = el("ul", "rg-flist");
      n.f.forEach(function (k) {
        var li = el("li", "sev-" + F[k].sev, F[k].title);
        li.addEventListener("click", function () { highlight(k); });
        ul.appendChild(li);
      });
      panel.appendChild(ul);
    }
    var nb = neighbours(i);
    panel.appendChild(el("h3", "", (people ? "Contacts" : "Connected units") + " (" + nb.length + ")"));
    var ol = el("ol", "rg-nlist");
    nb.slice(0, 60).forEach(function (x) {
      var m = N[x.other];
      var li = el("li", "", m.label + (people ? " \u2014 " + U[m.u].name : "") +
        (x.lost ? " (tie lost)" : " (" + fmt(x.s) + ")"));
      li.addEventListener("click", function () { select(x.other); });
      ol.appendChild(li);
    });
    if (nb.length > 60) { ol.appendChild(el("li", "rg-more", "and " + (nb.length - 60) + " more")); }
    panel.appendChild(ol);
    panel.hidden = false;
    R.panel = n.label;
  }
  function select(i) {
    network.selectNodes([i]);
    network.focus(i, {scale: Math.max(network.getScale(), 1.0), animation: false});
    show(i);
  }
  network.on("click", function (p) {
    if (p.nodes.length === 1) { show(p.nodes[0]); }
  });
  network.on("doubleClick", function (p) {
    if (p.nodes.length === 1 && N[p.nodes[0]].href) { window.location.href = N[p.nodes[0]].href; }
  });

  // --- findings panel ------------------------------------------------------------------------
  var faded = false;
  function clearHighlight() {
    if (!faded) { return; }
    nodes.update(N.map(baseNode));
    edges.update(E.map(baseEdge));
    faded = false;
    R.highlighted = [];
    document.querySelectorAll("#rg-findings li.on").forEach(function (x) { x.classList.remove("on"); });
  }
  function highlight(k) {
    clearHighlight();
    var f = F[k], on = {};
    (f.n || []).forEach(function (i) { on[i] = 1; });
    (f.e || []).forEach(function (p) { on[p[0]] = 1; on[p[1]] = 1; });
    if (!people) { (f.u || []).forEach(function (i) { on[i] = 1; }); }
    var onEdge = {};
    (f.e || []).forEach(function (p) { onEdge[Math.min(p[0], p[1]) + ":" + Math.max(p[0], p[1])] = 1; });
    var ids = Object.keys(on).map(Number);
    nodes.update(N.map(function (n, i) {
      if (on[i]) { return {id: i, label: n.label, borderWidth: 5, color: {border: "#d92d20"}}; }
      return {id: i, label: undefined, color: {background: "rgba(210,210,210,0.35)", border: "rgba(190,190,190,0.4)"}, shadow: false};
    }));
    edges.update(E.map(function (e, i) {
      var key = Math.min(e[0], e[1]) + ":" + Math.max(e[0], e[1]);
      if (onEdge[key]) { return {id: i, color: {color: "#d92d20"}, width: 5}; }
      if (on[e[0]] && on[e[1]]) { return {id: i}; }
      return {id: i, color: {color: "rgba(200,200,200,0.15)"}};
    }));
    faded = true;
    R.highlighted = ids.sort(function (a, b) { return a - b; });
    R.highlightedLabels = R.highlighted.map(function (i) { return N[i].label; });
    var li = document.querySelector('#rg-findings li[data-k="' + k + '"]');
    if (li) { li.classList.add("on"); }
    if (people && f.u && f.u.length && !(f.n || []).length) {
      // a unit finding with no member on this page: zoom to the unit's cluster
      var u = U[f.u[0]];
      network.moveTo({position: {x: u.x, y: u.y}, scale: Math.min(2, 300 / (u.r + 1)), animation: false});
    } else if (ids.length) {
      network.fit({nodes: ids, animation: false});
      if (ids.length === 1) { network.moveTo({scale: Math.min(network.getScale(), 1.5), animation: false}); }
    }
    $("rg-status").textContent = f.title;
  }
  R.highlight = highlight;
  var fbox = $("rg-findings");
  if (!F.length) { fbox.appendChild(el("p", "rg-sub", "No finding concerns what this map shows.")); }
  var kinds = [];
  F.forEach(function (f) { if (kinds.indexOf(f.kind) < 0) { kinds.push(f.kind); } });
  kinds.forEach(function (kind) {
    var items = F.map(function (f, k) { return [f, k]; }).filter(function (x) { return x[0].kind === kind; });
    var det = el("details");
    det.open = kinds.length <= 4 || items.length <= 3;
    det.appendChild(el("summary", "", (D.kindLabels[kind] || kind) + " (" + items.length + ")"));
    var ul = el("ul", "rg-flist");
    items.forEach(function (x) {
      var li = el("li", "sev-" + x[0].sev, x[0].title);
      li.setAttribute("data-k", String(x[1]));
      li.setAttribute("data-kind", kind);
      li.title = x[0].sev + ": " + x[0].title;
      li.addEventListener("click", function () { highlight(x[1]); });
      ul.appendChild(li);
    });
    det.appendChild(ul);
    fbox.appendChild(det);
  });

  // --- filters -------------------------------------------------------------------------------
  var state = {kinds: {}, levels: {}, units: {}, finding: ""};
  function checkbox(box, label, color, onchange, group) {
    var lab = el("label", "rg-check");
    var c = el("input"); c.type = "checkbox"; c.checked = true;
    c.setAttribute("data-group", group); c.setAttribute("data-value", label[0]);
    c.addEventListener("change", function () { onchange(c.checked); apply(); });
    lab.appendChild(c);
    if (color) { var sw = el("span", "rg-sw"); sw.style.background = color; lab.appendChild(sw); }
    lab.appendChild(document.createTextNode(label[1]));
    box.appendChild(lab);
    return c;
  }
  var kindsPresent = [];
  N.forEach(function (n) { var k = people ? n.k : n.kind; if (kindsPresent.indexOf(k) < 0) { kindsPresent.push(k); } });
  kindsPresent.sort();
  kindsPresent.forEach(function (k) {
    state.kinds[k] = true;
    checkbox($("rg-f-kind"), [k, k === "it" ? "IT" : k], D.kindBorder[k], function (v) { state.kinds[k] = v; }, "kind");
  });
  if (people) {
    (D.levels || []).concat(N.some(function (n) { return !n.l; }) ? [""] : []).forEach(function (lv) {
      state.levels[lv] = true;
      checkbox($("rg-f-level"), [lv, lv ? lv.replace("_", " ") : "level not shown"], null, function (v) { state.levels[lv] = v; }, "level");
    });
    U.map(function (u, k) { return [u, k]; }).sort(function (a, b) { return a[0].name < b[0].name ? -1 : 1; })
      .forEach(function (x) {
        state.units[x[1]] = true;
        checkbox($("rg-f-unit"), [String(x[1]), x[0].name + " (" + x[0].n + ")"], x[0].color, function (v) { state.units[x[1]] = v; }, "unit");
      });
  } else {
    $("rg-level-box").hidden = true;
    $("rg-unit-box").hidden = true;
  }
  var fsel = $("rg-f-finding");
  kinds.forEach(function (kind) { var o = el("option", "", D.kindLabels[kind] || kind); o.value = kind; fsel.appendChild(o); });
  fsel.addEventListener("change", function () { state.finding = fsel.value; apply(); });
  function visible(n, i) {
    if (!state.kinds[people ? n.k : n.kind]) { return false; }
    if (people && (!state.levels[n.l || ""] || !state.units[n.u])) { return false; }
    if (state.finding) {
      return (n.f || []).some(function (k) { return F[k].kind === state.finding; }) ||
        F.some(function (f) { return f.kind === state.finding && (f.e || []).some(function (p) { return p[0] === i || p[1] === i; }); });
    }
    return true;
  }
  function apply() {
    var count = 0;
    nodes.update(N.map(function (n, i) { var v = visible(n, i); count += v ? 1 : 0; return {id: i, hidden: !v}; }));
    if (people) { U.forEach(function (_u, k) { unitHidden[k] = !state.units[k]; }); }
    R.visible = count;
    $("rg-status").textContent = count.toLocaleString("en") + " of " + N.length.toLocaleString("en") + " shown";
    network.redraw();
  }
  R.visible = N.length;
  R.visibleLabels = function () {
    return nodes.get({filter: function (x) { return !x.hidden; }}).map(function (x) { return N[x.id].label; });
  };

  // --- search --------------------------------------------------------------------------------
  var search = $("rg-search"), list = $("rg-matches");
  function matches(q) {
    q = q.trim().toLowerCase();
    if (!q) { return []; }
    var out = [];
    for (var i = 0; i < N.length && out.length < 25; i++) {
      var n = N[i];
      var hay = [n.label, n.pid || n.uid || "", n.t || "", people ? U[n.u].name : (n.kind || "")];
      if (hay.some(function (h) { return String(h).toLowerCase().indexOf(q) >= 0; })) { out.push(i); }
    }
    return out;
  }
  function renderMatches() {
    var m = matches(search.value);
    list.textContent = "";
    m.forEach(function (i) {
      var n = N[i];
      var li = el("li", "", n.label + (n.t ? " \u2014 " + n.t : "") + (people ? " (" + U[n.u].name + ")" : ""));
      li.addEventListener("click", function () { select(i); });
      list.appendChild(li);
    });
    if (search.value.trim() && !m.length) { list.appendChild(el("li", "rg-more", "no match")); }
    R.matches = m.map(function (i) { return N[i].label; });
  }
  search.addEventListener("input", renderMatches);
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { var m = matches(search.value); if (m.length) { select(m[0]); } }
  });

  // --- toolbar -------------------------------------------------------------------------------
  var sizeSel = $("rg-size");
  if (people) {
    D.metricLabels.forEach(function (lab, j) { var o = el("option", "", lab); o.value = String(j); sizeSel.appendChild(o); });
    sizeSel.value = String(sizeBy);
    sizeSel.addEventListener("change", function () {
      sizeBy = Number(sizeSel.value);
      nodes.update(N.map(function (n, i) { return {id: i, size: nodeSize(n)}; }));
      R.sizeBy = D.metrics[sizeBy];
    });
  } else { $("rg-size-box").hidden = true; }
  R.sizeOf = function (i) { return nodes.get(i).size; };
  $("rg-reset").addEventListener("click", function () {
    clearHighlight();
    document.querySelectorAll("#rg-filters input[type=checkbox]").forEach(function (c) { c.checked = true; });
    Object.keys(state.kinds).forEach(function (k) { state.kinds[k] = true; });
    Object.keys(state.levels).forEach(function (k) { state.levels[k] = true; });
    Object.keys(state.units).forEach(function (k) { state.units[k] = true; });
    fsel.value = ""; state.finding = "";
    apply();
    network.unselectAll();
    panel.hidden = true;
    network.fit({animation: false});
  });
  $("rg-png").addEventListener("click", function () {
    var src = network.canvas.frame.canvas;
    var c = document.createElement("canvas");
    c.width = src.width; c.height = src.height;
    var g = c.getContext("2d");
    g.fillStyle = "#ffffff"; g.fillRect(0, 0, c.width, c.height);
    g.drawImage(src, 0, 0);
    var url = c.toDataURL("image/png");
    var a = el("a"); a.href = url; a.download = "relgraph-map.png";
    document.body.appendChild(a); a.click(); a.remove();
    R.lastExport = {prefix: url.slice(0, 22), length: url.length, width: c.width, height: c.height};
  });
  $("rg-physics").addEventListener("change", function (ev) {
    network.setOptions({physics: {enabled: ev.target.checked}});
  });
  $("rg-bridging").addEventListener("change", function (ev) {
    showBridging = ev.target.checked;
    if (!faded) { edges.update(E.map(baseEdge)); }
  });
  if (!people) { $("rg-bridging-box").hidden = true; $("rg-inner-box").hidden = true; }
  $("rg-inner").checked = showInner;
  $("rg-inner").addEventListener("change", function (ev) {
    showInner = ev.target.checked;
    if (!faded) { edges.update(E.map(baseEdge)); }
  });
  R.hiddenEdges = function () { return edges.get({filter: function (x) { return x.hidden; }}).length; };

  network.once("afterDrawing", function () {
    network.fit({animation: false});
    R.stabilizedMs = Math.round(performance.now() - t0);
    R.ready = true;
    $("rg-status").textContent = D.hint;
  });
})();
