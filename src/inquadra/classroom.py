"""The teacher's view of a whole class: participation, agreement, hot spots, mistakes.

``load_class(paths)`` merges a folder of students' annotation files (by default
the bundled sample class of SYNTHETIC annotators) and builds everything the
dashboard shows. The class article is the kit's current article unless named
(records for other articles are set aside by the merge); the activity is the
tagging lesson's (``LESSON_ACTIVITY``) unless named: never simply the most
common one, which a prank file of made-up students could decide. Conflicting
submissions (two files claiming one student's activity with different spans)
are left out and listed with each file's time and span count. Each view is a pure function returning an escaped
``render.Table`` (plain text for ``repr``, HTML for notebooks); ``heat_strip``
draws where disagreement concentrates; ``report_html`` / ``write_report``
build a printable, self-contained page. Numbers are rounded to two decimals
for display only.

"Finished" is inferred, since an annotation file does not say it: a student
has finished when their last span lies in or after the last block where the
reference tags something. The same coverage rule (see
``annotations.agreement``) makes tokens after a student's last tagged block
missing data for Krippendorff's alpha and keeps them out of "misses".
"""

from __future__ import annotations

import base64
import io
import math
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path

from .errors import InquadraError
from . import article as article_module
from . import bundles
from . import escape
from . import taxonomy as taxonomy_module
from .taxonomy import display
from .annotations import agreement as ag
from .annotations import reference as reference_module
from .annotations.compare import compare
from .annotations.disagreement import common_mistakes, hot_spots
from .annotations.merge import MAX_BYTES, MergeReport, merge
from .annotations.records import write_text_atomic
from .i18n import t
from .render import Table, table

__all__ = [
    "Classroom",
    "Summary",
    "load_class",
    "sample_class_folder",
    "summary",
    "summary_table",
    "files_table",
    "participation",
    "agreement_table",
    "pair_table",
    "reference_table",
    "hot_spots_table",
    "false_alarms_table",
    "misses_table",
    "heat_strip",
    "heat_strip_png",
    "heat_strip_image",
    "HeatStrip",
    "report_html",
    "write_report",
    "ReportError",
    "HEAT_STRIP_SIZE",
    "LESSON_ACTIVITY",
]

HEAT_STRIP_SIZE = (10.0, 2.2)
#: The activity the tagging lesson saves (notebooks/<lang>/06_tag_framing_devices.ipynb).
LESSON_ACTIVITY = "lesson06"
_NAMES_SHOWN = 5


class ReportError(InquadraError):
    """The report cannot be written; the message says why and how to fix it."""


@dataclass(frozen=True, eq=False)
class Classroom:
    """A class's annotations of one article and activity, ready to analyse.

    Attributes:
        article (Article): the article tagged.
        reference (Reference): the kit's reference annotation.
        report (MergeReport): what happened to every file.
        activity (str): the activity analysed.
        records (tuple[AnnotationRecord, ...]): that activity's records, by annotator.
        labels (tuple[str, ...]): labels analysed, in taxonomy order.
        matrix (ClassMatrix): tokens x labels per annotator, with coverage.
        synthetic (bool): every record carries the sample class's synthetic marker.
    """

    article: object
    reference: object
    report: MergeReport
    activity: str
    records: tuple
    labels: tuple[str, ...]
    matrix: ag.ClassMatrix
    synthetic: bool

    def __repr__(self) -> str:
        kind = " (synthetic)" if self.synthetic else ""
        return (f"<Classroom {self.activity or '(no activity)'}: {len(self.records)} annotators"
                f"{kind}, article {self.article.id}>")

    @property
    def annotators(self) -> tuple[str, ...]:
        return self.matrix.annotators

    @property
    def spans(self) -> dict[str, tuple]:
        """Annotator -> spans."""
        return {r.annotator: r.spans for r in self.records}

    @property
    def covered(self) -> dict:
        return dict(zip(self.matrix.annotators, self.matrix.covered))

    @cached_property
    def comparisons(self) -> dict:
        """Annotator -> ``compare.Comparison`` against the reference (computed once)."""
        return {r.annotator: compare(r.spans, self.reference, labels=self.labels)
                for r in self.records}

    @cached_property
    def agreement(self) -> ag.Agreement:
        """The class's agreement figures (computed once)."""
        return ag.agreement(self.matrix)


def sample_class_folder():
    """The bundled sample class (synthetic annotators) as a Traversable folder."""
    return resources.files("inquadra") / "data" / "sample_class"


def load_class(paths=None, *, activity: str | None = None, article=None,
               max_bytes: int = MAX_BYTES) -> Classroom:
    """Merge annotation files and prepare the class for the dashboard.

    Args:
        paths (str | Path | list | None): files or folders; None = the bundled
            sample class of synthetic annotators.
        activity (str | None): the activity to analyse; None = ``LESSON_ACTIVITY``.
        article (Article | str | None): the class article (default: the kit's
            current article); records for other articles are set aside.
        max_bytes (int): files above this size are refused.

    Raises:
        ValueError: no file was accepted, or the activity has no records (the
            message lists the activities the files hold).
    """
    from .annotations.records import check_activity

    if article is None or isinstance(article, str):
        article = article_module.load(article or bundles.current_id())
    if paths is None:
        with resources.as_file(sample_class_folder()) as folder:
            report = merge([folder], max_bytes=max_bytes, article=article)
    else:
        report = merge(paths, max_bytes=max_bytes, article=article)
    if not report.records:
        raise ValueError("No annotation file was accepted:\n" + report.text())
    counts = Counter(r.activity for r in report.records)
    activity = check_activity(LESSON_ACTIVITY if activity is None else activity)
    if activity not in counts:
        held = ", ".join(f"{a or '(none)'} ({counts[a]})" for a in sorted(counts))
        raise ValueError(f"No records for activity {activity!r}; the files hold: {held}. "
                         "Pass activity=... to choose one.")
    records = tuple(sorted((r for r in report.records if r.activity == activity),
                           key=lambda r: r.annotator))
    art = article
    try:
        ref = reference_module.load(art.id)
    except (reference_module.ReferenceDataError, OSError, KeyError) as err:
        raise ValueError(f"The dashboard compares the class with the kit's reference annotation, "
                         f"and article {art.id!r} has none ({err}).") from None
    used = {s.label for r in records for s in r.spans} | set(ref.labels)
    labels = tuple(i for i in taxonomy_module.load().ids() if i in used)
    covered = {r.annotator: ag.coverage(r.spans, art) for r in records}
    matrix = ag.class_matrix({r.annotator: r.spans for r in records}, len(art.tokens), labels,
                             covered)
    synthetic = all(r.synthetic for r in records)
    return Classroom(art, ref, report, activity, records, labels, matrix, synthetic)


# -- figures -------------------------------------------------------------------
def _num(value: float) -> str:
    return "–" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.2f}"


def _names(names) -> str:
    names = tuple(names)
    if len(names) <= _NAMES_SHOWN:
        return ", ".join(names)
    return t("classroom.n_students", n=len(names))


def _last_block(cls: Classroom, spans) -> int | None:
    ends = [s.start for s in spans]
    if not ends:
        return None
    starts = [b.start for b in cls.article.blocks]
    return max(i for i, b in enumerate(starts) if b <= max(ends))


def _finished(cls: Classroom, spans) -> bool:
    last = _last_block(cls, spans)
    needed = _last_block(cls, [r.span for r in cls.reference.spans])
    return last is not None and needed is not None and last >= needed


@dataclass(frozen=True)
class Summary:
    """The headline figures of the class."""

    activity: str
    synthetic: bool
    files: int
    rejected: int
    duplicates: int
    conflicts: int
    annotators: int
    finished: int
    alpha: float
    fleiss: float
    f1_exact: float
    f1_overlap: float
    reference_f1: float


def summary(cls: Classroom) -> Summary:
    """Headline figures: submissions, agreement, mean F1 against the reference."""
    agree = cls.agreement
    ref_f1 = [c.overall.overlap_f1 for c in cls.comparisons.values()]
    return Summary(
        activity=cls.activity, synthetic=cls.synthetic, files=len(cls.report.files),
        rejected=cls.report.count("rejected"), duplicates=len(cls.report.duplicates),
        conflicts=len(cls.report.conflicts),
        annotators=len(cls.records), finished=sum(_finished(cls, r.spans) for r in cls.records),
        alpha=agree.alpha, fleiss=agree.fleiss, f1_exact=agree.f1_exact,
        f1_overlap=agree.f1_overlap, reference_f1=sum(ref_f1) / len(ref_f1),
    )


def summary_table(cls: Classroom) -> Table:
    """The headline figures as a two-column table."""
    s = summary(cls)
    rows = [
        (t("classroom.activity"), s.activity + (f" ({t('classroom.synthetic')})" if s.synthetic else "")),
        (t("classroom.files"), f"{s.files} ({s.rejected} {t('classroom.rejected')}, "
                               f"{s.duplicates} {t('classroom.duplicates')}"
                               + (f", {s.conflicts} {t('classroom.conflicts')}" if s.conflicts else "")
                               + ")"),
        (t("classroom.annotators"), f"{s.annotators} ({s.finished} {t('classroom.finished_n')})"),
        (t("classroom.alpha"), _num(s.alpha)),
        (t("classroom.fleiss"), _num(s.fleiss)),
        (t("classroom.f1_exact"), _num(s.f1_exact)),
        (t("classroom.f1_overlap"), _num(s.f1_overlap)),
        (t("classroom.reference_f1"), _num(s.reference_f1)),
    ]
    return table(rows, (t("classroom.figure"), t("classroom.value")))


def files_table(cls: Classroom) -> Table:
    """Every file: accepted, rejected (with reason and line) or duplicate."""
    rows = [(f["file"], t("classroom.status." + f["status"].replace(" ", "_")), f["records"],
             f["line"] or "", f["reason"])
            for f in cls.report.rows()]
    return table(rows, (t("classroom.file"), t("classroom.status"), t("classroom.records"),
                        t("classroom.line"), t("classroom.reason")))


def participation(cls: Classroom) -> Table:
    """Who submitted, how many spans, how far they got, finished or not."""
    rows = []
    for r in cls.records:
        last = _last_block(cls, r.spans)
        rows.append((r.annotator, len(r.spans), len({s.label for s in r.spans}),
                     cls.article.blocks[last].id if last is not None else "–",
                     t("classroom.yes") if _finished(cls, r.spans) else t("classroom.no")))
    return table(rows, (t("classroom.annotator"), t("classroom.spans"), t("classroom.labels_used"),
                        t("classroom.reached"), t("classroom.finished")))


def agreement_table(cls: Classroom) -> Table:
    """Alpha, Fleiss' kappa and mean pairwise F1, for all labels and each label."""
    agree = cls.agreement
    rows = [(t("classroom.all_labels"), _num(agree.alpha), _num(agree.fleiss),
             _num(agree.f1_exact), _num(agree.f1_overlap))]
    rows += [(display(lab), _num(a), _num(k), _num(fe), _num(fo)) for lab, a, k, fe, fo in agree.by_label]
    return table(rows, (t("classroom.label"), t("classroom.alpha"), t("classroom.fleiss"),
                        t("classroom.f1_exact"), t("classroom.f1_overlap")))


def pair_table(cls: Classroom, first: str, second: str) -> Table:
    """Two annotators side by side: Cohen's kappa and F1, for all labels and each label."""
    try:
        a, b = cls.annotators.index(first), cls.annotators.index(second)
    except ValueError:
        raise ValueError(f"Choose two of: {', '.join(cls.annotators)}.") from None
    exact, overlap = ag.pairwise_f1(cls.matrix, "exact"), ag.pairwise_f1(cls.matrix, "overlap")
    rows = []
    for lab in (None, *cls.labels):
        cats = ag.categories(cls.matrix, lab)
        rows.append((display(lab) if lab else t("classroom.all_labels"), _num(ag.cohen_kappa(cats[a], cats[b])),
                     _num(exact.pair(a, b, lab)), _num(overlap.pair(a, b, lab))))
    return table(rows, (t("classroom.label"), t("classroom.cohen"), t("classroom.f1_exact"),
                        t("classroom.f1_overlap")))


def reference_table(cls: Classroom) -> Table:
    """Each student against the reference: precision, recall, F1, false alarms, misses."""
    rows = []
    for r in cls.records:
        c = cls.comparisons[r.annotator]
        o = c.overall
        rows.append((r.annotator, _num(o.overlap_precision), _num(o.overlap_recall),
                     _num(o.overlap_f1), _num(o.f1), len(c.false_alarms), len(c.misses)))
    return table(rows, (t("classroom.annotator"), t("classroom.precision"), t("classroom.recall"),
                        t("classroom.f1_overlap"), t("classroom.f1_exact"),
                        t("classroom.false_alarms"), t("classroom.misses")))


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _counted(names, label: str = "") -> str:
    """Names with their count said once: ``"Lab (2): a, b"``, ``"Lab: 9 students"``, ``"2: a, b"``."""
    names = tuple(names)
    if len(names) > _NAMES_SHOWN:
        return f"{label}: {_names(names)}" if label else _names(names)
    count = f"{label} ({len(names)})" if label else str(len(names))
    return f"{count}: {_names(names)}"


def _excerpt(article, start: int, end: int, limit: int = 70) -> str:
    """``article.text[start:end]`` shortened, with "…" where it cuts into a sentence."""
    text = _short(article.text[start:end], limit - 2)
    first, last = article.sentence_at(start), article.sentence_at(end - 1)
    if first is None or _has_words(article.text[first.start : start]):
        text = "…" + text
    if not text.endswith("…") and (last is None or _has_words(article.text[end : last.end])):
        text += "…"
    return text


def _has_words(piece: str) -> bool:
    """True when ``piece`` holds more than spaces and punctuation (so leaving it out cuts a sentence)."""
    return any(ch.isalnum() for ch in piece)


def hot_spots_table(cls: Classroom, top: int = 10) -> Table:
    """The runs of text where the class disagrees most: who chose what, and the reference."""
    ref = [r.span for r in cls.reference.spans]
    rows = []
    for h in hot_spots(cls.matrix, cls.article, ref)[:top]:
        votes = "; ".join(_counted(who, display(lab)) for lab, who in h.votes)
        rows.append((h.block_id, _excerpt(cls.article, h.start, h.end), _num(h.disagreement), votes,
                     _counted(h.untagged) if h.untagged else "0",
                     ", ".join(display(lab) for lab in h.reference) or t("classroom.nothing")))
    return table(rows, (t("classroom.block"), t("classroom.text"), t("classroom.disagreement"),
                        t("classroom.votes"), t("classroom.untagged"), t("classroom.reference")))


def _mistakes(cls: Classroom):
    return common_mistakes(cls.spans, cls.reference, cls.article, cls.covered, cls.labels,
                           cls.comparisons)


def false_alarms_table(cls: Classroom, top: int = 10) -> Table:
    """The most common false alarms: label, sentence, how many students, plain reporting or not."""
    rows = [(display(m.label), m.where, m.count, _names(m.annotators),
             t("classroom.yes") if m.plain else "", _short(m.text))
            for m in _mistakes(cls)[0][:top]]
    return table(rows, (t("classroom.label"), t("classroom.sentence"), t("classroom.students"),
                        t("classroom.who"), t("classroom.plain"), t("classroom.text")))


def misses_table(cls: Classroom, top: int = 10) -> Table:
    """The reference spans most often missed by students who reached them."""
    rows = [(display(m.label), m.where, _short(m.text), m.count, _names(m.annotators))
            for m in _mistakes(cls)[1][:top]]
    return table(rows, (t("classroom.label"), t("classroom.sentence"), t("classroom.text"),
                        t("classroom.students"), t("classroom.who")))


def heat_strip(cls: Classroom):
    """A fixed-size strip over the article: class disagreement per token, and the reference.

    Returns:
        matplotlib.figure.Figure (built without pyplot; deterministic).
    """
    import numpy as np
    from matplotlib.figure import Figure

    values = ag.token_disagreement(cls.matrix)
    ref = np.zeros_like(values)
    for r in cls.reference.spans:
        ref[r.span.token_start : r.span.token_end] = 1.0
    fig = Figure(figsize=HEAT_STRIP_SIZE, dpi=100, layout="constrained")
    fig.patch.set_facecolor("white")
    top, bottom = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 1]})
    top.imshow(values[None, :], aspect="auto", cmap="Reds", vmin=0.0, vmax=1.0,
               interpolation="nearest")
    bottom.imshow(ref[None, :], aspect="auto", cmap="Greys", vmin=0.0, vmax=1.5,
                  interpolation="nearest")
    top.set_yticks([0], [t("classroom.strip.class")])
    bottom.set_yticks([0], [t("classroom.strip.reference")])
    shown = [b for b in cls.article.blocks if b.kind != "subhead"]
    firsts = [next(i for i, (s, _) in enumerate(cls.article.tokens) if s >= b.start) for b in shown]
    bottom.set_xticks(firsts, [b.id for b in shown], fontsize=7, rotation=90)
    title = t("classroom.strip.title")
    if cls.synthetic:
        title += f" ({t('classroom.synthetic')})"
    top.set_title(title, fontsize=10)
    bottom.set_xlabel(t("classroom.strip.xlabel"), fontsize=8)
    return fig


def heat_strip_png(cls: Classroom) -> bytes:
    """The heat strip as PNG bytes (no metadata, so the same class gives the same bytes)."""
    buf = io.BytesIO()
    heat_strip(cls).savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


@dataclass(frozen=True)
class HeatStrip:
    """The heat strip as a PNG a notebook shows (whatever the matplotlib backend).

    Attributes:
        png (bytes): the image.
        tokens (int): how many tokens of the article it covers.
        synthetic (bool): drawn from synthetic annotators.
    """

    png: bytes = field(repr=False)
    tokens: int
    synthetic: bool

    def _repr_png_(self) -> bytes:
        return self.png

    def __repr__(self) -> str:
        kind = ", synthetic class" if self.synthetic else ""
        return f"<HeatStrip: disagreement over {self.tokens} tokens{kind}>"


def heat_strip_image(cls: Classroom) -> HeatStrip:
    """The heat strip ready to display in a notebook cell."""
    return HeatStrip(heat_strip_png(cls), cls.matrix.n_tokens, cls.synthetic)


# -- printable report ----------------------------------------------------------
_STYLE = ("body{font-family:sans-serif;max-width:70em;margin:2em auto;line-height:1.4}"
          "table{border-collapse:collapse;margin:1em 0;font-size:.9em}td,th{border:1px solid #ccc;"
          "padding:.2em .5em;text-align:left;vertical-align:top}.synthetic{background:#fff3cd;"
          "padding:.5em;border:1px solid #e0c36b}img{max-width:100%}")


def report_html(cls: Classroom, title: str | None = None) -> str:
    """A self-contained, printable HTML page of the dashboard; every text is escaped."""
    e = escape.html
    title = title or t("classroom.report.title", activity=cls.activity)
    png = base64.b64encode(heat_strip_png(cls)).decode("ascii")
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             f"<title>{e(title)}</title><style>{_STYLE}</style></head><body>",
             f"<h1>{e(title)}</h1>"]
    if cls.synthetic:
        parts.append(f'<p class="synthetic">{e(t("classroom.report.synthetic"))}</p>')
    sections = [
        ("classroom.section.summary", summary_table(cls)),
        ("classroom.section.files", files_table(cls)),
        ("classroom.section.participation", participation(cls)),
        ("classroom.section.agreement", agreement_table(cls)),
        ("classroom.section.reference", reference_table(cls)),
        ("classroom.section.hot_spots", hot_spots_table(cls)),
        ("classroom.section.false_alarms", false_alarms_table(cls)),
        ("classroom.section.misses", misses_table(cls)),
    ]
    for key, tab in sections:
        parts.append(f"<h2>{e(t(key))}</h2>")
        parts.append(tab._repr_html_())
        if key == "classroom.section.agreement":
            parts.append(f"<p>{e(t('classroom.report.method'))}</p>")
        if key == "classroom.section.hot_spots":
            parts.append(f'<img alt="{e(t("classroom.strip.title"))}" src="data:image/png;base64,{png}">')
    parts.append("</body></html>\n")
    return "\n".join(parts)


def write_report(cls: Classroom, path, *, force: bool = False, title: str | None = None) -> Path:
    """Write ``report_html`` to ``path`` atomically; refuses to overwrite unless ``force``."""
    path = Path(path)
    if path.is_dir():
        raise ReportError(f"{path} is a folder; give a file name such as class-report.html.")
    if path.exists() and not force:
        raise ReportError(f"{path} already exists; choose another name or pass force=True to replace it.")
    return write_text_atomic(path, report_html(cls, title))
