import gc

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
