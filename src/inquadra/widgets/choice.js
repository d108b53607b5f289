// The view of inquadra's Choice: a radio group. Python owns the answer and the
// feedback; this module draws them and sends {type: "pick", index}. Arrow keys
// move to the next or previous answer and choose it (the radio-group pattern).
// h(), widgetRoot() and listen() come from dom.js, prepended in Python.

// Which option an arrow key leads to from `index` among `count` options (wrapping), or null.
function arrowTarget(key, index, count) {
  if (!count) return null;
  const from = index < 0 ? -1 : index;
  if (key === "ArrowDown" || key === "ArrowRight") return (from + 1) % count;
  if (key === "ArrowUp" || key === "ArrowLeft") return from < 0 ? count - 1 : (from - 1 + count) % count;
  if (key === "Home") return 0;
  if (key === "End") return count - 1;
  return null;
}

function render({ model, el }) {
  const root = widgetRoot(el, "iq-choice");
  const question = h("div", "iq-question");
  const group = h("div", "iq-options");
  group.setAttribute("role", "radiogroup");
  const feedback = h("div", "iq-feedback");
  feedback.setAttribute("role", "status");
  feedback.setAttribute("aria-live", "polite");
  const saveLine = h("div", "iq-save-note");
  root.append(question, group, feedback, saveLine);
  const name = `iq-choice-${Math.random().toString(36).slice(2)}`;
  let inputs = [];

  const pick = (i) => model.send({ type: "pick", index: i });

  function drawOptions() {
    question.textContent = model.get("question_text");
    group.setAttribute("aria-label", (model.get("strings") || {}).region || "");
    group.replaceChildren();
    inputs = (model.get("options_text") || []).map((text, i) => {
      const label = h("label", "iq-option");
      const input = h("input");
      input.type = "radio";
      input.name = name;
      input.value = String(i);
      input.addEventListener("change", () => input.checked && pick(i));
      input.addEventListener("keydown", (ev) => {
        const target = arrowTarget(ev.key, model.get("index"), inputs.length);
        if (target === null || ev.ctrlKey || ev.metaKey || ev.altKey) return;
        ev.preventDefault();
        ev.stopPropagation();
        inputs[target].focus();
        inputs[target].checked = true;
        pick(target);
      });
      label.append(input, h("span", "iq-option-text", `${i + 1}. ${text}`));
      group.append(label);
      return input;
    });
    drawAnswer();
  }

  function drawAnswer() {
    const index = model.get("index");
    inputs.forEach((input, i) => {
      input.checked = i === index;
      input.tabIndex = i === index || (index < 0 && i === 0) ? 0 : -1;
    });
    const fb = model.get("feedback") || {};
    feedback.replaceChildren();
    feedback.dataset.result = fb.right === undefined ? "" : fb.right ? "right" : "wrong";
    if (fb.reason) {
      const hidden = h("span", "iq-sr-only", fb.verdict);
      feedback.append(hidden, document.createTextNode(`${fb.right ? "✔" : "✘"} ${fb.reason}`));
    } else {
      feedback.append(h("i", "", model.get("prompt")));
    }
    saveLine.textContent = model.get("save_note");
  }

  const stop = listen(model, [
    ["change:options_text", drawOptions], ["change:question_text", drawOptions], ["change:strings", drawOptions],
    ["change:index", drawAnswer], ["change:feedback", drawAnswer], ["change:prompt", drawAnswer],
    ["change:save_note", drawAnswer],
  ]);
  drawOptions();
  return stop;
}

export default { render };
