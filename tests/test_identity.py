"""identity: the hub user is the annotator on a hub; the typed name off a hub."""

import pytest

from inquadra import identity
from inquadra.annotations.work import WorkError

HUB = {"JUPYTERHUB_USER": "student07"}


@pytest.mark.parametrize("env", [{}, {"JUPYTERHUB_USER": ""}, {"JUPYTERHUB_USER": "  "}])
def test_hub_user_is_none_off_a_hub(env):
    assert identity.hub_user(env) is None


def test_hub_user_reads_the_login_name():
    assert identity.hub_user({"JUPYTERHUB_USER": " studente-3 "}) == "studente-3"


@pytest.mark.parametrize("bad", ["../giulia", "a/b", ".hidden", "x\u202ey", "a" * 61])
def test_hub_user_refuses_a_name_that_cannot_name_files(bad):
    with pytest.raises(identity.IdentityError, match="JUPYTERHUB_USER"):
        identity.hub_user({"JUPYTERHUB_USER": bad})


def test_annotator_on_a_hub_is_the_hub_user_whatever_was_typed():
    assert identity.annotator("Marco", HUB) == "student07"
    assert identity.annotator(None, HUB) == "student07"


def test_annotator_off_a_hub_is_the_typed_name():
    assert identity.annotator("  Giulia R. ", {}) == "Giulia R."


def test_annotator_off_a_hub_needs_a_name():
    with pytest.raises(WorkError):
        identity.annotator("", {})


@pytest.mark.parametrize("claim", ["student08", "Student08", " STUDENT08 "])
def test_a_typed_name_cannot_claim_another_hub_user(claim):
    with pytest.raises(identity.IdentityError, match="student08"):
        identity.check_display_name(claim, ["student07", "student08"], HUB)


def test_accents_do_not_hide_a_claim():
    with pytest.raises(identity.IdentityError):
        identity.check_display_name("Zoe\u0308", ["zoë"], HUB)


@pytest.mark.parametrize("name", ["Giulia R.", "student07", "Student07"])
def test_own_login_and_other_names_are_allowed(name):
    assert identity.check_display_name(name, ["student07", "student08"], HUB) == name.strip()


def test_off_a_hub_no_name_is_refused_as_a_claim():
    assert identity.check_display_name("student08", ["student08"], {}) == "student08"


def test_identity_label_shows_display_name_beside_hub_user():
    who = identity.current("Giulia R.", HUB)
    assert (who.annotator, who.on_hub, who.label) == ("student07", True, "Giulia R. (student07)")


def test_identity_off_a_hub_is_the_typed_name():
    who = identity.current("Giulia", {})
    assert (who.annotator, who.display_name, who.on_hub, who.label) == (
        "Giulia", "Giulia", False, "Giulia")


def test_current_annotator_is_the_hub_user_over_the_stored_name(monkeypatch):
    from inquadra.annotations import work

    work.set_student("Marco")
    assert identity.current_annotator({}) == "Marco"
    assert identity.current_annotator(HUB) == "student07"


def test_current_annotator_without_any_name_is_none():
    assert identity.current_annotator({}) is None


def test_a_broken_hub_user_never_falls_back_to_the_typed_name():
    from inquadra.annotations import work

    work.set_student("student08")
    assert identity.current_annotator({"JUPYTERHUB_USER": "../x"}) is None


def test_on_a_hub_the_tagger_saves_under_the_hub_user_not_the_typed_name(monkeypatch):
    import json

    from inquadra import bundles
    from inquadra.annotations import work
    from inquadra.widgets import SpanTagger

    work.set_student("student08")  # a prank: the typed name is a classmate's login
    monkeypatch.setenv("JUPYTERHUB_USER", "student07")
    tagger = SpanTagger(labels=["Naming_Choice"], activity="hubtest")
    tagger.handle({"type": "add", "token_start": 3, "token_end": 5, "label": "Naming_Choice"})
    mine = work.activity_path("student07", bundles.current_id(), "hubtest")
    assert json.loads(mine.read_text())["annotator"] == "student07"
    assert not work.activity_path("student08", bundles.current_id(), "hubtest").exists()


def test_on_a_hub_the_name_box_shows_the_login_and_refuses_a_classmates(tmp_path, monkeypatch):
    from inquadra import exchange
    from inquadra.widgets import StudentName

    monkeypatch.setenv("INQUADRA_EXCHANGE", str(tmp_path / "ex"))
    monkeypatch.setenv("INQUADRA_COURSE", "media-3b")
    exchange.setup("media-3b", roster=["student07", "student08"])
    monkeypatch.setenv("JUPYTERHUB_USER", "student07")
    box = StudentName()
    assert box.message.startswith("Your work is saved as student07 (shown as student07)")
    assert not box.save("Student08")
    assert "login of another user on this hub ('student08')" in box.message
    assert box.save("Giulia R.")
    assert box.message.startswith("Your work is saved as student07 (shown as Giulia R.)")


def test_off_a_hub_the_name_box_works_as_before():
    from inquadra.widgets import StudentName

    box = StudentName()
    assert box.save("student08")
    assert box.message.startswith("Saved as student08.")


def test_require_annotator_gives_the_hub_user_or_the_stored_name(monkeypatch):
    from inquadra.annotations import work

    monkeypatch.setattr(work, "current_student", lambda: "Giulia")
    assert identity.require_annotator({"JUPYTERHUB_USER": "s7"}) == "s7"
    assert identity.require_annotator({}) == "Giulia"


def test_require_annotator_raises_without_a_name_or_with_a_broken_hub_user(monkeypatch):
    from inquadra.annotations import work

    monkeypatch.setattr(work, "current_student", lambda: None)
    with pytest.raises(identity.IdentityError, match="Set your name first"):
        identity.require_annotator({})
    monkeypatch.setattr(work, "current_student", lambda: "Giulia")
    with pytest.raises(identity.IdentityError):
        identity.require_annotator({"JUPYTERHUB_USER": "../up"})
