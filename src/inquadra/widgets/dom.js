// Shared by every inquadra widget view (built into each widget's ES module in Python:
// see inquadra/widgets/view.py). Text is always set with textContent, never parsed as HTML.

function h(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

// The root element of a widget: keys pressed inside it never reach JupyterLab's shortcuts.
function widgetRoot(el, cls) {
  const root = h("div", cls);
  root.setAttribute("data-lm-suppress-shortcuts", "true");
  el.appendChild(root);
  return root;
}

// Listen to model events; returns the function that stops listening (for render's cleanup).
function listen(model, handlers) {
  for (const [event, fn] of handlers) model.on(event, fn);
  return () => {
    for (const [event, fn] of handlers) model.off(event, fn);
  };
}
