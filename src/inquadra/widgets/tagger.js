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

// ---------- wiring ----------

function render({ model, el }) {
  const root = widgetRoot(el, "iq-tagger");
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
  let layout = { blocks: [], blockOf: [] };
  let sel = { cursor: -1, anchor: -1 };
  let dragging = false;
  let lastLabel = null;
  let openNote = null; // spanKey of the span whose note is open
  let shownSel = [0, -1];
  let shownCursor = -1;
  let drawn = new Map(); // spanKey -> {sig, chip, nodes}: what is drawn for each span
  let tagged = new Map(); // token index -> the label shorts it is marked with
  let pending = []; // bars drawn at once for a label just sent, until Python answers

  const S = (key) => (model.get("strings") || {})[key] || key;
  const labelList = () => model.get("labels") || [];
  const labelById = (id) => labelList().find((l) => l.id === id);
  const spans = () => model.get("spans") || [];

  function say(message, kind) {
    statusLine.textContent = message;
    statusLine.dataset.kind = kind || "info";
  }

  function buildTokens() {
    tokens = model.get("tokens") || [];
    layout = tokenBlocks(tokens);
    tokEls = new Array(tokens.length);
    wsEls = new Array(tokens.length).fill(null);
    const paras = [];
    for (const block of layout.blocks) {
      const para = h("div", "iq-para");
      para.dataset.block = block.id;
      para.setAttribute("role", "group");
      para.setAttribute("aria-label", block.id);
      if (block.id === "hl" || block.id.startsWith("sh")) para.classList.add("iq-heading");
      const body = h("span", "iq-body");
      para.append(h("span", "iq-pid", block.id), body);
      for (let i = block.first; i <= block.last; i++) {
        const [, , word, , gap] = tokens[i];
        const tok = h("span", "iq-tok");
        tok.setAttribute("role", "button");
        tok.tabIndex = -1;
        tok.dataset.i = String(i);
        tok.append(h("span", "iq-word", word));
        tokEls[i] = tok;
        body.append(tok);
        if (i < block.last && gap) {
          const ws = h("span", "iq-ws", gap.replace(/\s+/g, " "));
          ws.dataset.after = String(i);
          wsEls[i] = ws;
          body.append(ws);
        }
      }
      paras.push(para);
    }
    text.replaceChildren(...paras);
    if (tokEls.length) tokEls[0].tabIndex = 0;
    sel = { cursor: -1, anchor: -1 };
    shownSel = [0, -1];
    shownCursor = -1;
    drawn = new Map();
    tagged = new Map();
  }

  // Only what the last drawing touched is cleared, so a change costs the spans, not the text.
  function clearPending() {
    for (const node of pending) node.remove();
    pending = [];
  }

  // A label just sent is drawn at once as a pending (dashed) bar; the spans Python sends
  // back replace it, and a refusal (an error status) removes it.
  function drawPending(lo, hi, id) {
    const lab = labelById(id) || { colour: "#999999" };
    for (let i = lo; i <= hi; i++) {
      for (const target of i < hi ? [tokEls[i], wsEls[i]] : [tokEls[i]]) {
        if (!target) continue;
        const bar = h("span", "iq-bar iq-pending");
        bar.style.setProperty("--iq-colour", lab.colour);
        bar.style.setProperty("--iq-layer", "0");
        bar.dataset.label = id;
        target.append(bar);
        pending.push(bar);
      }
    }
  }

  // Spans are drawn keyed: a span whose drawing did not change keeps its nodes, so one
  // new tag costs one chip and its bars, not a redraw (and a re-layout) of every tag.
  function drawSpans() {
    clearPending();
    const d = spanDecorations(spans(), labelById);
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
      const old = drawn.get(key);
      if (old && old.sig === sig) {
        next.set(key, old);
        drawn.delete(key);
        continue;
      }
      next.set(key, { sig, chip: drawChip(c), nodes: (barsOf.get(key) || []).flatMap(drawBars) });
      moved.add(c.span.token_start);
    }
    for (const old of drawn.values()) {
      old.chip.remove();
      for (const node of old.nodes) node.remove();
    }
    drawn = next;
    // chips sharing a first token stay in order: outer (lower layer) first
    for (const c of d.chips) {
      if (!moved.has(c.span.token_start)) continue;
      const first = tokEls[c.span.token_start];
      if (first) first.parentNode.insertBefore(next.get(spanKey(c.span)).chip, first);
    }
    const labels = new Map([...d.labelsAt].map(([i, shorts]) => [i, shorts.join(", ")]));
    for (const [i, was] of tagged) {
      if (labels.get(i) === was) continue;
      const tok = tokEls[i];
      tok.classList.remove("iq-tagged");
      tok.removeAttribute("aria-label");
      tok.removeAttribute("title");
    }
    for (const [i, now] of labels) {
      if (tagged.get(i) === now) continue;
      const tok = tokEls[i];
      tok.classList.add("iq-tagged");
      tok.setAttribute("aria-label", `${tokens[i][2]} (${now})`);
      tok.title = now;
    }
    tagged = labels;
    root.style.setProperty("--iq-layers", String(d.layers));
    if (openNote && !spans().some((s) => spanKey(s) === openNote)) hideNote();
  }

  function drawChip(c) {
    const chip = h("button", "iq-chip", c.text);
    chip.type = "button";
    chip.tabIndex = -1;
    chip.style.setProperty("--iq-colour", c.lab.colour);
    chip.dataset.key = spanKey(c.span);
    chip.dataset.label = c.span.label;
    if (c.span.needs_note) chip.dataset.needsNote = "yes";
    chip.title = c.span.needs_note ? `${c.title} (${S("rationale.needed")})` : c.title;
    const key = spanKey(c.span);
    chip.addEventListener("click", (ev) => {
      ev.stopPropagation();
      const s = spans().find((x) => spanKey(x) === key);
      if (s) showNote(s);
    });
    return chip;
  }

  function drawBars(b) {
    const out = [];
    for (const target of b.gap ? [tokEls[b.token], wsEls[b.token]] : [tokEls[b.token]]) {
      if (!target) continue;
      const bar = h("span", "iq-bar");
      bar.style.setProperty("--iq-colour", b.lab.colour);
      bar.style.setProperty("--iq-layer", String(b.layer));
      bar.dataset.label = b.label;
      target.append(bar);
      out.push(bar);
    }
    return out;
  }

  function drawSelection(focus) {
    const [lo0, hi0] = shownSel;
    for (let i = lo0; i <= hi0; i++) {
      tokEls[i] && tokEls[i].classList.remove("iq-sel");
      wsEls[i] && wsEls[i].classList.remove("iq-sel");
    }
    if (shownCursor >= 0 && tokEls[shownCursor]) {
      tokEls[shownCursor].classList.remove("iq-cur");
      tokEls[shownCursor].tabIndex = -1;
    }
    const r = selectionRange(sel.cursor, sel.anchor);
    if (!r) {
      shownSel = [0, -1];
      shownCursor = -1;
      if (tokEls.length) tokEls[0].tabIndex = 0;
      return;
    }
    if (tokEls.length) tokEls[0].tabIndex = -1;
    const [lo, hi] = r;
    for (let i = lo; i <= hi; i++) {
      tokEls[i].classList.add("iq-sel");
      if (i < hi && wsEls[i]) wsEls[i].classList.add("iq-sel");
    }
    shownSel = [lo, hi];
    shownCursor = sel.cursor;
    const cur = tokEls[sel.cursor];
    cur.classList.add("iq-cur");
    cur.tabIndex = 0;
    if (focus && document.activeElement !== cur) cur.focus();
  }

  function moveTo(i, extend) {
    if (!tokEls.length || i < 0) return;
    sel = moveSelection(sel, i, extend, tokEls.length);
    drawSelection(true);
    const [lo, hi] = selectionRange(sel.cursor, sel.anchor);
    const words = tokens.slice(lo, hi + 1).map((t) => t[2]).join(" ");
    say(`${S("selected")}: ${shorten(words, 80)}`);
  }

  function applyLabel(id) {
    const r = selectionRange(sel.cursor, sel.anchor);
    if (!r) return say(S("no_selection"), "error");
    lastLabel = id;
    model.send({ type: "add", token_start: r[0], token_end: r[1] + 1, label: id });
    drawPending(r[0], r[1], id);
    sel = { cursor: sel.cursor, anchor: sel.cursor };
    drawSelection(true);
  }

  function deleteAtCursor() {
    const s = innermostSpan(spans(), sel.cursor);
    if (!s) return say(S("no_span_here"), "error");
    model.send({ type: "delete", start: s.start, end: s.end, label: s.label });
  }

  function showNote(s) {
    const lab = labelById(s.label) || { short: s.label, name: s.label };
    openNote = spanKey(s);
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
    const send = (type, extra) => {
      model.send({ type, start: s.start, end: s.end, label: s.label, ...extra });
      hideNote(true);
    };
    save.addEventListener("click", () => send("note", { note: input.value }));
    remove.addEventListener("click", () => send("delete", {}));
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
    noteBox.replaceChildren(head, input, save, remove, close);
    noteBox.hidden = false;
    input.focus();
  }

  function hideNote(refocus) {
    openNote = null;
    noteBox.hidden = true;
    noteBox.replaceChildren();
    if (refocus && sel.cursor >= 0) tokEls[sel.cursor].focus();
  }

  function askNote() {
    const key = model.get("ask_note");
    const s = key && spans().find((x) => spanKey(x) === key);
    if (s) showNote(s);
  }

  function drawChrome() {
    title.textContent = S(model.get("mode") === "reference" ? "rationale.title" : "title");
    text.setAttribute("aria-label", S("region"));
    labelBar.setAttribute("aria-label", S("labels"));
    undoBtn.textContent = `↶ ${S("undo")}`;
    redoBtn.textContent = `↷ ${S("redo")}`;
    labelBar.replaceChildren(...labelList().map((lab) => {
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
        if (ev.button === 0) applyLabel(lab.id); // act on the press, not on the release
      });
      b.addEventListener("click", (ev) => ev.detail === 0 && applyLabel(lab.id)); // Enter or Space
      return b;
    }));
    const list = h("ul");
    for (const k of ["key.select", "key.arrows", "key.shift", "key.label", "key.enter",
      "key.delete", "key.note", "key.undo"]) list.append(h("li", "", S(k)));
    legend.replaceChildren(h("summary", "", S("keys")), list);
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
    if (model.get("status_kind") === "error") clearPending();
    say(model.get("status"), model.get("status_kind"));
  }

  function drawSave() {
    saveLine.textContent = model.get("save_note");
    saveLine.dataset.saved = model.get("saved") ? "yes" : "no";
  }

  // ---------- events ----------
  function tokenIndex(target) {
    const tok = target && target.closest ? target.closest(".iq-tok") : null;
    return tok && text.contains(tok) ? Number(tok.dataset.i) : -1;
  }

  function onMouseDown(ev) {
    if (ev.button !== 0) return;
    const i = tokenIndex(ev.target);
    if (i < 0) return;
    ev.preventDefault();
    dragging = true;
    moveTo(i, ev.shiftKey && sel.cursor >= 0);
  }

  function onMouseOver(ev) {
    if (!dragging) return;
    if ((ev.buttons & 1) === 0) {
      dragging = false; // the button was released outside the window
      return;
    }
    const i = tokenIndex(ev.target);
    if (i >= 0 && i !== sel.cursor) moveTo(i, true);
  }

  const onMouseUp = () => {
    dragging = false;
  };

  const commands = {
    undo: () => model.send({ type: "undo" }),
    redo: () => model.send({ type: "redo" }),
    move: (c) => moveTo(sel.cursor < 0 ? 0 : sel.cursor + c.by, c.extend),
    block: (c) => moveTo(blockTarget(sel.cursor, layout.blockOf, layout.blocks, c.by), c.extend),
    home: (c) => sel.cursor >= 0 && moveTo(layout.blocks[layout.blockOf[sel.cursor]].first, c.extend),
    end: (c) => sel.cursor >= 0 && moveTo(layout.blocks[layout.blockOf[sel.cursor]].last, c.extend),
    note: () => {
      const s = innermostSpan(spans(), sel.cursor);
      s ? showNote(s) : say(S("no_span_here"), "error");
    },
    repeat: () => (lastLabel ? applyLabel(lastLabel) : say(S("no_last_label"), "error")),
    delete: deleteAtCursor,
    clear: () => {
      sel = { cursor: sel.cursor, anchor: sel.cursor };
      drawSelection(false);
    },
    label: (c) => applyLabel(c.id),
  };

  function onKeyDown(ev) {
    if (ev.target && ev.target.closest && ev.target.closest(".iq-note")) return;
    ev.stopPropagation();
    const mods = { shift: ev.shiftKey, ctrl: ev.ctrlKey || ev.metaKey, alt: ev.altKey };
    const command = keyCommand(ev.key, mods, labelList());
    if (!command) return;
    ev.preventDefault();
    commands[command.type](command);
  }

  function onFocusIn(ev) {
    const i = tokenIndex(ev.target);
    if (i >= 0 && sel.cursor < 0) {
      sel = { cursor: i, anchor: i };
      drawSelection(false);
    }
  }

  // back in this tab or window: take in what another tab or kernel saved meanwhile
  const onVisible = () => document.visibilityState === "visible" && model.send({ type: "sync" });

  text.addEventListener("mousedown", onMouseDown);
  text.addEventListener("mouseover", onMouseOver);
  text.addEventListener("keydown", onKeyDown);
  text.addEventListener("focusin", onFocusIn);
  window.addEventListener("mouseup", onMouseUp);
  document.addEventListener("visibilitychange", onVisible);
  undoBtn.addEventListener("click", () => model.send({ type: "undo" }));
  redoBtn.addEventListener("click", () => model.send({ type: "redo" }));

  const stop = listen(model, [
    ["change:tokens", () => { buildTokens(); drawSpans(); }],
    ["change:spans", drawSpans],
    ["change:labels", drawChrome],
    ["change:strings", drawChrome],
    ["change:mode", drawChrome],
    ["change:progress", drawProgress],
    ["change:ask_note", askNote],
    ["change:status", drawStatus],
    ["change:status_kind", drawStatus],
    ["change:status_seq", drawStatus], // the same message again (e.g. a second undo) is shown again
    ["change:save_note", drawSave],
    ["change:saved", drawSave],
    ["change:can_undo", drawHistory],
    ["change:can_redo", drawHistory],
  ]);

  buildTokens();
  drawChrome();
  drawHistory();
  drawStatus();
  drawSave();

  return () => {
    window.removeEventListener("mouseup", onMouseUp);
    document.removeEventListener("visibilitychange", onVisible);
    stop();
  };
}

export default { render };
