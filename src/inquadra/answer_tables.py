"""The class's answers as tables for the teacher's dashboard (escaped, in the kit's language).

Every function takes a :class:`inquadra.class_answers.ClassAnswers` (or None, as
``MergeReport.answers`` is when no answer file was among the files: a class
that only tagged) and returns a ``render.Table``: one for each activity kind,
one per student, and the reflections. Percentages are of first attempts.
"""

from __future__ import annotations

from .class_answers import ClassAnswers, read_answers
from .i18n import t
from .render import Table, table

__all__ = ["discernment_table", "kinds_table", "pads_table", "quizzes_table", "reflections_table",
           "sorters_table", "students_table"]


def _given(answers: ClassAnswers | None) -> ClassAnswers:
    return read_answers(()) if answers is None else answers


def _pct(share: float | None) -> str:
    return "–" if share is None else f"{round(100 * share)}%"


def quizzes_table(answers: ClassAnswers) -> Table:
    """Per question: students, right at the first attempt (count and %), students who retried."""
    answers = _given(answers)
    rows = [(i.activity, i.students, i.first_right, _pct(i.first_share), i.retried)
            for i in answers.by_kind("choice")]
    return table(rows, (t("answers.question"), t("answers.students"), t("answers.first_right"),
                        t("answers.first_pct"), t("answers.retried")))


def sorters_table(answers: ClassAnswers) -> Table:
    """Per sorter statement: right at the first Check."""
    answers = _given(answers)
    rows = [(i.activity, i.item, i.students, i.first_right, _pct(i.first_share), i.retried)
            for i in answers.by_kind("sorter")]
    return table(rows, (t("answers.activity"), t("answers.statement"), t("answers.students"),
                        t("answers.first_right"), t("answers.first_pct"), t("answers.retried")))


def pads_table(answers: ClassAnswers) -> Table:
    """Per pad sentence: versions compared, and how many keep the original's meaning."""
    answers = _given(answers)
    rows = [(i.activity, i.item, i.students, i.first_right, _pct(i.first_share))
            for i in answers.by_kind("correction")]
    return table(rows, (t("answers.activity"), t("answers.sentence"), t("answers.compared"),
                        t("answers.meaning_ok"), t("answers.first_pct")))


def students_table(answers: ClassAnswers) -> Table:
    """Per student: items answered, right at the first attempt, items retried."""
    answers = _given(answers)
    rows = [(s.name, s.answered, s.first_right, _pct(s.first_share), s.retried)
            for s in answers.students]
    return table(rows, (t("answers.student"), t("answers.answered"), t("answers.first_right"),
                        t("answers.first_pct"), t("answers.retried")))


def reflections_table(answers: ClassAnswers, limit: int = 300) -> Table:
    """Who wrote what in reflections and exit tickets (long texts shortened)."""
    answers = _given(answers)
    rows = [(r.name, r.activity, r.text if len(r.text) <= limit else r.text[: limit - 1] + "…")
            for r in answers.reflections]
    return table(rows, (t("answers.student"), t("answers.activity"), t("answers.text")))


def kinds_table(answers: ClassAnswers) -> Table:
    """One line per activity kind found: how many activities and answers, and what was left out."""
    answers = _given(answers)
    rows = []
    for kind in answers.kinds:
        if kind == "reflection":
            items = answers.reflections
            rows.append((t(f"answers.kind.{kind}"), len({r.activity for r in items}), len(items)))
        else:
            items = answers.by_kind(kind)
            rows.append((t(f"answers.kind.{kind}"), len({i.activity for i in items}),
                         sum(i.students for i in items)))
    rows.append((t("answers.kind.tagging"), "", answers.tagging_files))
    return table(rows, (t("answers.kind"), t("answers.activities"), t("answers.answers")))


def discernment_table(records, reference, labels=None) -> Table:
    """Per student's tagging: hits, false alarms (on plain sentences apart), D and the band."""
    from .annotations import score as scoring
    from .i18n import get_language, localise

    rows = []
    for r in records:
        result = scoring.score(r.spans, reference, labels)
        o = result.overall
        rows.append((r.annotator, f"{o.hits:.1f}/{o.signal}", f"{o.false_alarms}/{o.noise}",
                     o.plain_false_alarms, scoring.shown(result.discernment),
                     localise(result.band.name, get_language())))
    return table(rows, (t("answers.student"), t("answers.hits"), t("answers.false_alarms"),
                        t("answers.plain_false_alarms"), "D", t("answers.band")))
