// The view of inquadra's StatementSorter. Python owns the choices and the answers
// (sent only after Check); this module draws them and sends place/check/reset.
// Text is always set with textContent.

// h(), widgetRoot() and listen() come from dom.js, prepended in Python (widgets/view.py).

function render({ model, el }) {
  const root = widgetRoot(el, "iq-sorter");
  const title = h("div", "iq-title");
  const help = h("div", "iq-help");
  const list = h("ol", "iq-sorter-list");
  const actions = h("div", "iq-actions");
  const checkBtn = h("button", "iq-btn iq-check");
  const resetBtn = h("button", "iq-btn iq-reset");
  const showBtn = h("button", "iq-btn iq-show");
  checkBtn.type = resetBtn.type = showBtn.type = "button";
  actions.append(checkBtn, showBtn, resetBtn);
  const score = h("div", "iq-score");
  score.setAttribute("aria-live", "polite");
  const status = h("div", "iq-status");
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  const saveLine = h("div", "iq-save-note");
  root.append(title, help, list, actions, score, status, saveLine);

  let focusId = null;
  const S = (key) => (model.get("strings") || {})[key] || key;

  function place(id, bucket) {
    focusId = id;
    model.send({ type: "place", id, bucket });
  }

  function draw() {
    // re-drawing replaces the focused statement: note whether focus was here, to put it back
    const hadFocus = list.contains(document.activeElement);
    title.textContent = S("title");
    help.textContent = S("help");
    list.setAttribute("aria-label", S("region"));
    checkBtn.textContent = S("check");
    resetBtn.textContent = S("reset");
    showBtn.textContent = S("show");
    showBtn.hidden = !model.get("can_reveal");
    const buckets = model.get("buckets") || [];
    const placement = model.get("placement") || {};
    const results = new Map((model.get("results") || []).map((r) => [r.id, r]));
    const statements = model.get("statements") || [];
    list.replaceChildren();
    statements.forEach((s, n) => {
      const item = h("li", "iq-stmt");
      item.dataset.id = s.id;
      item.tabIndex = (focusId ? focusId === s.id : n === 0) ? 0 : -1;
      const chosen = buckets.find((b) => b.id === placement[s.id]);
      item.setAttribute("aria-label", `${s.text} — ${S("your_choice")}: ${chosen ? chosen.name : S("unsorted")}`);
      const textLine = h("div", "iq-stmt-text", s.text);
      const choice = h("span", "iq-stmt-choice", `${S("your_choice")}: ${chosen ? chosen.name : S("unsorted")}`);
      textLine.append(choice);
      const row = h("div", "iq-buckets");
      row.setAttribute("role", "group");
      for (const b of buckets) {
        const btn = h("button", "iq-btn iq-bucket");
        btn.type = "button";
        btn.tabIndex = -1;
        btn.dataset.bucket = b.id;
        btn.setAttribute("aria-pressed", placement[s.id] === b.id ? "true" : "false");
        btn.append(h("span", "iq-keycap", String(b.number)), document.createTextNode(` ${b.name}`));
        btn.addEventListener("click", () => place(s.id, placement[s.id] === b.id ? null : b.id));
        row.append(btn);
      }
      item.append(textLine, row);
      const r = results.get(s.id);
      if (r) {
        const fb = h("div", "iq-feedback");
        fb.dataset.result = r.result;
        fb.append(h("span", "iq-verdict", `${r.result === "right" ? "✔" : "✘"} ${r.verdict}. `));
        if (r.explanation) fb.append(h("span", "iq-explanation", r.explanation));
        if (r.source) fb.append(h("span", "iq-source", ` (${S("source")}: ${r.source})`));
        item.append(fb);
      }
      item.addEventListener("keydown", (ev) => onKey(ev, s.id, n));
      list.append(item);
    });
    score.textContent = model.get("score");
    status.textContent = model.get("status");
    saveLine.textContent = model.get("save_note");
    if (focusId) {
      const target = list.querySelector(`li[data-id="${CSS.escape(focusId)}"]`);
      if (target && hadFocus) target.focus();
    }
  }

  function onKey(ev, id, n) {
    ev.stopPropagation();
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const buckets = model.get("buckets") || [];
    const items = list.querySelectorAll("li.iq-stmt");
    const key = ev.key;
    let handled = true;
    if (key === "ArrowDown" || key === "ArrowUp") {
      const next = items[n + (key === "ArrowDown" ? 1 : -1)];
      if (next) {
        items.forEach((it) => (it.tabIndex = -1));
        next.tabIndex = 0;
        focusId = next.dataset.id;
        next.focus();
      }
    } else if (/^[1-9]$/.test(key) && buckets[Number(key) - 1]) {
      place(id, buckets[Number(key) - 1].id);
    } else if (key === "0" || key === "Backspace" || key === "Delete") {
      place(id, null);
    } else if (key.length === 1 && buckets.find((b) => b.key && b.key.toLowerCase() === key.toLowerCase())) {
      place(id, buckets.find((b) => b.key.toLowerCase() === key.toLowerCase()).id);
    } else handled = false;
    if (handled) ev.preventDefault();
  }

  checkBtn.addEventListener("click", () => model.send({ type: "check" }));
  resetBtn.addEventListener("click", () => model.send({ type: "reset" }));
  showBtn.addEventListener("click", () => model.send({ type: "reveal" }));
  const events = ["statements", "buckets", "placement", "results", "score", "strings", "status", "save_note",
    "can_reveal", "revealed"];
  const stop = listen(model, events.map((name) => [`change:${name}`, draw]));
  draw();
  return stop;
}

export default { render };
