"""A class on a real JupyterHub: two students and a teacher, through the hub, in Chromium.

Each student follows the nbgitpuller link a teacher would share (it logs them
in, starts their server and pulls the lessons from a bare git repository),
runs lesson 00 and sets a name, runs lesson 06 and tags a span, and presses the
hand-in button at the end of the lesson. The teacher logs in, runs the class
dashboard pointed at the course (it collects first), and sees both students.

It passes when both students appear under their hub names (with the names they
typed beside them; a typed classmate's login is refused), every span they
tagged reaches the merged class file, and collect reports nothing missing,
conflicting, damaged or late.
"""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path

from playwright.sync_api import expect

from inquadra import lesson

from hubkit import COURSE
from servers import NOTEBOOK_READY as _READY, RUN_ALL as _RUN_ALL, wait_for  # noqa: E402

PANEL = ".jp-NotebookPanel:visible"
RUN_TIMEOUT_MS = 180_000
STUDENTS = {"student-a": ("Naming_Choice", "operazione militare speciale"),
            "student-b": ("Loaded_Language", "sanzioni illegali")}
DISPLAY = {"student-a": "Anna R.", "student-b": "Bruno T."}

_ERRORS = """() => {
  const model = window.jupyterapp.shell.currentWidget.content.model;
  const errors = [];
  for (let i = 0; i < model.cells.length; i++) {
    const cell = model.cells.get(i);
    if (cell.type !== "code") continue;
    for (const o of cell.outputs.toJSON()) {
      if (o.output_type === "error") errors.push(`cell ${i}: ${o.ename}: ${o.evalue}`);
    }
  }
  return errors;
}"""


def _pull_link(hub, notebook: str) -> str:
    query = urllib.parse.urlencode({
        "repo": hub["repo"], "branch": "main", "targetpath": "lessons",
        "urlpath": f"lab/tree/lessons/{notebook}?reset",
    })
    return f"{hub['url']}/hub/user-redirect/git-pull?{query}"


def _login(page, hub, user: str, notebook: str) -> None:
    page.goto(_pull_link(hub, notebook))
    page.locator("#username_input").fill(user)
    page.locator("#password_input").fill("any")
    page.locator("#login_submit").click()
    page.wait_for_url(f"**/user/{user}/lab/**", timeout=120_000)


def _run(page, rel: str) -> None:
    page.wait_for_function(_READY, arg=rel, timeout=90_000)
    page.evaluate(_RUN_ALL)
    page.wait_for_function("() => window.__iqRun && window.__iqRun.done", timeout=RUN_TIMEOUT_MS)
    page.wait_for_function(_READY, arg=rel, timeout=60_000)
    assert page.evaluate(_ERRORS) == [], f"{rel} has error outputs"


def _open(page, hub, user: str, rel: str) -> None:
    page.goto(f"{hub['url']}/user/{user}/lab/tree/{rel}?reset")
    _run(page, rel)


def _tokens(needle: str) -> tuple[int, int, int, int]:
    from inquadra import article

    seed = article.load()
    start, end = seed.find(needle)
    first = next(i for i, (s, _e) in enumerate(seed.tokens) if s == start)
    last = next(i for i, (_s, e) in enumerate(seed.tokens) if e == end)
    return start, end, first, last


def _student(page, hub, user: str) -> None:
    work_folder = hub["home"] / user / "inquadra-work"
    first, tagging = lesson.lesson("00").notebook("en"), lesson.lesson("06").notebook("en")
    rel = f"lessons/{first}"
    _login(page, hub, user, first)
    _run(page, rel)
    box = page.locator(f"{PANEL} .iq-student")
    if user == "student-b":  # a prank first: the classmate's login is refused
        box.locator("input[type=text]").fill("Student-A")
        box.locator("button").click()
        expect(box.locator("[role=status]")).to_contain_text("login of another user",
                                                             timeout=20_000)
    box.locator("input[type=text]").fill(DISPLAY[user])
    box.locator("button").click()
    expect(box.locator("[role=status]")).to_contain_text(
        f"Your work is saved as {user} (shown as {DISPLAY[user]})", timeout=20_000)
    name = wait_for(lambda: (work_folder / "student.json").exists()
                     and json.loads((work_folder / "student.json").read_text("utf-8")), 20,
                     "the saved name")
    assert name["student"] == DISPLAY[user]

    rel = f"lessons/{tagging}"
    _open(page, hub, user, rel)
    label, needle = STUDENTS[user]
    _start, _end, first, last = _tokens(needle)
    tagger = page.locator(f"{PANEL} .iq-tagger").first  # the seed article's tagger (lesson 06 has two)
    tagger.locator(f'.iq-tok[data-i="{first}"]').click()
    tagger.locator(f'.iq-tok[data-i="{last}"]').click(modifiers=["Shift"])
    tagger.locator(f'.iq-label-btn[data-label="{label}"]').click()
    expect(tagger.locator(".iq-chip")).to_have_count(1, timeout=20_000)
    wait_for(lambda: list(work_folder.glob("*.lesson06.jsonl")), 20, "the saved tagging")

    hand_in = page.locator(f"{PANEL} .iq-hand-in")
    hand_in.locator("button").click()
    expect(hand_in.locator("[role=status]")).to_contain_text(
        f"as {user} for course {COURSE}", timeout=20_000)


_COURSE_LINE = (
    "from inquadra import collection\n"
    "collected = collection.collect(output='collected', force=True)\n"
    "print(collected.text())\n"
    "cls = classroom.load_class(collected.class_file)"
)


def _dashboard_sources() -> dict[int, str]:
    """The dashboard's code cells a teacher edits for a real class: the first points at the
    course instead of the sample class; a pair of sample names becomes two of the class."""
    import re

    from hubkit import REPO

    nb = json.loads((REPO / lesson.lesson("dashboard").notebook("en")).read_text("utf-8"))
    edits = {}
    for i, cell in enumerate(nb["cells"]):
        source = "".join(cell["source"])
        if cell["cell_type"] != "code" or "edition-language" in cell["metadata"].get("tags", []):
            continue
        if not edits:
            lines = source.splitlines()
            at = next(n for n, line in enumerate(lines)
                      if line.startswith("cls = classroom.load_class("))
            edits[i] = "\n".join([*lines[:at], _COURSE_LINE, *lines[at + 1:]])
        elif "pair_table(" in source:
            edits[i] = re.sub(r"pair_table\(cls,[^)]*\)", "pair_table(cls, *cls.annotators[:2])",
                              source)
    return edits


def _teacher(page, hub) -> Path:
    rel = f"lessons/{lesson.lesson('dashboard').notebook('en')}"
    _login(page, hub, "teacher", lesson.lesson("dashboard").notebook("en"))
    page.wait_for_function(_READY, arg=rel, timeout=90_000)
    page.evaluate("""(edits) => {
      const model = window.jupyterapp.shell.currentWidget.content.model;
      for (const [i, source] of Object.entries(edits)) {
        model.cells.get(Number(i)).sharedModel.setSource(source);
      }
    }""", {str(i): src for i, src in _dashboard_sources().items()})
    _run(page, rel)
    shown = page.evaluate("""() => {
      const model = window.jupyterapp.shell.currentWidget.content.model;
      for (let i = 0; i < model.cells.length; i++) {
        const cell = model.cells.get(i);
        if (cell.type === "code" && cell.sharedModel.getSource().includes("participation(")) {
          return JSON.stringify(cell.outputs.toJSON());
        }
      }
      return "";
    }""")
    for user in STUDENTS:
        assert user in shown, f"the dashboard's participation table does not show {user}"
    expect(page.locator(PANEL)).to_contain_text("student-b", timeout=20_000)
    dashboard = Path(lesson.lesson("dashboard").notebook("en"))
    return hub["home"] / "teacher" / "lessons" / dashboard.parent / "collected"


def test_two_students_hand_in_and_the_teacher_collects(hub, browser):
    for user in STUDENTS:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.set_default_timeout(30_000)
        try:
            _student(context.new_page(), hub, user)
        finally:
            context.close()
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(30_000)
    try:
        collected = _teacher(context.new_page(), hub)
    finally:
        context.close()

    from inquadra.annotations import records

    merged = {r.annotator: r for r in records.read_records(collected / "class.jsonl")}
    assert sorted(merged) == sorted(STUDENTS)
    for user, (label, needle) in STUDENTS.items():
        start, end, _first, _last = _tokens(needle)
        assert [(s.start, s.end, s.label) for s in merged[user].spans] == [(start, end, label)]
    report = (collected / "collect-report.txt").read_text(encoding="utf-8")
    for user, shown in DISPLAY.items():
        assert f"{shown} ({user}): " in report, report
    for kind in ("Missing", "Conflict", "Damaged", "Late"):
        assert f"{kind}: 0" in report, report
