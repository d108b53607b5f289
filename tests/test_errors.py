"""errors: the kit's one base error, and how a notebook shows it."""

from __future__ import annotations

import pytest

from inquadra import i18n
from inquadra.errors import InquadraError


class _Refused(InquadraError):
    """An error of a module of the kit."""


def test_a_keyed_error_is_worded_in_the_language_it_was_raised_in():
    i18n.set_language("it")
    try:
        err = _Refused.keyed("lexicon_copies.unknown_side", side="luna", sides="china, kremlin, other")
    finally:
        i18n.set_language("en")
    assert str(err) == "Parte 'luna' sconosciuta. Parti disponibili: china, kremlin, other."
    assert err.text("en") == "Unknown side 'luna'. Available sides: china, kremlin, other."


def test_a_notebook_shows_the_message_alone():
    err = _Refused.keyed("lexicon_copies.no_name")
    assert err._render_traceback_() == [f"_Refused: {err}"]


def test_ipython_shows_one_line_and_no_stack(capsys):
    shell_module = pytest.importorskip("IPython.core.interactiveshell")
    shell = shell_module.InteractiveShell.instance()
    try:
        shell.run_cell("from inquadra import lexicon_copies\n"
                       "lexicon_copies.actor_records('', 'group')")
        shown = capsys.readouterr().out
    finally:
        shell_module.InteractiveShell.clear_instance()
    assert shown.strip().splitlines() == [
        "LexiconCopyError: " + i18n.t("lexicon_copies.no_name", "en")]
    assert "Traceback" not in shown and "actor_records" not in shown
