"""A new article from start to finish, through public commands and APIs only.

A teacher makes a bundle from a text the kit has never seen (written for this
test), students tag it with the tagger's message API and their work is saved,
the class's files are merged, the teacher authors and publishes a reference,
a student is compared with it, and the dashboard is built on it. No Python
file of the kit is edited between the steps: the article is data.
"""

from __future__ import annotations

import shutil

import pytest

from inquadra import article, bundles, classroom, cli
from inquadra.activity_kinds import compare_with_reference
from inquadra.annotations import compare, reference, work
from inquadra.annotations.records import read_records
from inquadra.widgets import CompareView, SpanTagger

ARTICLE_ID = "ponte_merla"
TEXT = (
    "Chiuso il ponte sul torrente Merla, pendolari nel caos a Castelvarco\n"
    "\n"
    "Da lunedì il ponte che collega Castelvarco alla provinciale è chiuso al traffico. "
    "I tecnici della provincia hanno trovato crepe nei piloni dopo la piena di ottobre.\n"
    "\n"
    "Per i pendolari è un vero calvario: la deviazione allunga il viaggio di venti minuti. "
    "Secondo alcuni commercianti, gli incassi sono già calati.\n"
    "\n"
    "Il presidente della provincia, Carla Donati, ha dichiarato: “Il ponte riaprirà "
    "entro la primavera, la sicurezza viene prima di tutto”.\n"
    "\n"
    "L'opposizione parla di una “vergogna annunciata” e chiede le dimissioni dell'assessore.\n"
)
LABELS = "lesson06"
ACTIVITY = "lesson06"


def _tokens(art, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """Token indices (start, end) of a phrase, as the browser sends them."""
    start, end = art.find(needle, occurrence)
    first = next(i for i, (s, _) in enumerate(art.tokens) if s == start)
    last = next(i for i, (_, e) in enumerate(art.tokens) if e == end)
    return first, last + 1


def _send(tagger, message: dict) -> None:
    """What the browser does: one commit message to the tagger's public handler."""
    tagger.handle(message)


def _tag(tagger, needle: str, label: str) -> None:
    start, end = _tokens(tagger.article, needle)
    _send(tagger, {"type": "add", "token_start": start, "token_end": end, "label": label})


@pytest.fixture
def place(tmp_path, monkeypatch):
    """A class folder of articles every student sees, and one work folder per person."""
    shared = tmp_path / "class-articles"
    monkeypatch.setenv(bundles.ENV, str(shared))
    bundles.use(bundles.SEED_ID)
    yield shared, tmp_path, monkeypatch
    bundles.use(bundles.SEED_ID)


def _as(monkeypatch, tmp_path, person: str):
    monkeypatch.setenv("INQUADRA_WORK", str(tmp_path / f"work-{person}"))
    return work.work_dir()


def test_a_new_article_from_bundle_to_dashboard(place, capsys):
    shared, tmp_path, monkeypatch = place
    source = tmp_path / "ponte.txt"
    source.write_bytes(TEXT.encode("utf-8"))

    # 1. The teacher makes the bundle and lists it.
    _as(monkeypatch, tmp_path, "teacher")
    assert cli.main(["new-article", str(source), "--id", ARTICLE_ID, "-o", str(shared),
                     "--source", "Scritto per il test: un ponte e un paese inventati"]) == 0
    assert cli.main(["articles"]) == 0
    listing = capsys.readouterr().out
    assert f"{ARTICLE_ID}  Chiuso il ponte sul torrente Merla" in listing
    assert f"folder: {shared / ARTICLE_ID}" in listing
    art = article.load(ARTICLE_ID)
    assert art.text == TEXT and len(art.paragraphs) == 4

    # 2. Two students tag it through the tagger's message API; every change is saved.
    tagged = {
        "ada": [("un vero calvario", "Loaded_Language"),
                ("Secondo alcuni commercianti", "Obfuscation-Vagueness-Confusion")],
        "bruno": [("un vero calvario", "Loaded_Language"),
                  ("vergogna annunciata", "Loaded_Language"),
                  ("ha dichiarato", "Attribution_Marker")],
    }
    collected = tmp_path / "collected"
    collected.mkdir()
    for name, tags in tagged.items():
        folder = _as(monkeypatch, tmp_path, name)
        work.set_student(name.title())
        tagger = SpanTagger(article.load(ARTICLE_ID), labels=LABELS, activity=ACTIVITY)
        for needle, label in tags:
            _tag(tagger, needle, label)
        assert tagger.status_kind != "error", tagger.status
        saved = work.activity_path(name.title(), ARTICLE_ID, ACTIVITY)
        (record,) = read_records(saved)
        assert record.article == ARTICLE_ID and len(record.spans) == len(tags)
        again = SpanTagger(article.load(ARTICLE_ID), labels=LABELS, activity=ACTIVITY)
        assert again.store.spans == tagger.store.spans  # restored from the saved file
        shutil.copy(saved, collected / saved.name)
        assert folder.name == f"work-{name}"

    # 3. The teacher merges the class's files.
    _as(monkeypatch, tmp_path, "teacher")
    merged = tmp_path / "class.jsonl"
    assert cli.main(["merge", str(collected), "-o", str(merged), "--article", ARTICLE_ID]) == 0
    capsys.readouterr()
    records = read_records(merged)
    assert sorted(r.annotator for r in records) == ["Ada", "Bruno"]
    assert {r.article for r in records} == {ARTICLE_ID}

    # 4. The teacher authors a reference, a rationale on every span, and publishes it.
    teacher = SpanTagger(article.load(ARTICLE_ID), labels=LABELS, activity="reference",
                         annotator="Prof. Neri", mode="reference")
    reasons = {
        "un vero calvario": ("Loaded_Language", "An ordeal: the journalist's own dramatic image."),
        "Secondo alcuni commercianti": ("Obfuscation-Vagueness-Confusion", "Which shopkeepers, how many?"),
        "ha dichiarato": ("Attribution_Marker", "Names who speaks: the president of the province."),
    }
    for needle, (label, why) in reasons.items():
        _tag(teacher, needle, label)
        start, end = art.find(needle)
        _send(teacher, {"type": "note", "start": start, "end": end, "label": label, "note": why})
    teacher_file = work.activity_path("Prof. Neri", ARTICLE_ID, "reference")
    assert cli.main(["reference", "publish", str(teacher_file), "--article", ARTICLE_ID]) == 0
    assert "Published 3 reference span(s)" in capsys.readouterr().out
    ref = reference.load(ARTICLE_ID)
    assert [r.rationale for r in ref.spans] == [why for _, why in reasons.values()]
    assert bundles.load(ARTICLE_ID).has("reference")

    # 5. A student is compared with the teacher's reference.
    _as(monkeypatch, tmp_path, "bruno")
    bruno = SpanTagger(article.load(ARTICLE_ID), labels=LABELS, activity=ACTIVITY)
    result = compare.compare(bruno.store, ref, [lab for lab in ref.labels])
    assert (len(result.matches), len(result.false_alarms), len(result.misses)) == (2, 1, 1)
    view = compare_with_reference(bruno)
    assert isinstance(view, CompareView)
    assert "vergogna annunciata" in view.html() and "Which shopkeepers" in view.html()

    # 6. The dashboard is built on the new article.
    cls = classroom.load_class([merged], article=ARTICLE_ID)
    assert cls.article.id == ARTICLE_ID and cls.reference.article_id == ARTICLE_ID
    assert cls.annotators == ("Ada", "Bruno")
    assert "Ada" in classroom.reference_table(cls)._repr_html_()
    page = classroom.report_html(cls)
    assert "Ada" in page and "Bruno" in page


def test_an_article_of_ones_own_in_lesson_07_is_tagged_and_merged(place, capsys):
    """Lesson 07's path: the pasted text becomes a bundle in the work folder and is tagged."""
    from inquadra import lesson

    _, tmp_path, monkeypatch = place
    _as(monkeypatch, tmp_path, "ada")
    work.set_student("Ada")
    own = bundles.ensure(TEXT, "my_article")
    assert own.folder == work.work_dir() / "articles" / "my_article"
    tagger = lesson.activity("07.tag", article=own.id)
    _tag(tagger, "vergogna annunciata", "Loaded_Language")
    saved = work.activity_path("Ada", "my_article", "07.tag")
    assert cli.main(["merge", str(saved), "-o", str(tmp_path / "out.jsonl"), "--article", "my_article"]) == 0
    (record,) = read_records(tmp_path / "out.jsonl")
    assert record.article == "my_article" and record.spans[0].label == "Loaded_Language"
    assert bundles.ensure(TEXT, "my_article") is own
