"""Printable worksheets and answer keys, one per lesson, from the lesson data and solutions.

A worksheet holds the lesson's activities as questions with room to write:
multiple choice as boxes to tick, sorting as statements with a line for the
bucket, corrections as the damaged sentence with lines below, tagging as the
article printed with wide line spacing, and the lesson's exercises (from
``solutions/``) as their task text with space for the answer. The answer key
holds the same questions with their answers: the correct options and why, the
bucket of every statement, the kit's corrections, the reference spans, and the
code between the solutions' ``# BEGIN SOLUTION`` and ``# END SOLUTION``.

Everything is escaped; the pages carry their own print CSS and need no
network. ``build(notebook, solution)`` returns a ``Worksheet``; ``worksheet_html``
and ``key_html`` render it in a language.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

from . import i18n
from .i18n import localise, t

__all__ = ["Question", "Worksheet", "build", "key_html", "lesson_activities", "worksheet_html",
           "write_all"]

_ACTIVITY = re.compile(r"""(?:lesson\.activity|from_activity)\(\s*["'](\d\d\.[\w.-]+)["']\s*\)""")
_TAGGER = re.compile(r"""SpanTagger\([^)]*activity\s*=\s*["']([\w.-]+)["']""")
_HEADING = re.compile(r"^##\s+\S", re.MULTILINE)
_ANSWER = re.compile(r"^ex-(\d+)-(\d+)$")
_SOLUTION = re.compile(r"#\s*BEGIN SOLUTION\n(.*?)#\s*END SOLUTION", re.DOTALL)


@dataclass(frozen=True)
class Question:
    """One question of a worksheet and its answer.

    Attributes:
        id (str): the activity or exercise id (``"02.terms.1"``, ``"2.3"``).
        kind (str): ``choice``, ``sort``, ``correct``, ``tag`` or ``exercise``.
        prompt (dict | str): the question, ``{"en", "it"}`` or plain text.
        items (tuple): options, statements or sentences shown to the student.
        answers (tuple): the answer key's lines (``{"en", "it"}`` or plain text).
        lines (int): how many lines to leave for writing.
        markdown (bool): the prompt is Markdown (exercises), not plain text.
    """

    id: str
    kind: str
    prompt: object
    items: tuple = ()
    answers: tuple = ()
    lines: int = 0
    markdown: bool = False


@dataclass(frozen=True)
class Worksheet:
    """One lesson's questions; ``title`` is ``{"en", "it"}`` (from the lesson manifest) or text."""

    lesson: str
    title: object
    questions: tuple[Question, ...]


def lesson_activities(notebook: dict) -> list[str]:
    """The activity ids a lesson notebook shows, in order (``lesson.activity`` and taggers)."""
    found = []
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        source = "".join(cell.get("source", ""))
        for match in re.finditer(f"{_ACTIVITY.pattern}|{_TAGGER.pattern}", source):
            activity = match.group(1) or f"tag:{match.group(2)}"
            if activity not in found:
                found.append(activity)
    return found


def _choice(qid: str, entry: dict) -> Question:
    options = tuple(o["text"] for o in entry["options"])
    ordered = sorted(entry["options"], key=lambda o: not o.get("correct"))
    answers = tuple(
        {lang: f"{'✓' if o.get('correct') else '✗'} {localise(o['text'], lang)} — "
               f"{localise(o.get('explanation'), lang)}" for lang in i18n.LANGUAGES}
        for o in ordered
    )
    return Question(qid, "choice", entry["question"], options, answers)


def _sorter(qid: str, entry: dict) -> Question:
    statements = entry["statements"]
    given = entry.get("buckets")
    if statements == "readouts":
        from . import readouts

        statements = [{"id": s.id, "text": s.text, "bucket": s.bucket,
                       "explanation": s.explanation, "source": s.source} for s in readouts.load()]
        if given is None:  # as the lesson's sorter does: the article's own buckets
            given = [{"id": key, "name": name} for key, name in readouts.buckets().items()]
    buckets = {b["id"]: b["name"] for b in given or ()}
    items = tuple(s["text"] for s in statements)
    answers = tuple(
        {lang: f"{localise(s['text'], lang)} → {localise(buckets[s['bucket']], lang)}. "
               f"{localise(s.get('explanation'), lang)}" for lang in i18n.LANGUAGES}
        for s in statements
    )
    prompt = {lang: t("print.sort", lang, buckets="; ".join(localise(b, lang)
                                                             for b in buckets.values()))
              for lang in i18n.LANGUAGES}
    return Question(qid, "sort", prompt, items, answers)


def _correction(qid: str, entry: dict) -> Question:
    from . import article, corrections

    art = article.load()
    fixes = corrections.load()
    items, answers = [], []
    for item in entry["items"]:
        sentence = art.sentence(item["sentence"])
        items.append(f"{sentence.id}: {sentence.text}")
        found = [c for c in fixes if c.sentence_id == sentence.id]
        answers.append({lang: "; ".join(
            f"“{c.text}” → “{c.italian}” ({c.english}; "
            f"{localise(corrections.KINDS.get(c.kind, {'en': c.kind}), lang)}; "
            f"{t(f'correction.certainty.{c.certainty}', lang)})" for c in found)
            or t("print.no_fix", lang) for lang in i18n.LANGUAGES})
    prompt = {lang: t("print.correct", lang) for lang in i18n.LANGUAGES}
    return Question(qid, "correct", prompt, tuple(items), tuple(answers), lines=3)


def _tagging(activity: str) -> Question:
    from . import article, taxonomy
    from .annotations import reference

    art = article.load()
    ref = reference.load()
    labels = taxonomy.load().select(activity) if activity.startswith("lesson") else ()
    ids = {lab.id: lab.short for lab in labels}
    spans = [r for r in ref.spans if not ids or r.label in ids]
    answers = tuple({lang: f"{art.sentence_at(r.span.start).id} {ids.get(r.label, r.label)}: "
                           f"“{r.text}” — {localise(r.rationale, lang)}" for lang in i18n.LANGUAGES}
                    for r in spans)
    prompt = {lang: t("print.tag", lang, labels=", ".join(
        f"{lab.short} = {lab.text('name', lang)}" for lab in labels)) for lang in i18n.LANGUAGES}
    items = tuple(f"{b.id}  {b.text}" for b in art.blocks)
    return Question(f"tag:{activity}", "tag", prompt, items, answers)


def _activity(activity_id: str) -> list[Question]:
    from . import lesson

    if activity_id.startswith("tag:"):
        return [_tagging(activity_id[4:])]
    entry = lesson.activity_data(activity_id)
    kind = entry.get("kind")
    if kind == "choice":
        return [_choice(activity_id, entry)]
    if kind == "quiz":
        return [_choice(f"{activity_id}.{i}", item) for i, item in enumerate(entry["items"], 1)]
    if kind == "sorter":
        return [_sorter(activity_id, entry)]
    if kind == "correction":
        return [_correction(activity_id, entry)]
    return []


def _exercise_cells(solution: dict) -> list[tuple[str, str, str]]:
    """``(number, prompt, code)`` of each exercise of a solutions notebook, in any edition.

    An exercise is an answer cell (nbgrader ``solution``, ``grade_id`` ``ex-N-M``);
    its prompt is the last markdown cell with a ``##`` heading before it.
    """
    found: list[tuple[str, str, str]] = []
    prompt = None
    for cell in solution.get("cells", []):
        source = "".join(cell.get("source", ""))
        if cell.get("cell_type") == "markdown" and _HEADING.search(source):
            prompt = source
            continue
        meta = cell.get("metadata", {}).get("nbgrader", {})
        number = _ANSWER.match(str(meta.get("grade_id", "")))
        if prompt is not None and cell.get("cell_type") == "code" and meta.get("solution") and number:
            code = "\n".join(m.strip("\n") for m in _SOLUTION.findall(source)) or source
            found.append((f"{int(number.group(1))}.{int(number.group(2))}", prompt, code))
            prompt = None
    return found


def _exercises(solutions: dict[str, dict]) -> list[Question]:
    """The exercises of a lesson's solutions, one notebook per language (``{"en": nb, "it": nb}``).

    The prompt of each is ``{lang: markdown}`` from the editions; the code comes from the first.
    """
    per_language = {lang: {n: prompt for n, prompt, _ in _exercise_cells(nb)} for lang, nb in solutions.items()}
    first = next(iter(solutions.values()), {"cells": []})
    questions: list[Question] = []
    for number, prompt, code in _exercise_cells(first):
        prompts = {lang: found.get(number, prompt) for lang, found in per_language.items()}
        questions.append(Question(number, "exercise", prompts, (), (code,), lines=6, markdown=True))
    return questions


def build(notebook: Path, solution=None, lesson_id: str | None = None) -> Worksheet:
    """The worksheet of one lesson notebook (and its solutions notebook, when there is one).

    Args:
        notebook (Path): the lesson notebook (any edition: its activities are the same).
        solution (Path | dict[str, Path] | None): its solutions notebook, or one per
            language (``{"en": solutions/en/…, "it": solutions/it/…}``) so that each
            exercise's task is printed in the page's language; missing files are skipped.
        lesson_id (str | None): the manifest's id (default: the notebook name's first two characters).
    """
    from . import lesson

    nb = json.loads(Path(notebook).read_text(encoding="utf-8"))
    lesson_id = lesson_id or Path(notebook).stem[:2]
    entry = {item.id: item for item in lesson.lessons(extras=True)}.get(lesson_id)
    if entry is not None:
        title = {lang: t("print.title", lang, lesson=entry.id, title=entry.title_in(lang))
                 for lang in i18n.LANGUAGES}
    else:  # a notebook outside the manifest: its own heading
        title = Path(notebook).stem
        for cell in nb.get("cells", []):
            if cell.get("cell_type") == "markdown":
                first = "".join(cell.get("source", "")).splitlines()[:1]
                if first and first[0].startswith("# "):
                    title = first[0][2:].strip()
                    break
    questions = [q for a in lesson_activities(nb) for q in _activity(a)]
    files = solution if isinstance(solution, dict) else {i18n.LANGUAGES[0]: solution}
    found = {lang: json.loads(Path(path).read_text(encoding="utf-8")) for lang, path in files.items()
             if path is not None and Path(path).is_file()}
    if found:
        questions += _exercises(found)
    return Worksheet(lesson_id, title, tuple(questions))


def write_all(out_dir: Path, sheets: list[Worksheet]) -> list[Path]:
    """Write every worksheet and key in every language, and an index; returns the pages."""
    from .files import write_atomic

    out_dir = Path(out_dir)
    pages = []
    rows = []
    for sheet in sheets:
        links = []
        for lang in i18n.LANGUAGES:
            for kind, render in (("worksheet", worksheet_html), ("key", key_html)):
                name = f"{sheet.lesson}_{kind}.{lang}.html"
                pages.append(write_atomic(out_dir / name, render(sheet, lang)))
                links.append(f'<a href="{html.escape(name)}">{html.escape(t("print." + kind, lang))}'
                             f" ({lang})</a>")
        rows.append(f"<li>{_text(sheet.title, i18n.get_language())}: {' · '.join(links)}</li>")
    title = t("print.index")
    body = (f"<h1>{html.escape(title)}</h1><p>{html.escape(t('print.index_note'))}</p>"
            f"<ul>{''.join(rows)}</ul>")
    write_atomic(out_dir / "index.html", _page(title, body, i18n.get_language()))
    return pages


# -- HTML -------------------------------------------------------------------------
_CSS = """
body{font-family:Georgia,serif;max-width:44em;margin:1em auto;padding:0 1em;line-height:1.45}
h1{font-size:1.5em}h2{font-size:1.1em;margin-top:1.4em}.name{margin:1em 0 1.5em}
.q{break-inside:avoid;margin-bottom:1em}.box{font-family:sans-serif}
.line{border-bottom:1px solid #999;height:1.9em}.tagtext p{line-height:2.6}
.key{background:#f3f3f3;padding:.3em .6em;border-left:3px solid #555}
pre{white-space:pre-wrap;font-size:.9em}
@media print{body{margin:0;max-width:none}a{color:inherit;text-decoration:none}
.q{page-break-inside:avoid}@page{margin:18mm}}
"""


def _text(value, lang: str) -> str:
    return html.escape(localise(value, lang))


def _prompt(q: Question, lang: str) -> str:
    if q.markdown:
        from nbconvert.filters.markdown import markdown2html

        return markdown2html(localise(q.prompt, lang))
    return f"<p><b>{_text(q.prompt, lang)}</b></p>"


def _student_body(q: Question, lang: str) -> str:
    if q.kind == "choice":
        return "".join(f'<div class="box">☐ {_text(o, lang)}</div>' for o in q.items)
    if q.kind == "sort":
        return "".join(f'<p>{_text(s, lang)}</p><div class="line"></div>' for s in q.items)
    if q.kind == "correct":
        return "".join(f"<p>{_text(s, lang)}</p>" + '<div class="line"></div>' * q.lines
                       for s in q.items)
    if q.kind == "tag":
        return '<div class="tagtext">' + "".join(f"<p>{_text(s, lang)}</p>" for s in q.items) \
            + "</div>"
    return '<div class="line"></div>' * q.lines


def _key_body(q: Question, lang: str) -> str:
    if q.kind == "exercise":
        return "".join(f'<pre class="key">{_text(a, lang)}</pre>' for a in q.answers)
    return '<div class="key">' + "".join(f"<p>{_text(a, lang)}</p>" for a in q.answers) + "</div>"


def _page(title: str, body: str, lang: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title><style>{_CSS}</style></head>"
            f"<body>{body}</body></html>\n")


def worksheet_html(sheet: Worksheet, lang: str = "en") -> str:
    """The student's worksheet: questions and space to write, no answers."""
    title = f"{localise(sheet.title, lang)} — {t('print.worksheet', lang)}"
    body = [f"<h1>{html.escape(title)}</h1>",
            f'<div class="name">{html.escape(t("print.name", lang))} ____________________</div>']
    for n, q in enumerate(sheet.questions, 1):
        body.append(f'<div class="q" data-q="{html.escape(q.id)}"><h2>{n}.</h2>'
                    f"{_prompt(q, lang)}{_student_body(q, lang)}</div>")
    return _page(title, "".join(body), lang)


def key_html(sheet: Worksheet, lang: str = "en") -> str:
    """The teacher's answer key: the same questions, each with its answers."""
    title = f"{localise(sheet.title, lang)} — {t('print.key', lang)}"
    body = [f"<h1>{html.escape(title)}</h1>"]
    for n, q in enumerate(sheet.questions, 1):
        body.append(f'<div class="q" data-q="{html.escape(q.id)}"><h2>{n}.</h2>'
                    f"{_prompt(q, lang)}{_key_body(q, lang)}</div>")
    return _page(title, "".join(body), lang)
