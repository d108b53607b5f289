import gc
import json
import os

import pytest

from inquadra import i18n


@pytest.fixture(autouse=True)
def _english_again():
    yield
    i18n.set_language("en")


def test_messages_exist_in_both_languages():
    assert i18n.t("common.check", "en") == "Check"
    assert i18n.t("common.check", "it") == "Verifica"


def test_set_language_switches_the_default():
    i18n.set_language("it")
    assert i18n.get_language() == "it" and i18n.t("common.saved") == "Salvato"


def test_an_unknown_language_says_which_ones_exist():
    with pytest.raises(i18n.I18nError, match="'en' .* 'it'"):
        i18n.set_language("fr")


def test_an_unknown_key_names_the_strings_files():
    with pytest.raises(i18n.I18nError, match="strings"):
        i18n.t("no.such.message")


class _View:
    def __init__(self):
        self.redrawn = 0

    def redraw(self):
        self.redrawn += 1


def test_follow_calls_a_living_object_and_forgets_a_dead_one():
    view, gone = _View(), _View()
    i18n.follow(view, "redraw")
    i18n.follow(gone, "redraw")
    before = len(i18n._listeners)
    del gone
    gc.collect()
    i18n.set_language("it")
    assert view.redrawn == 1
    assert len(i18n._listeners) == before - 1


@pytest.mark.parametrize(
    "value, language, expected",
    [({"en": "war", "it": "guerra"}, "it", "guerra"), ({"en": "war"}, "it", "war"),
     ({"it": "guerra"}, "en", "guerra"), ("plain", "it", "plain"), (None, "en", "")],
)
def test_localise_falls_back_to_english_then_any_language(value, language, expected):
    assert i18n.localise(value, language) == expected


@pytest.mark.parametrize("language, expected", [
    ("en", "Saved as Sofia B. Your work goes to: lavoro"),
    ("it", "Salvato come Sofia B. Il lavoro va in: lavoro"),
])
def test_a_name_ending_in_a_full_stop_gets_no_second_one(language, expected):
    assert i18n.t("student.current", language, name="Sofia B.", folder="lavoro") == expected


def test_a_name_without_a_full_stop_keeps_the_messages_own():
    assert i18n.t("student.current", "en", name="Sofia", folder="w") == "Saved as Sofia. Your work goes to: w"


def test_a_missing_value_names_the_placeholder():
    with pytest.raises(KeyError, match="folder"):
        i18n.t("student.current", "en", name="Sofia")


def test_languages_are_read_from_the_data():
    import json
    from importlib import resources

    raw = json.loads((resources.files("inquadra") / "data" / "languages.json").read_text(encoding="utf-8"))
    assert i18n.LANGUAGES == tuple(entry["code"] for entry in raw["languages"])
    assert i18n.NAMES["it"] == "italiano"


def test_the_unknown_language_error_lists_the_languages_of_the_data():
    with pytest.raises(i18n.I18nError) as caught:
        i18n.set_language("fr")
    assert all(f"{code!r} ({name})" in str(caught.value) for code, name in i18n.NAMES.items())


def test_texts_names_the_place_and_the_missing_language():
    from inquadra.errors import InquadraError

    class LoaderError(InquadraError):
        pass

    with pytest.raises(LoaderError, match=r"lessons.json line 3: 'title' needs a text .*no text for 'it'"):
        i18n.texts({"en": "Start here"}, "lessons.json line 3: 'title'", LoaderError)
    assert i18n.texts({"en": "a", "it": "b", "xx": "c"}, "x") == {"en": "a", "it": "b"}


def test_messages_gives_every_key_under_a_prefix():
    kinds = i18n.messages("corrections.kind.")
    assert kinds["cosmetic"]["it"] == "Estetico (il senso non cambia)"
    assert all(set(names) == set(i18n.LANGUAGES) for names in kinds.values())


def _notebook(tmp_path, metadata, name="lesson.ipynb"):
    path = tmp_path / name
    path.write_text(json.dumps({"cells": [], "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}),
                    encoding="utf-8")
    return str(path)


def test_a_kernel_started_for_an_italian_edition_knows_its_language(tmp_path):
    path = _notebook(tmp_path, {"inquadra": {"language": "it"}})
    assert i18n.notebook_language({"JPY_SESSION_NAME": path}) == "it"


@pytest.mark.parametrize("metadata", [{}, {"inquadra": {"language": "fr"}}, {"inquadra": "it"}, []])
def test_a_notebook_without_a_known_edition_language_changes_nothing(tmp_path, metadata):
    path = _notebook(tmp_path, metadata)
    assert i18n.notebook_language({"JPY_SESSION_NAME": path}) is None


@pytest.mark.parametrize("environ", [{}, {"JPY_SESSION_NAME": "console-1"}, {"JPY_SESSION_NAME": "/no/such.ipynb"}])
def test_no_notebook_or_an_unreadable_one_gives_no_language(environ):
    assert i18n.notebook_language(environ) is None


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"metadata": "it"}'])
def test_a_broken_notebook_file_gives_no_language(tmp_path, content):
    path = tmp_path / "broken.ipynb"
    path.write_text(content, encoding="utf-8")
    assert i18n.notebook_language({"JPY_SESSION_NAME": str(path)}) is None


def test_importing_the_kit_in_an_italian_edition_switches_to_italian(tmp_path):
    import subprocess
    import sys

    path = _notebook(tmp_path, {"inquadra": {"language": "it"}})
    code = "import inquadra; print(inquadra.get_language())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "JPY_SESSION_NAME": path}).stdout
    assert out.strip() == "it"
