// The view of inquadra's SpanTagger. Python owns the spans; this module keeps only
// transient state (cursor, selection anchor, drag, open note) and sends commit
// messages: add, delete, note, undo, redo. Text is always set with textContent.

// h() comes from dom.js, prepended in Python (widgets/view.py).

function render({ model, el }) {
  const root = h("div", "iq-tagger");
  root.setAttribute("data-lm-suppress-shortcuts", "true");
  el.appendChild(root);

  const title = h("div", "iq-title");
  const labelBar = h("div", "iq-labels");
  labelBar.setAttribute("role", "toolbar");
  const undoBtn = h("button", "iq-btn iq-undo");
  const redoBtn = h("button", "iq-btn iq-redo");
  undoBtn.type = redoBtn.type = "button";
  const history = h("div", "iq-history");
  history.append(undoBtn, redoBtn);
  const toolbar = h("div", "iq-toolbar");
  toolbar.append(labelBar, history);
  const statusLine = h("div", "iq-status");
  statusLine.setAttribute("role", "status");
  statusLine.setAttribute("aria-live", "polite");
  const saveLine = h("div", "iq-save-note");
  const progressLine = h("div", "iq-progress");
  const noteBox = h("div", "iq-note");
  noteBox.hidden = true;
  const text = h("div", "iq-text");
  text.setAttribute("role", "application");
  const legend = h("details", "iq-legend");
  root.append(title, toolbar, statusLine, saveLine, noteBox, text, progressLine, legend);

  // transient state
  let tokens = [];
  let tokEls = [];
  let wsEls = [];
  let blockOf = [];          // token index -> block index
  let blocks = [];           // [{id, first, last}]
  let cursor = -1;
  let anchor = -1;
  let dragging = false;
  let lastLabel = null;
  let openNote = null;       // key "start:end:label" of the span whose note is open
  let shownSel = [0, -1];

  const S = (key) => (model.get("strings") || {})[key] || key;
  const labelList = () => model.get("labels") || [];
  const labelById = (id) => labelList().find((l) => l.id === id);
  const spanKey = (s) => `${s.start}:${s.end}:${s.label}`;

  function say(message, kind) {
    statusLine.textContent = message;
    statusLine.dataset.kind = kind || "info";
  }

  // ---------- tokens (built once) ----------
  function buildTokens() {
    text.replaceChildren();
    tokens = model.get("tokens") || [];
    tokEls = new Array(tokens.length);
    wsEls = new Array(tokens.length).fill(null);
    blockOf = new Array(tokens.length);
    blocks = [];
    let body = null;
    tokens.forEach((tok, i) => {
      const [, , word, blockId, gap] = tok;
      if (!blocks.length || blocks[blocks.length - 1].id !== blockId) {
        blocks.push({ id: blockId, first: i, last: i });
        const para = h("div", "iq-para");
        para.dataset.block = blockId;
        para.setAttribute("role", "group");
        para.setAttribute("aria-label", blockId);
        if (blockId === "hl" || blockId.startsWith("sh")) para.classList.add("iq-heading");
        para.append(h("span", "iq-pid", blockId));
        body = h("span", "iq-body");
        para.append(body);
        text.append(para);
      }
      const b = blocks[blocks.length - 1];
      b.last = i;
      blockOf[i] = blocks.length - 1;
      const el = h("span", "iq-tok");
      el.setAttribute("role", "button");
      el.tabIndex = -1;
      el.dataset.i = String(i);
      el.append(h("span", "iq-word", word));
      tokEls[i] = el;
      body.append(el);
      const next = tokens[i + 1];
      if (next && next[3] === blockId && gap) {
        const ws = h("span", "iq-ws", gap.replace(/\s+/g, " "));
        ws.dataset.after = String(i);
        wsEls[i] = ws;
        body.append(ws);
      }
    });
    if (tokEls.length) tokEls[0].tabIndex = 0;
    cursor = -1;
    anchor = -1;
  }

  // ---------- spans (re-drawn on every change) ----------
  function drawSpans() {
    text.querySelectorAll(".iq-chip, .iq-bar").forEach((n) => n.remove());
    tokEls.forEach((el) => {
      el.classList.remove("iq-tagged");
      el.removeAttribute("aria-label");
      el.removeAttribute("title");
    });
    const spans = model.get("spans") || [];
    let maxLayer = -1;
    const labelsAt = new Map();
    // chips for spans starting at the same token, outer (lower layer) first
    const starts = [...spans].sort((a, b) => a.token_start - b.token_start || a.layer - b.layer);
    for (const s of starts) {
      const lab = labelById(s.label) || { short: s.label, colour: "#999999", name: s.label };
      maxLayer = Math.max(maxLayer, s.layer);
      const chip = h("button", "iq-chip", s.note ? `${lab.short} ✎` : lab.short);
      chip.type = "button";
      chip.tabIndex = -1;
      chip.style.setProperty("--iq-colour", lab.colour);
      chip.dataset.key = spanKey(s);
      chip.dataset.label = s.label;
      chip.title = s.note ? `${lab.name}: ${s.note}` : lab.name;
      chip.addEventListener("click", (ev) => {
        ev.stopPropagation();
        showNote(s);
      });
      const first = tokEls[s.token_start];
      if (first) first.parentNode.insertBefore(chip, first);
      for (let i = s.token_start; i < s.token_end; i++) {
        addBar(tokEls[i], lab, s);
        if (i < s.token_end - 1 && wsEls[i]) addBar(wsEls[i], lab, s);
        if (!labelsAt.has(i)) labelsAt.set(i, []);
        labelsAt.get(i).push(lab.short);
      }
    }
    for (const [i, shorts] of labelsAt) {
      const el = tokEls[i];
      el.classList.add("iq-tagged");
      const word = tokens[i][2];
      el.setAttribute("aria-label", `${word} (${shorts.join(", ")})`);
      el.title = shorts.join(", ");
    }
    root.style.setProperty("--iq-layers", String(maxLayer + 1));
    if (openNote && !spans.some((s) => spanKey(s) === openNote)) hideNote();
  }

  function addBar(el, lab, s) {
    if (!el) return;
    const bar = h("span", "iq-bar");
    bar.style.setProperty("--iq-colour", lab.colour);
    bar.style.setProperty("--iq-layer", String(s.layer));
    bar.dataset.label = s.label;
    el.append(bar);
  }

  // ---------- selection and cursor ----------
  function selRange() {
    if (cursor < 0) return null;
    const a = anchor < 0 ? cursor : anchor;
    return [Math.min(a, cursor), Math.max(a, cursor)];
  }

  function drawSelection(focus) {
    const [lo0, hi0] = shownSel;
    for (let i = lo0; i <= hi0; i++) {
      tokEls[i] && tokEls[i].classList.remove("iq-sel", "iq-cur");
      wsEls[i] && wsEls[i].classList.remove("iq-sel");
    }
    tokEls.forEach((el) => el.classList.remove("iq-cur"));
    const r = selRange();
    if (!r) {
      shownSel = [0, -1];
      return;
    }
    const [lo, hi] = r;
    for (let i = lo; i <= hi; i++) {
      tokEls[i].classList.add("iq-sel");
      if (i < hi && wsEls[i]) wsEls[i].classList.add("iq-sel");
    }
    shownSel = [lo, hi];
    tokEls.forEach((el) => (el.tabIndex = -1));
    const cur = tokEls[cursor];
    cur.classList.add("iq-cur");
    cur.tabIndex = 0;
    if (focus && document.activeElement !== cur) cur.focus();
  }

  function moveTo(i, extend) {
    if (!tokEls.length) return;
    i = Math.max(0, Math.min(tokEls.length - 1, i));
    if (!extend || cursor < 0) anchor = i;
    else if (anchor < 0) anchor = cursor;
    cursor = i;
    drawSelection(true);
    const r = selRange();
    const words = tokens.slice(r[0], r[1] + 1).map((t) => t[2]).join(" ");
    say(`${S("selected")}: ${words.length > 80 ? words.slice(0, 77) + "…" : words}`);
  }

  function moveBlock(delta, extend) {
    if (cursor < 0) return moveTo(0, false);
    const b = blockOf[cursor];
    const target = blocks[b + delta];
    if (!target) return;
    const offset = cursor - blocks[b].first;
    moveTo(Math.min(target.first + offset, target.last), extend);
  }

  // ---------- commits ----------
  function applyLabel(id) {
    const r = selRange();
    if (!r) return say(S("no_selection"), "error");
    lastLabel = id;
    model.send({ type: "add", token_start: r[0], token_end: r[1] + 1, label: id });
    anchor = cursor;
    drawSelection(true);
  }

  function innermostAtCursor() {
    if (cursor < 0) return null;
    const here = (model.get("spans") || []).filter(
      (s) => s.token_start <= cursor && cursor < s.token_end
    );
    here.sort((a, b) => a.token_end - a.token_start - (b.token_end - b.token_start) || b.layer - a.layer);
    return here[0] || null;
  }

  function deleteAtCursor() {
    const s = innermostAtCursor();
    if (!s) return say(S("no_span_here"), "error");
    model.send({ type: "delete", start: s.start, end: s.end, label: s.label });
  }

  // ---------- note editor ----------
  function showNote(s) {
    const lab = labelById(s.label) || { short: s.label, name: s.label };
    openNote = spanKey(s);
    noteBox.replaceChildren();
    const head = h("div", "iq-note-head", `${lab.short} · ${lab.name}: “${s.text}”`);
    const input = h("input", "iq-note-input");
    input.type = "text";
    input.maxLength = 1000;
    input.value = s.note || "";
    input.setAttribute("aria-label", `${S("note")}: ${lab.short} “${s.text}”`);
    const save = h("button", "iq-btn iq-note-save", S("note.save"));
    const remove = h("button", "iq-btn iq-note-remove", S("note.remove"));
    const close = h("button", "iq-btn iq-note-close", S("note.cancel"));
    save.type = remove.type = close.type = "button";
    save.addEventListener("click", () => {
      model.send({ type: "note", start: s.start, end: s.end, label: s.label, note: input.value });
      hideNote(true);
    });
    remove.addEventListener("click", () => {
      model.send({ type: "delete", start: s.start, end: s.end, label: s.label });
      hideNote(true);
    });
    close.addEventListener("click", () => hideNote(true));
    input.addEventListener("keydown", (ev) => {
      ev.stopPropagation();
      if (ev.key === "Enter") {
        ev.preventDefault();
        save.click();
      } else if (ev.key === "Escape") {
        ev.preventDefault();
        hideNote(true);
      }
    });
    noteBox.append(head, input, save, remove, close);
    noteBox.hidden = false;
    input.focus();
  }

  function hideNote(refocus) {
    openNote = null;
    noteBox.hidden = true;
    noteBox.replaceChildren();
    if (refocus && cursor >= 0) tokEls[cursor].focus();
  }

  // ---------- static parts that follow the language ----------
  function drawChrome() {
    title.textContent = S("title");
    text.setAttribute("aria-label", S("region"));
    labelBar.setAttribute("aria-label", S("labels"));
    undoBtn.textContent = `↶ ${S("undo")}`;
    redoBtn.textContent = `↷ ${S("redo")}`;
    labelBar.replaceChildren();
    for (const lab of labelList()) {
      const b = h("button", "iq-label-btn");
      b.type = "button";
      b.dataset.label = lab.id;
      b.style.setProperty("--iq-colour", lab.colour);
      b.title = lab.definition;
      b.append(h("span", "iq-keycap", String(lab.number)), h("span", "iq-short", lab.short),
        h("span", "iq-name", lab.name));
      if (lab.key) b.append(h("span", "iq-keycap", lab.key));
      b.addEventListener("mousedown", (ev) => ev.preventDefault());
      b.addEventListener("click", () => applyLabel(lab.id));
      labelBar.append(b);
    }
    legend.replaceChildren();
    legend.append(h("summary", "", S("keys")));
    const list = h("ul");
    for (const k of ["key.select", "key.arrows", "key.shift", "key.label", "key.enter",
      "key.delete", "key.note", "key.undo"]) list.append(h("li", "", S(k)));
    legend.append(list);
    drawProgress();
    drawSpans();
  }

  function drawProgress() {
    const counts = model.get("progress") || {};
    const parts = labelList().map((l) => `${l.short} ${counts[l.id] || 0}`);
    progressLine.textContent = `${S("progress")}: ${parts.join(" · ")}`;
  }

  function drawHistory() {
    undoBtn.disabled = !model.get("can_undo");
    redoBtn.disabled = !model.get("can_redo");
  }

  function drawStatus() {
    say(model.get("status"), model.get("status_kind"));
  }

  function drawSave() {
    saveLine.textContent = model.get("save_note");
    saveLine.dataset.saved = model.get("saved") ? "yes" : "no";
  }

  // ---------- events ----------
  function tokenIndex(target) {
    const el = target && target.closest ? target.closest(".iq-tok") : null;
    return el && text.contains(el) ? Number(el.dataset.i) : -1;
  }

  function onMouseDown(ev) {
    if (ev.button !== 0) return;
    const i = tokenIndex(ev.target);
    if (i < 0) return;
    ev.preventDefault();
    dragging = true;
    moveTo(i, ev.shiftKey && cursor >= 0);
  }

  function onMouseOver(ev) {
    if (!dragging) return;
    if ((ev.buttons & 1) === 0) {
      // The button was released outside the window: the drag is over.
      dragging = false;
      return;
    }
    const i = tokenIndex(ev.target);
    if (i >= 0 && i !== cursor) moveTo(i, true);
  }

  function onMouseUp() {
    dragging = false;
  }

  function onKeyDown(ev) {
    if (ev.target && ev.target.closest && ev.target.closest(".iq-note")) return;
    ev.stopPropagation();
    const ctrl = ev.ctrlKey || ev.metaKey;
    const key = ev.key;
    const lower = key.length === 1 ? key.toLowerCase() : key;
    let handled = true;
    if (ctrl && lower === "z") model.send({ type: ev.shiftKey ? "redo" : "undo" });
    else if (ctrl && lower === "y") model.send({ type: "redo" });
    else if (ctrl || ev.altKey) handled = false;
    else if (key === "ArrowRight") moveTo(cursor < 0 ? 0 : cursor + 1, ev.shiftKey);
    else if (key === "ArrowLeft") moveTo(cursor < 0 ? 0 : cursor - 1, ev.shiftKey);
    else if (key === "ArrowDown") moveBlock(1, ev.shiftKey);
    else if (key === "ArrowUp") moveBlock(-1, ev.shiftKey);
    else if (key === "Home" && cursor >= 0) moveTo(blocks[blockOf[cursor]].first, ev.shiftKey);
    else if (key === "End" && cursor >= 0) moveTo(blocks[blockOf[cursor]].last, ev.shiftKey);
    else if (key === "Enter" && ev.shiftKey) {
      const s = innermostAtCursor();
      s ? showNote(s) : say(S("no_span_here"), "error");
    } else if (key === "Enter") {
      lastLabel ? applyLabel(lastLabel) : say(S("no_last_label"), "error");
    } else if (key === "Backspace" || key === "Delete") deleteAtCursor();
    else if (key === "Escape") {
      anchor = cursor;
      drawSelection(false);
    } else if (/^[1-9]$/.test(key)) {
      const lab = labelList()[Number(key) - 1];
      lab ? applyLabel(lab.id) : (handled = false);
    } else if (key.length === 1) {
      const lab = labelList().find((l) => l.key.toLowerCase() === lower);
      lab ? applyLabel(lab.id) : (handled = false);
    } else handled = false;
    if (handled) ev.preventDefault();
  }

  function onFocusIn(ev) {
    const i = tokenIndex(ev.target);
    if (i >= 0 && cursor < 0) {
      cursor = anchor = i;
      drawSelection(false);
    }
  }

  text.addEventListener("mousedown", onMouseDown);
  text.addEventListener("mouseover", onMouseOver);
  text.addEventListener("keydown", onKeyDown);
  text.addEventListener("focusin", onFocusIn);
  window.addEventListener("mouseup", onMouseUp);
  undoBtn.addEventListener("click", () => model.send({ type: "undo" }));
  redoBtn.addEventListener("click", () => model.send({ type: "redo" }));

  const handlers = [
    ["change:tokens", () => { buildTokens(); drawSpans(); }],
    ["change:spans", drawSpans],
    ["change:labels", drawChrome],
    ["change:strings", drawChrome],
    ["change:progress", drawProgress],
    ["change:status", drawStatus],
    ["change:status_kind", drawStatus],
    ["change:status_seq", drawStatus],  // the same message again (e.g. a second undo) is shown again
    ["change:save_note", drawSave],
    ["change:saved", drawSave],
    ["change:can_undo", drawHistory],
    ["change:can_redo", drawHistory],
  ];
  for (const [event, fn] of handlers) model.on(event, fn);

  buildTokens();
  drawChrome();
  drawHistory();
  drawStatus();
  drawSave();

  return () => {
    window.removeEventListener("mouseup", onMouseUp);
    for (const [event, fn] of handlers) model.off(event, fn);
  };
}

export default { render };
