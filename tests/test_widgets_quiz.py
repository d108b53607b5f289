"""Quiz: choices one under another, each saved under its own number, a readable placeholder."""

from __future__ import annotations

from inquadra import i18n, lesson
from inquadra.annotations import work
from inquadra.widgets import Quiz

ITEM = {"question": {"en": "Which?", "it": "Quale?"},
        "options": [{"text": "a", "correct": True, "explanation": "yes"},
                    {"text": "b", "correct": False, "explanation": "no"}]}


def test_each_question_is_saved_under_its_number():
    work.set_student("Giulia")
    quiz = Quiz([ITEM, ITEM], activity="04.quiz")
    quiz.choices[1].pick(1)
    assert work.load_activity("Giulia", quiz.choices[1].article_id, "04.quiz.2")["choice"] == 1
    assert work.load_activity("Giulia", quiz.choices[0].article_id, "04.quiz.1") is None
    assert repr(quiz) == "Quiz(questions=2, activity='04.quiz')"


def test_placeholder_and_the_lesson_quiz_kind():
    i18n.set_language("en")
    bundle = Quiz([ITEM, ITEM])._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert data["text/plain"] == "Run this cell to show the activity."
    quiz = lesson.activity("02.terms")
    assert isinstance(quiz, Quiz) and len(quiz.choices) == len(lesson.activity_data("02.terms")["items"])
    assert [c.activity for c in quiz.choices][:2] == ["02.terms.1", "02.terms.2"]
