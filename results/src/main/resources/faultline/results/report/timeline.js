// The interactive timeline: one row per process, each op a bar from invocation to completion.
// A 100,000-op history would be too many elements to draw at once, so it shows one page of ops
// (by invocation order) at a time: the page around the anomaly first, the rest a click away.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("faultline-data").textContent);
  const ops = data.ops;
  const n = ops.i.length;
  const OUTCOMES = ["ok", "fail", "info", "pending"];
  const LABEL_WIDTH = 80, ROW = 18, AXIS = 18;
  const witness = new Map(); // invoke index -> "anomaly" | "witness"
  for (const w of data.witness) {
    if (witness.get(w.invoke) !== "anomaly") witness.set(w.invoke, w.role === "anomaly" ? "anomaly" : "witness");
  }
  const positionOfInvoke = new Map();
  for (let k = 0; k < n; k++) positionOfInvoke.set(ops.i[k], k);

  let pageSize = 500, page = 0, zoom = 1, selected = -1;
  const box = document.getElementById("timeline");
  const canvas = document.getElementById("timeline-canvas");
  const detail = document.getElementById("op-detail");
  const pageLabel = document.getElementById("page-label");

  function unit() { return data.realTime ? 1e6 : 1; } // times arrive in ns (or events); labels in ms
  let decimals = 3; // of the seconds in labels: more when a page spans less than a few milliseconds
  function fmtTime(t) { return data.realTime ? (t / 1e9).toFixed(decimals) + " s" : "event " + t; }

  function describe(k) {
    const lines = [
      "process " + data.processes[ops.p[k]] + "  " + data.fs[ops.f[k]] + (ops.k[k] !== null ? "  key " + ops.k[k] : ""),
      "outcome " + OUTCOMES[ops.o[k]] + "  events " + ops.i[k] + (ops.c[k] >= 0 ? "-" + ops.c[k] : " (never completed)"),
      "value " + ops.v[k] + (ops.o[k] === 0 || ops.r[k] !== null ? "  ->  " + ops.r[k] : ""),
      "invoked " + fmtTime(ops.s[k]) + (ops.c[k] >= 0 ? ", completed " + fmtTime(ops.e[k]) + (data.realTime ? " (" + ((ops.e[k] - ops.s[k]) / 1e6).toFixed(3) + " ms)" : "") : ""),
    ];
    if (ops.err[k]) lines.push("error " + ops.err[k]);
    if (witness.has(ops.i[k])) lines.push("part of the witness" + (witness.get(ops.i[k]) === "anomaly" ? ": the op no order explains" : ""));
    return lines.join("\n");
  }

  function render() {
    const from = page * pageSize, to = Math.min(n, from + pageSize);
    const pages = Math.max(1, Math.ceil(n / pageSize));
    pageLabel.textContent = "page " + (page + 1) + " of " + pages + " (ops " + from + "-" + Math.max(from, to - 1) + " of " + n + ")";
    canvas.textContent = "";
    if (to <= from) return;
    // The page's time span: first invocation to last invocation, plus the latest completion among
    // ops that are short; long (crashed) ops are clipped rather than stretching the page.
    // "Short" is a quarter of the page's span, or four times the page's median op, whichever is
    // longer: a page of a few ops is not cut at its last invocation.
    let t0 = Infinity, t1 = -Infinity;
    for (let k = from; k < to; k++) { t0 = Math.min(t0, ops.s[k]); t1 = Math.max(t1, ops.s[k]); }
    const lengths = [];
    for (let k = from; k < to; k++) lengths.push(ops.e[k] - ops.s[k]);
    lengths.sort((a, b) => a - b);
    const short = Math.max((t1 - t0) / 4, 4 * lengths[Math.floor(lengths.length / 2)]);
    let tail = t1;
    for (let k = from; k < to; k++) if (ops.e[k] > tail && ops.e[k] - ops.s[k] <= short) tail = Math.max(tail, ops.e[k]);
    t1 = Math.max(tail, t0 + 1);
    decimals = Math.min(9, Math.max(3, Math.ceil(-Math.log10((t1 - t0) / 8 / 1e9)) + 1));
    const width = Math.max(box.clientWidth - LABEL_WIDTH - 20, 300) * zoom;
    const px = width / (t1 - t0);
    const x = (t) => LABEL_WIDTH + Math.max(0, Math.min(width, (t - t0) * px));

    const procs = [...new Set(ops.p.slice(from, to))].sort((a, b) => rank(a) - rank(b));
    const rowOf = new Map(procs.map((p, r) => [p, r]));
    const height = AXIS + procs.length * ROW;
    canvas.style.width = (LABEL_WIDTH + width + 10) + "px";
    canvas.style.height = height + "px";
    const frag = document.createDocumentFragment();

    let lastTick = null;
    for (let j = 0; j < 8; j++) { // the ninth label, at the right edge, would widen the page beyond the view
      const t = t0 + (t1 - t0) * j / 8;
      if (fmtTime(Math.round(t)) === lastTick) continue; // a page of a few events has fewer ticks than nine
      lastTick = fmtTime(Math.round(t));
      const tick = document.createElement("div");
      tick.className = "tick";
      tick.style.left = x(t) + "px";
      tick.textContent = fmtTime(Math.round(t));
      frag.appendChild(tick);
    }
    for (const [start, end, name] of data.nemesis) {
      if (end < t0 || start > t1) continue;
      const band = document.createElement("div");
      band.className = "band";
      band.style.left = x(start) + "px";
      band.style.width = Math.max(2, x(end) - x(start)) + "px";
      band.style.height = height + "px";
      band.textContent = name;
      band.title = "nemesis: " + name + " from " + fmtTime(start) + " to " + fmtTime(end);
      frag.appendChild(band);
    }
    procs.forEach((p, r) => {
      const label = document.createElement("div");
      label.className = "row-label";
      label.style.position = "absolute";
      label.style.top = (AXIS + r * ROW) + "px";
      label.textContent = (data.processes[p] === "nemesis" ? "" : "process ") + data.processes[p];
      frag.appendChild(label);
      const row = document.createElement("div");
      row.className = "row";
      row.style.top = (AXIS + r * ROW) + "px";
      row.style.width = (LABEL_WIDTH + width) + "px";
      frag.appendChild(row);
    });
    for (let k = from; k < to; k++) {
      const bar = document.createElement("div");
      const w = witness.get(ops.i[k]);
      const nemesis = data.processes[ops.p[k]] === "nemesis";
      bar.className = "op " + (nemesis ? "nemesis" : OUTCOMES[ops.o[k]]) + (w ? " " + w : "") + (k === selected ? " selected" : "");
      bar.style.left = x(ops.s[k]) + "px";
      bar.style.width = Math.max(2, x(ops.e[k]) - x(ops.s[k])) + "px";
      bar.style.top = (AXIS + rowOf.get(ops.p[k]) * ROW + 3) + "px";
      bar.dataset.k = k;
      bar.dataset.invoke = ops.i[k];
      bar.title = data.fs[ops.f[k]] + " " + ops.v[k] + " -> " + OUTCOMES[ops.o[k]] + " " + (ops.r[k] ?? "");
      frag.appendChild(bar);
    }
    canvas.appendChild(frag);
    showPageOnPlots(t0, t1);
  }

  // The plots share one time axis, the whole run; a box on each shows the part the page shows.
  let pageSpan = null;
  function showPageOnPlots(t0, t1) {
    pageSpan = [t0, t1];
    for (const img of document.querySelectorAll("img.plot")) {
      const span = img.parentElement.querySelector(".page-span");
      if (!span) continue;
      const x0 = Number(img.dataset.x0) * img.clientWidth, x1 = Number(img.dataset.x1) * img.clientWidth;
      const at = (t) => x0 + (x1 - x0) * Math.max(0, Math.min(1, t / data.end));
      span.style.left = at(t0) + "px";
      span.style.width = Math.max(2, at(t1) - at(t0)) + "px";
      span.style.display = "block";
    }
  }
  const redrawSpans = () => { if (pageSpan) showPageOnPlots(pageSpan[0], pageSpan[1]); };
  window.addEventListener("resize", redrawSpans);
  for (const img of document.querySelectorAll("img.plot")) {
    img.addEventListener("load", redrawSpans); // its width is known once it is decoded
    img.addEventListener("click", (e) => {
      const r = img.getBoundingClientRect();
      const x0 = Number(img.dataset.x0) * r.width, x1 = Number(img.dataset.x1) * r.width;
      const t = (e.clientX - r.left - x0) / (x1 - x0) * data.end;
      let k = 0;
      while (k < n - 1 && ops.s[k] < t) k++; // ops are in invocation order
      page = Math.floor(k / pageSize);
      render();
      box.scrollIntoView({ block: "nearest" });
    });
  }

  function rank(p) {
    const label = data.processes[p];
    return label === "nemesis" ? -1 : typeof label === "number" ? label : 1e12;
  }

  // Shows the op (by invoke index) on its page, selected, scrolled into the middle of the view.
  function show(invoke) {
    const k = positionOfInvoke.get(invoke);
    if (k === undefined) return false;
    selected = k;
    page = Math.floor(k / pageSize);
    render();
    const bar = canvas.querySelector('.op[data-k="' + k + '"]');
    if (bar) {
      box.scrollLeft = Math.max(0, bar.offsetLeft - box.clientWidth / 2);
      box.scrollTop = Math.max(0, bar.offsetTop - box.clientHeight / 2);
    }
    detail.textContent = describe(k);
    return true;
  }

  canvas.addEventListener("click", (e) => {
    const bar = e.target.closest(".op");
    if (!bar) return;
    selected = Number(bar.dataset.k);
    canvas.querySelectorAll(".op.selected").forEach((b) => b.classList.remove("selected"));
    bar.classList.add("selected");
    detail.textContent = describe(selected);
  });
  document.querySelectorAll("[data-goto]").forEach((el) => el.addEventListener("click", () => {
    show(Number(el.dataset.goto));
    box.scrollIntoView({ block: "nearest" });
  }));
  const pages = () => Math.max(1, Math.ceil(n / pageSize));
  document.getElementById("page-first").onclick = () => { page = 0; render(); };
  document.getElementById("page-prev").onclick = () => { page = Math.max(0, page - 1); render(); };
  document.getElementById("page-next").onclick = () => { page = Math.min(pages() - 1, page + 1); render(); };
  document.getElementById("page-last").onclick = () => { page = pages() - 1; render(); };
  document.getElementById("zoom-in").onclick = () => { zoom *= 2; render(); };
  document.getElementById("zoom-out").onclick = () => { zoom = Math.max(1, zoom / 2); render(); };
  document.getElementById("page-size").onchange = (e) => {
    const keep = page * pageSize;
    pageSize = Number(e.target.value);
    page = Math.floor(keep / pageSize);
    render();
  };
  const anomaly = document.getElementById("goto-anomaly");
  if (data.focus !== null) anomaly.onclick = () => show(data.focus); else anomaly.disabled = true;
  const fault = document.getElementById("goto-fault");
  if (data.faultFocus !== null) fault.onclick = () => show(data.faultFocus); else fault.disabled = true;

  // It opens on the anomaly; without one, on the first fault (its start op, with its window shaded).
  if (!(data.focus !== null && show(data.focus)) && !(data.faultFocus !== null && show(data.faultFocus))) render();
  window.faultlineTimeline = { show, render, opCount: n };
})();
