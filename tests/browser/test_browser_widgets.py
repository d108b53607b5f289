"""The widgets in a real JupyterLab and Chromium: tag by mouse and keyboard, undo,
save, restart the kernel and see the work restored; sort statements and check."""

from __future__ import annotations

import json

import psutil
from playwright.sync_api import expect
from servers import NOTEBOOK_READY as _NOTEBOOK_READY  # noqa: E402

NOTEBOOK = "widgets_demo.ipynb"
ACTIVITY = "browser-demo"
PANEL = ".jp-NotebookPanel:visible"
TAGGER = f"{PANEL} .iq-tagger"
SORTER = f"{PANEL} .iq-sorter"


def _open_notebook(page, lab) -> None:
    page.goto(f"{lab['url']}/lab/tree/{NOTEBOOK}?token={lab['token']}&reset")
    page.wait_for_function(_NOTEBOOK_READY, arg=NOTEBOOK, timeout=60_000)


def _run_all(page) -> None:
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.locator(f"{TAGGER} .iq-tok").nth(800).wait_for(timeout=60_000)
    page.wait_for_selector(f"{SORTER} li.iq-stmt", timeout=30_000)


def _restart_kernel(page) -> None:
    page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.restart()")
    page.wait_for_function(_NOTEBOOK_READY, arg=NOTEBOOK, timeout=60_000)


def _chips(page) -> list[str]:
    return page.locator(f"{TAGGER} .iq-chip").all_text_contents()


def _saved_spans(lab) -> list[dict]:
    from inquadra.annotations import work

    files = list(lab["work"].glob(f"{work.safe_name(lab['student'])}.*.{work.safe_name(ACTIVITY)}.jsonl"))
    assert len(files) == 1, f"expected one saved tagging file, found {files}"
    return json.loads(files[0].read_text(encoding="utf-8"))["spans"]


def _wait_chips(page, n: int) -> None:
    expect(page.locator(f"{TAGGER} .iq-chip")).to_have_count(n, timeout=15_000)


def _kernel_rss_mb(lab) -> float:
    server = psutil.Process(lab["proc"].pid)
    kernels = [p for p in server.children(recursive=True)
               if any("ipykernel" in part for part in p.cmdline())]
    assert kernels, "no kernel process found under the server"
    return max(p.memory_info().rss for p in kernels) / 2**20


def test_tag_undo_save_restore_and_sort(page, lab, output_dir):
    _open_notebook(page, lab)
    _run_all(page)
    cells_before = page.locator(f"{PANEL} .jp-Cell").count()
    tok = lambda i: page.locator(f'{TAGGER} .iq-tok[data-i="{i}"]')

    # 1. mouse: click a token, shift-click another, click a label button
    tok(2).click()
    tok(4).click(modifiers=["Shift"])
    page.locator(f'{TAGGER} .iq-label-btn[data-label="Naming_Choice"]').click()
    _wait_chips(page, 1)

    # 2. mouse: drag over three tokens, then the label button
    tok(20).hover()
    page.mouse.down()
    tok(21).hover()
    tok(22).hover()
    page.mouse.up()
    page.locator(f'{TAGGER} .iq-label-btn[data-label="Loaded_Language"]').click()
    _wait_chips(page, 2)

    # 3. keyboard only: into the next paragraph, extend with shift+arrows, letter key
    tok(22).focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("a")
    _wait_chips(page, 3)
    assert sorted(_chips(page)) == ["LOAD", "NAME", "SRC"]
    page.screenshot(path=str(output_dir / "tagger_three_spans.png"), full_page=False)

    # 4. undo the keyboard span with Ctrl+Z
    page.keyboard.press("Control+z")
    _wait_chips(page, 2)
    assert sorted(_chips(page)) == ["LOAD", "NAME"]
    assert page.locator(f"{PANEL} .jp-Cell").count() == cells_before, "a key reached JupyterLab"

    # highlights: bars carry the label, tokens name it in words
    bars = page.locator(f'{TAGGER} .iq-tok[data-i="3"] .iq-bar')
    assert bars.count() == 1 and bars.first.get_attribute("data-label") == "Naming_Choice"
    assert tok(21).get_attribute("aria-label").endswith("(LOAD)")
    assert "NAME 1" in page.locator(f"{TAGGER} .iq-progress").text_content()
    spans = _saved_spans(lab)
    assert [(s["token_start"], s["token_end"], s["label"]) for s in spans] == [
        (2, 5, "Naming_Choice"), (20, 23, "Loaded_Language")]
    rss = _kernel_rss_mb(lab)
    print(f"kernel RSS with the tagger and sorter displayed: {rss:.1f} MB")

    # 5. restart the kernel, run again: the highlights come back from the work folder
    _restart_kernel(page)
    _run_all(page)
    _wait_chips(page, 2)
    assert sorted(_chips(page)) == ["LOAD", "NAME"]
    page.screenshot(path=str(output_dir / "tagger_restored.png"), full_page=False)

    # 6. sorter: one statement by click, one by keyboard, then Check
    first = page.locator(f'{SORTER} li.iq-stmt[data-id="s1"]')
    first.locator('.iq-bucket[data-bucket="beijing"]').click()
    page.wait_for_selector(f'{SORTER} li[data-id="s1"] .iq-bucket[aria-pressed="true"]', timeout=10_000)
    page.locator(f'{SORTER} li.iq-stmt[data-id="s2"]').focus()
    page.keyboard.press("1")
    page.wait_for_selector(f'{SORTER} li[data-id="s2"] .iq-bucket[data-bucket="beijing"][aria-pressed="true"]',
                           timeout=10_000)
    page.locator(f"{SORTER} .iq-check").click()
    page.wait_for_selector(f"{SORTER} .iq-feedback", timeout=10_000)
    results = {
        sid: page.locator(f'{SORTER} li[data-id="{sid}"] .iq-feedback').get_attribute("data-result")
        for sid in ("s1", "s2")
    }
    assert results == {"s1": "right", "s2": "wrong"}
    assert "1 right, 1 wrong, 0 not sorted, of 2." in page.locator(f"{SORTER} .iq-score").text_content()
    page.locator(SORTER).screenshot(path=str(output_dir / "sorter_checked.png"))


def test_focus_stays_after_sorting_by_key_and_a_repeated_message_is_shown(page, lab):
    _open_notebook(page, lab)
    _run_all(page)
    # sorter: a number key places the statement and focus stays on it, so arrows go on
    page.locator(f'{SORTER} li.iq-stmt[data-id="s1"]').focus()
    page.keyboard.press("2")
    page.wait_for_selector(f'{SORTER} li[data-id="s1"] .iq-bucket[data-bucket="moscow"][aria-pressed="true"]',
                           timeout=10_000)
    focused = "() => document.activeElement && document.activeElement.dataset.id"
    assert page.evaluate(focused) == "s1", "focus was lost after placing a statement"
    page.keyboard.press("ArrowDown")
    assert page.evaluate(focused) == "s2"
    # tagger: the second 'nothing to undo' replaces the selection line again
    status = page.locator(f"{TAGGER} .iq-status")
    page.locator(f'{TAGGER} .iq-tok[data-i="5"]').click()
    page.keyboard.press("Control+z")
    expect(status).to_contain_text("undo", timeout=10_000)
    said = status.text_content()
    page.keyboard.press("ArrowRight")
    expect(status).not_to_have_text(said)
    page.keyboard.press("Control+z")
    expect(status).to_have_text(said, timeout=10_000)


CHOICE = f"{PANEL} .iq-choice"


def test_arrow_keys_answer_a_choice_and_a_saved_notebook_shows_a_readable_line(page, lab):
    _open_notebook(page, lab)
    _run_all(page)
    cells_before = page.locator(f"{PANEL} .jp-Cell").count()
    radios = page.locator(f"{CHOICE} input[type=radio]")
    radios.first.click()
    feedback = page.locator(f"{CHOICE} [role=status]")
    expect(feedback).to_contain_text("The official Russian term.", timeout=10_000)
    page.keyboard.press("ArrowDown")
    expect(feedback).to_contain_text("How most Western media name it.", timeout=10_000)
    assert radios.nth(1).is_checked() and page.evaluate("() => document.activeElement.value") == "1"
    page.keyboard.press("ArrowUp")
    expect(feedback).to_contain_text("The official Russian term.", timeout=10_000)
    assert page.locator(f"{PANEL} .jp-Cell").count() == cells_before, "an arrow key reached JupyterLab"
    path = next(lab["work"].glob("*.browser-demo-choice.jsonl"))
    record = json.loads(path.read_text(encoding="utf-8"))
    assert record["choice"] == 0 and [h["answer"] for h in record["history"]] == [0, 1, 0]

    # saved with its outputs: where no widget manager draws them (the reading edition, a
    # viewer, a notebook opened without the kernel's widgets), the line shown is readable
    page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
    saved_nb = lab["root"] / NOTEBOOK
    plain = _wait_for_widget_outputs(saved_nb, 3)
    assert plain == ["Run this cell to show the activity."] * 3


def _wait_for_widget_outputs(path, n: int, timeout: float = 20) -> list[str]:
    import time

    deadline = time.monotonic() + timeout
    found: list[str] = []
    while time.monotonic() < deadline:
        try:
            nb = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            nb = {"cells": []}
        found = ["".join(o["data"]["text/plain"]) for c in nb["cells"] for o in c.get("outputs", [])
                 if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
        if len(found) >= n:
            return found
        time.sleep(0.3)
    return found
