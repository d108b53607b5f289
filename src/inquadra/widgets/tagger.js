// The view of inquadra's SpanTagger. Python owns the spans; this module keeps only
// transient state (cursor, selection anchor, drag, open note) and sends commit
// messages: add, delete, note, undo, redo, sync. Text is always set with textContent.
// h(), widgetRoot() and listen() come from dom.js, prepended in Python (widgets/view.py).
//
// The top half is pure functions (selection, key map -> command, layout, decorations),
// the bottom half the short wiring in render().

// ---------- pure: selection ----------

// The selected token range [lo, hi] (inclusive) for a cursor and an anchor, or null.
function selectionRange(cursor, anchor) {
  if (cursor < 0) return null;
  const a = anchor < 0 ? cursor : anchor;
  return [Math.min(a, cursor), Math.max(a, cursor)];
}

// Where a move to token `i` leaves cursor and anchor ({cursor, anchor}); n = number of tokens.
function moveSelection(state, i, extend, n) {
  const to = Math.max(0, Math.min(n - 1, i));
  let anchor = state.anchor;
  if (!extend || state.cursor < 0) anchor = to;
  else if (anchor < 0) anchor = state.cursor;
  return { cursor: to, anchor };
}

// The token an up/down move lands on: the same offset in the previous/next block, or -1.
function blockTarget(cursor, blockOf, blocks, delta) {
  if (cursor < 0) return 0;
  const b = blockOf[cursor];
  const target = blocks[b + delta];
  if (!target) return -1;
  return Math.min(target.first + (cursor - blocks[b].first), target.last);
}

// The innermost (shortest, then topmost) span covering token i, or null.
function innermostSpan(spans, i) {
  if (i < 0) return null;
  let best = null;
  for (const s of spans) {
    if (s.token_start > i || i >= s.token_end) continue;
    const len = s.token_end - s.token_start;
    const bestLen = best ? best.token_end - best.token_start : Infinity;
    if (len < bestLen || (len === bestLen && s.layer > best.layer)) best = s;
  }
  return best;
}

function spanKey(s) {
  return `${s.start}:${s.end}:${s.label}`;
}

function shorten(text, most) {
  return text.length > most ? text.slice(0, most - 3) + "…" : text;
}

// ---------- pure: key map -> command ----------

// The command for a key press, or null when the tagger does not use the key.
// `key` is KeyboardEvent.key; mods has shift, ctrl (Ctrl or Cmd) and alt; labels are the
// label buttons in order ({id, key}). Commands: undo, redo, move {by}, block {by}, home,
// end, note, repeat, delete, clear, label {id}; move/block/home/end carry `extend`.
function keyCommand(key, mods, labels) {
  const lower = key.length === 1 ? key.toLowerCase() : key;
  const extend = !!mods.shift;
  if (mods.ctrl && lower === "z") return { type: mods.shift ? "redo" : "undo" };
  if (mods.ctrl && lower === "y") return { type: "redo" };
  if (mods.ctrl || mods.alt) return null;
  switch (key) {
    case "ArrowRight": return { type: "move", by: 1, extend };
    case "ArrowLeft": return { type: "move", by: -1, extend };
    case "ArrowDown": return { type: "block", by: 1, extend };
    case "ArrowUp": return { type: "block", by: -1, extend };
    case "Home": return { type: "home", extend };
    case "End": return { type: "end", extend };
    case "Enter": return { type: mods.shift ? "note" : "repeat" };
    case "Backspace":
    case "Delete": return { type: "delete" };
    case "Escape": return { type: "clear" };
    default: break;
  }
  if (/^[1-9]$/.test(key)) {
    const lab = labels[Number(key) - 1];
    return lab ? { type: "label", id: lab.id } : null;
  }
  if (key.length === 1) {
    const lab = labels.find((l) => l.key && l.key.toLowerCase() === lower);
    return lab ? { type: "label", id: lab.id } : null;
  }
  return null;
}

// ---------- pure: layout ----------

// Blocks (paragraphs) of the token list: {blocks: [{id, first, last}], blockOf: [index]}.
function tokenBlocks(tokens) {
  const blocks = [];
  const blockOf = new Array(tokens.length);
  tokens.forEach((tok, i) => {
    const id = tok[3];
    if (!blocks.length || blocks[blocks.length - 1].id !== id) blocks.push({ id, first: i, last: i });
    blocks[blocks.length - 1].last = i;
    blockOf[i] = blocks.length - 1;
  });
  return { blocks, blockOf };
}

// What to draw for the spans: one chip per span (outer first at the same start), one bar
// per covered token (and per inner gap), and the label shorts on each tagged token.
function spanDecorations(spans, labelById) {
  const chips = [];
  const bars = [];
  const labelsAt = new Map();
  let layers = 0;
  const ordered = [...spans].sort((a, b) => a.token_start - b.token_start || a.layer - b.layer);
  for (const s of ordered) {
    const lab = labelById(s.label) || { short: s.label, colour: "#999999", name: s.label };
    layers = Math.max(layers, s.layer + 1);
    const mark = s.needs_note ? " ?" : s.note ? " ✎" : "";
    chips.push({ span: s, lab, text: `${lab.short}${mark}`,
      title: s.note ? `${lab.name}: ${s.note}` : lab.name });
    for (let i = s.token_start; i < s.token_end; i++) {
      bars.push({ span: s, token: i, gap: i < s.token_end - 1, lab, layer: s.layer, label: s.label });
      if (!labelsAt.has(i)) labelsAt.set(i, []);
      labelsAt.get(i).push(lab.short);
    }
  }
  return { chips, bars, labelsAt, layers };
}

// ---------- drawing: each function takes the view `v` (model, elements, transient state) ----------

function createView(model, el) {
  const root = widgetRoot(el, "iq-tagger");
  const v = { model, root };
  for (const [name, tag, cls] of [["title", "div", "iq-title"], ["labelBar", "div", "iq-labels"],
    ["undoBtn", "button", "iq-btn iq-undo"], ["redoBtn", "button", "iq-btn iq-redo"],
    ["statusLine", "div", "iq-status"], ["saveLine", "div", "iq-save-note"],
    ["progressLine", "div", "iq-progress"], ["noteBox", "div", "iq-note"], ["text", "div", "iq-text"],
    ["legend", "details", "iq-legend"]]) v[name] = h(tag, cls);
  v.labelBar.setAttribute("role", "toolbar");
  v.undoBtn.type = v.redoBtn.type = "button";
  const history = h("div", "iq-history");
  history.append(v.undoBtn, v.redoBtn);
  const toolbar = h("div", "iq-toolbar");
  toolbar.append(v.labelBar, history);
  v.statusLine.setAttribute("role", "status");
  v.statusLine.setAttribute("aria-live", "polite");
  v.noteBox.hidden = true;
  v.text.setAttribute("role", "application");
  root.append(v.title, toolbar, v.statusLine, v.saveLine, v.noteBox, v.text, v.progressLine, v.legend);
  // transient state: only what the browser needs between two messages from Python
  Object.assign(v, {
    tokens: [], tokEls: [], wsEls: [], layout: { blocks: [], blockOf: [] },
    sel: { cursor: -1, anchor: -1 }, dragging: false, lastLabel: null,
    openNote: null, // spanKey of the span whose note is open
    shownSel: [0, -1], shownCursor: -1,
    drawn: new Map(), // spanKey -> {sig, chip, nodes}: what is drawn for each span
    tagged: new Map(), // token index -> the label shorts it is marked with
    pending: [], // bars drawn at once for a label just sent, until Python answers
  });
  return v;
}

const S = (v, key) => (v.model.get("strings") || {})[key] || key;
const labelList = (v) => v.model.get("labels") || [];
const labelById = (v, id) => labelList(v).find((l) => l.id === id);
const spansOf = (v) => v.model.get("spans") || [];

function say(v, message, kind) {
  v.statusLine.textContent = message;
  v.statusLine.dataset.kind = kind || "info";
}

function buildTokens(v) {
  v.tokens = v.model.get("tokens") || [];
  v.layout = tokenBlocks(v.tokens);
  v.tokEls = new Array(v.tokens.length);
  v.wsEls = new Array(v.tokens.length).fill(null);
  const paras = [];
  for (const block of v.layout.blocks) {
    const para = h("div", "iq-para");
    para.dataset.block = block.id;
    para.setAttribute("role", "group");
    para.setAttribute("aria-label", block.id);
    if (block.id === "hl" || block.id.startsWith("sh")) para.classList.add("iq-heading");
    const body = h("span", "iq-body");
    para.append(h("span", "iq-pid", block.id), body);
    for (let i = block.first; i <= block.last; i++) {
      const [, , word, , gap] = v.tokens[i];
      const tok = h("span", "iq-tok");
      tok.setAttribute("role", "button");
      tok.tabIndex = -1;
      tok.dataset.i = String(i);
      tok.append(h("span", "iq-word", word));
      v.tokEls[i] = tok;
      body.append(tok);
      if (i < block.last && gap) {
        const ws = h("span", "iq-ws", gap.replace(/\s+/g, " "));
        ws.dataset.after = String(i);
        v.wsEls[i] = ws;
        body.append(ws);
      }
    }
    paras.push(para);
  }
  v.text.replaceChildren(...paras);
  if (v.tokEls.length) v.tokEls[0].tabIndex = 0;
  Object.assign(v, { sel: { cursor: -1, anchor: -1 }, shownSel: [0, -1], shownCursor: -1,
    drawn: new Map(), tagged: new Map(), pending: [] });
}

function clearPending(v) {
  for (const node of v.pending) node.remove();
  v.pending = [];
}

// A label just sent is drawn at once as a pending (dashed) bar; the spans Python sends
// back replace it, and a refusal (an error status) removes it.
function drawPending(v, lo, hi, id) {
  const lab = labelById(v, id) || { colour: "#999999" };
  for (let i = lo; i <= hi; i++) {
    v.pending.push(...drawBars(v, { token: i, gap: i < hi, lab, layer: 0, label: id }, "iq-bar iq-pending"));
  }
}

// Spans are drawn keyed: a span whose drawing did not change keeps its nodes, so one
// new tag costs one chip and its bars, not a redraw (and a re-layout) of every tag.
function drawSpans(v) {
  clearPending(v);
  const d = spanDecorations(spansOf(v), (id) => labelById(v, id));
  const next = new Map();
  const barsOf = new Map();
  for (const b of d.bars) {
    const key = spanKey(b.span);
    if (!barsOf.has(key)) barsOf.set(key, []);
    barsOf.get(key).push(b);
  }
  const moved = new Set();
  for (const c of d.chips) {
    const key = spanKey(c.span);
    const sig = `${c.span.layer}|${c.text}|${c.title}|${c.lab.colour}|${c.span.needs_note ? 1 : 0}`;
    const old = v.drawn.get(key);
    if (old && old.sig === sig) {
      next.set(key, old);
      v.drawn.delete(key);
      continue;
    }
    next.set(key, { sig, chip: drawChip(v, c), nodes: (barsOf.get(key) || []).flatMap((b) => drawBars(v, b)) });
    moved.add(c.span.token_start);
  }
  for (const old of v.drawn.values()) {
    old.chip.remove();
    for (const node of old.nodes) node.remove();
  }
  v.drawn = next;
  for (const c of d.chips) { // chips sharing a first token stay in order: outer (lower layer) first
    const first = v.tokEls[c.span.token_start];
    if (moved.has(c.span.token_start) && first) first.parentNode.insertBefore(next.get(spanKey(c.span)).chip, first);
  }
  const labels = new Map([...d.labelsAt].map(([i, shorts]) => [i, shorts.join(", ")]));
  for (const [i, was] of v.tagged) {
    if (labels.get(i) === was) continue;
    v.tokEls[i].classList.remove("iq-tagged");
    v.tokEls[i].removeAttribute("aria-label");
    v.tokEls[i].removeAttribute("title");
  }
  for (const [i, now] of labels) {
    if (v.tagged.get(i) === now) continue;
    v.tokEls[i].classList.add("iq-tagged");
    v.tokEls[i].setAttribute("aria-label", `${v.tokens[i][2]} (${now})`);
    v.tokEls[i].title = now;
  }
  v.tagged = labels;
  v.root.style.setProperty("--iq-layers", String(d.layers));
  if (v.openNote && !spansOf(v).some((s) => spanKey(s) === v.openNote)) hideNote(v);
}

function drawChip(v, c) {
  const key = spanKey(c.span);
  const chip = h("button", "iq-chip", c.text);
  chip.type = "button";
  chip.tabIndex = -1;
  chip.style.setProperty("--iq-colour", c.lab.colour);
  chip.dataset.key = key;
  chip.dataset.label = c.span.label;
  if (c.span.needs_note) chip.dataset.needsNote = "yes";
  chip.title = c.span.needs_note ? `${c.title} (${S(v, "rationale.needed")})` : c.title;
  chip.addEventListener("click", (ev) => {
    ev.stopPropagation();
    const s = spansOf(v).find((x) => spanKey(x) === key);
    if (s) showNote(v, s);
  });
  return chip;
}

function drawBars(v, b, cls = "iq-bar") {
  const out = [];
  for (const target of b.gap ? [v.tokEls[b.token], v.wsEls[b.token]] : [v.tokEls[b.token]]) {
    if (!target) continue;
    const bar = h("span", cls);
    bar.style.setProperty("--iq-colour", b.lab.colour);
    bar.style.setProperty("--iq-layer", String(b.layer));
    bar.dataset.label = b.label;
    target.append(bar);
    out.push(bar);
  }
  return out;
}

function drawSelection(v, focus) {
  const { tokEls, wsEls } = v;
  for (let i = v.shownSel[0]; i <= v.shownSel[1]; i++) {
    tokEls[i] && tokEls[i].classList.remove("iq-sel");
    wsEls[i] && wsEls[i].classList.remove("iq-sel");
  }
  if (v.shownCursor >= 0 && tokEls[v.shownCursor]) {
    tokEls[v.shownCursor].classList.remove("iq-cur");
    tokEls[v.shownCursor].tabIndex = -1;
  }
  const r = selectionRange(v.sel.cursor, v.sel.anchor);
  if (tokEls.length) tokEls[0].tabIndex = r ? -1 : 0;
  if (!r) {
    v.shownSel = [0, -1];
    v.shownCursor = -1;
    return;
  }
  const [lo, hi] = r;
  for (let i = lo; i <= hi; i++) {
    tokEls[i].classList.add("iq-sel");
    if (i < hi && wsEls[i]) wsEls[i].classList.add("iq-sel");
  }
  v.shownSel = [lo, hi];
  v.shownCursor = v.sel.cursor;
  const cur = tokEls[v.sel.cursor];
  cur.classList.add("iq-cur");
  cur.tabIndex = 0;
  if (focus && document.activeElement !== cur) cur.focus();
}

function moveTo(v, i, extend) {
  if (!v.tokEls.length || i < 0) return;
  v.sel = moveSelection(v.sel, i, extend, v.tokEls.length);
  drawSelection(v, true);
  const [lo, hi] = selectionRange(v.sel.cursor, v.sel.anchor);
  const words = v.tokens.slice(lo, hi + 1).map((t) => t[2]).join(" ");
  say(v, `${S(v, "selected")}: ${shorten(words, 80)}`);
}

function applyLabel(v, id) {
  const r = selectionRange(v.sel.cursor, v.sel.anchor);
  if (!r) return say(v, S(v, "no_selection"), "error");
  v.lastLabel = id;
  v.model.send({ type: "add", token_start: r[0], token_end: r[1] + 1, label: id });
  drawPending(v, r[0], r[1], id);
  v.sel = { cursor: v.sel.cursor, anchor: v.sel.cursor };
  drawSelection(v, true);
}

function showNote(v, s) {
  const lab = labelById(v, s.label) || { short: s.label, name: s.label };
  v.openNote = spanKey(s);
  const head = h("div", "iq-note-head", `${lab.short} · ${lab.name}: “${s.text}”`);
  const input = h("input", "iq-note-input");
  input.type = "text";
  input.maxLength = 1000;
  input.value = s.note || "";
  input.setAttribute("aria-label", `${S(v, "note")}: ${lab.short} “${s.text}”`);
  const save = h("button", "iq-btn iq-note-save", S(v, "note.save"));
  const remove = h("button", "iq-btn iq-note-remove", S(v, "note.remove"));
  const close = h("button", "iq-btn iq-note-close", S(v, "note.cancel"));
  save.type = remove.type = close.type = "button";
  const send = (type, extra) => {
    v.model.send({ type, start: s.start, end: s.end, label: s.label, ...extra });
    hideNote(v, true);
  };
  save.addEventListener("click", () => send("note", { note: input.value }));
  remove.addEventListener("click", () => send("delete", {}));
  close.addEventListener("click", () => hideNote(v, true));
  input.addEventListener("keydown", (ev) => {
    ev.stopPropagation();
    if (ev.key === "Enter" || ev.key === "Escape") ev.preventDefault();
    if (ev.key === "Enter") save.click();
    else if (ev.key === "Escape") hideNote(v, true);
  });
  v.noteBox.replaceChildren(head, input, save, remove, close);
  v.noteBox.hidden = false;
  input.focus();
}

function hideNote(v, refocus) {
  v.openNote = null;
  v.noteBox.hidden = true;
  v.noteBox.replaceChildren();
  if (refocus && v.sel.cursor >= 0) v.tokEls[v.sel.cursor].focus();
}

function askNote(v) {
  const key = v.model.get("ask_note");
  const s = key && spansOf(v).find((x) => spanKey(x) === key);
  if (s) showNote(v, s);
}

function drawChrome(v) {
  v.title.textContent = S(v, v.model.get("mode") === "reference" ? "rationale.title" : "title");
  v.text.setAttribute("aria-label", S(v, "region"));
  v.labelBar.setAttribute("aria-label", S(v, "labels"));
  v.undoBtn.textContent = `↶ ${S(v, "undo")}`;
  v.redoBtn.textContent = `↷ ${S(v, "redo")}`;
  v.labelBar.replaceChildren(...labelList(v).map((lab) => {
    const b = h("button", "iq-label-btn");
    b.type = "button";
    b.dataset.label = lab.id;
    b.style.setProperty("--iq-colour", lab.colour);
    b.title = lab.definition;
    b.append(h("span", "iq-keycap", String(lab.number)), h("span", "iq-short", lab.short),
      h("span", "iq-name", lab.name));
    if (lab.key) b.append(h("span", "iq-keycap", lab.key));
    b.addEventListener("mousedown", (ev) => {
      ev.preventDefault(); // keep the focus (and the selection) in the text
      if (ev.button === 0) applyLabel(v, lab.id); // act on the press, not on the release
    });
    b.addEventListener("click", (ev) => ev.detail === 0 && applyLabel(v, lab.id)); // Enter or Space
    return b;
  }));
  const list = h("ul");
  for (const k of ["key.select", "key.arrows", "key.shift", "key.label", "key.enter",
    "key.delete", "key.note", "key.undo"]) list.append(h("li", "", S(v, k)));
  v.legend.replaceChildren(h("summary", "", S(v, "keys")), list);
  drawProgress(v);
  drawSpans(v);
}

function drawProgress(v) {
  const counts = v.model.get("progress") || {};
  const parts = labelList(v).map((l) => `${l.short} ${counts[l.id] || 0}`);
  v.progressLine.textContent = `${S(v, "progress")}: ${parts.join(" · ")}`;
}

function drawHistory(v) {
  v.undoBtn.disabled = !v.model.get("can_undo");
  v.redoBtn.disabled = !v.model.get("can_redo");
}

function drawStatus(v) {
  if (v.model.get("status_kind") === "error") clearPending(v);
  say(v, v.model.get("status"), v.model.get("status_kind"));
}

function drawSave(v) {
  v.saveLine.textContent = v.model.get("save_note");
  v.saveLine.dataset.saved = v.model.get("saved") ? "yes" : "no";
}

// ---------- events: what each command of keyCommand() does ----------

const COMMANDS = {
  undo: (v) => v.model.send({ type: "undo" }),
  redo: (v) => v.model.send({ type: "redo" }),
  move: (v, c) => moveTo(v, v.sel.cursor < 0 ? 0 : v.sel.cursor + c.by, c.extend),
  block: (v, c) => moveTo(v, blockTarget(v.sel.cursor, v.layout.blockOf, v.layout.blocks, c.by), c.extend),
  home: (v, c) => v.sel.cursor >= 0 && moveTo(v, v.layout.blocks[v.layout.blockOf[v.sel.cursor]].first, c.extend),
  end: (v, c) => v.sel.cursor >= 0 && moveTo(v, v.layout.blocks[v.layout.blockOf[v.sel.cursor]].last, c.extend),
  note: (v) => {
    const s = innermostSpan(spansOf(v), v.sel.cursor);
    s ? showNote(v, s) : say(v, S(v, "no_span_here"), "error");
  },
  repeat: (v) => (v.lastLabel ? applyLabel(v, v.lastLabel) : say(v, S(v, "no_last_label"), "error")),
  delete: (v) => {
    const s = innermostSpan(spansOf(v), v.sel.cursor);
    if (!s) return say(v, S(v, "no_span_here"), "error");
    v.model.send({ type: "delete", start: s.start, end: s.end, label: s.label });
  },
  clear: (v) => {
    v.sel = { cursor: v.sel.cursor, anchor: v.sel.cursor };
    drawSelection(v, false);
  },
  label: (v, c) => applyLabel(v, c.id),
};

function tokenIndex(v, target) {
  const tok = target && target.closest ? target.closest(".iq-tok") : null;
  return tok && v.text.contains(tok) ? Number(tok.dataset.i) : -1;
}

function onKeyDown(v, ev) {
  if (ev.target && ev.target.closest && ev.target.closest(".iq-note")) return;
  ev.stopPropagation();
  const mods = { shift: ev.shiftKey, ctrl: ev.ctrlKey || ev.metaKey, alt: ev.altKey };
  const command = keyCommand(ev.key, mods, labelList(v));
  if (!command) return;
  ev.preventDefault();
  COMMANDS[command.type](v, command);
}

function onMouseDown(v, ev) {
  const i = ev.button === 0 ? tokenIndex(v, ev.target) : -1;
  if (i < 0) return;
  ev.preventDefault();
  v.dragging = true;
  moveTo(v, i, ev.shiftKey && v.sel.cursor >= 0);
}

function onMouseOver(v, ev) {
  if (!v.dragging) return;
  if ((ev.buttons & 1) === 0) {
    v.dragging = false; // the button was released outside the window
    return;
  }
  const i = tokenIndex(v, ev.target);
  if (i >= 0 && i !== v.sel.cursor) moveTo(v, i, true);
}

function onFocusIn(v, ev) {
  const i = tokenIndex(v, ev.target);
  if (i >= 0 && v.sel.cursor < 0) {
    v.sel = { cursor: i, anchor: i };
    drawSelection(v, false);
  }
}

// ---------- wiring ----------

function render({ model, el }) {
  const v = createView(model, el);
  const send = (type) => () => model.send({ type });
  // back in this tab or window: take in what another tab or kernel saved meanwhile
  const onVisible = () => document.visibilityState === "visible" && model.send({ type: "sync" });
  const onMouseUp = () => (v.dragging = false);
  const events = [
    [v.text, "mousedown", (ev) => onMouseDown(v, ev)], [v.text, "mouseover", (ev) => onMouseOver(v, ev)],
    [v.text, "keydown", (ev) => onKeyDown(v, ev)], [v.text, "focusin", (ev) => onFocusIn(v, ev)],
    [window, "mouseup", onMouseUp], [document, "visibilitychange", onVisible],
    [v.undoBtn, "click", send("undo")], [v.redoBtn, "click", send("redo")],
  ];
  for (const [target, name, fn] of events) target.addEventListener(name, fn);
  const draw = (fn) => () => fn(v);
  const stop = listen(model, [
    ["change:tokens", () => { buildTokens(v); drawSpans(v); }],
    ["change:spans", draw(drawSpans)],
    ["change:labels", draw(drawChrome)],
    ["change:strings", draw(drawChrome)],
    ["change:mode", draw(drawChrome)],
    ["change:progress", draw(drawProgress)],
    ["change:ask_note", draw(askNote)],
    ["change:status", draw(drawStatus)],
    ["change:status_kind", draw(drawStatus)],
    ["change:status_seq", draw(drawStatus)], // the same message again (a second undo) is shown again
    ["change:save_note", draw(drawSave)],
    ["change:saved", draw(drawSave)],
    ["change:can_undo", draw(drawHistory)],
    ["change:can_redo", draw(drawHistory)],
  ]);
  buildTokens(v);
  for (const fn of [drawChrome, drawHistory, drawStatus, drawSave]) fn(v);
  return () => {
    for (const [target, name, fn] of events) target.removeEventListener(name, fn);
    stop();
  };
}

export default { render };
