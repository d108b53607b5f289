"""The sorter's checking flow in a real JupyterLab and Chromium.

The first Check marks each placement right or wrong without naming the right
group; the student moves a statement and checks again; only then does "Show
answers" appear, and it reveals the right groups with their reasons.
"""

from __future__ import annotations

import json

from playwright.sync_api import expect
from servers import NOTEBOOK_READY as _NOTEBOOK_READY  # noqa: E402

NOTEBOOK = "widgets_demo.ipynb"
ACTIVITY = "browser-demo-sorter"
PANEL = ".jp-NotebookPanel:visible"
SORTER = f"{PANEL} .iq-sorter"


def _place(page, sid: str, bucket: str) -> None:
    page.locator(f'{SORTER} li.iq-stmt[data-id="{sid}"] .iq-bucket[data-bucket="{bucket}"]').click()
    page.wait_for_selector(
        f'{SORTER} li[data-id="{sid}"] .iq-bucket[data-bucket="{bucket}"][aria-pressed="true"]',
        timeout=10_000)


def _feedback(page, sid: str):
    return page.locator(f'{SORTER} li[data-id="{sid}"] .iq-feedback')


def _saved(lab) -> dict:
    from inquadra.annotations import work

    files = list(lab["work"].glob(f"{work.safe_name(lab['student'])}.*.{work.safe_name(ACTIVITY)}.jsonl"))
    assert len(files) == 1, f"expected one saved sorter file, found {files}"
    return json.loads(files[0].read_text(encoding="utf-8"))


def test_check_marks_then_second_try_then_show_answers(page, lab, output_dir):
    page.goto(f"{lab['url']}/lab/tree/{NOTEBOOK}?token={lab['token']}&reset")
    page.wait_for_function(_NOTEBOOK_READY, arg=NOTEBOOK, timeout=60_000)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_selector(f"{SORTER} li.iq-stmt", timeout=60_000)
    page.locator(f"{SORTER} .iq-reset").click()  # start from nothing, whatever an earlier test left
    expect(page.locator(f"{SORTER} .iq-bucket[aria-pressed=true]")).to_have_count(0, timeout=10_000)
    show = page.locator(f"{SORTER} .iq-show")

    # first try: s1 in the wrong group, s2 in the right one
    _place(page, "s1", "moscow")
    _place(page, "s2", "moscow")
    page.locator(f"{SORTER} .iq-check").click()
    expect(_feedback(page, "s1")).to_have_attribute("data-result", "wrong", timeout=10_000)
    expect(_feedback(page, "s2")).to_have_attribute("data-result", "right")
    wrong = _feedback(page, "s1").text_content()
    assert "Beijing" not in wrong and "Only the Chinese readout" not in wrong, wrong
    assert "The Kremlin's readout puts it first." in _feedback(page, "s2").text_content()
    expect(show).to_be_hidden()
    assert "1 right, 1 wrong" in page.locator(f"{SORTER} .iq-score").text_content()
    page.locator(SORTER).screenshot(path=str(output_dir / "sorter_first_check.png"))

    # second try: move s1 and check again; now the answers can be shown
    _place(page, "s1", "beijing")
    page.locator(f"{SORTER} .iq-check").click()
    expect(show).to_be_visible(timeout=10_000)
    expect(_feedback(page, "s1")).to_have_attribute("data-result", "right")
    show.click()
    expect(_feedback(page, "s1")).to_contain_text("Only the Chinese readout says so.", timeout=10_000)
    expect(show).to_be_hidden()
    page.locator(SORTER).screenshot(path=str(output_dir / "sorter_answers_shown.png"))

    # the history keeps the first try for the teacher: s1 was wrong at the first Check
    saved = _saved(lab)
    assert saved["checks"] == 2 and saved["revealed"] is True
    items = [(h["item"], h["answer"]) for h in saved["history"]]
    first_check = items.index(("check", next(a for i, a in items if i == "check")))
    before = [(i, a) for i, a in items[:first_check] if i == "s1"]
    assert before[-1] == ("s1", "moscow")
