"""The annotation file: JSON Lines, one annotation record a line.

A record, close to Prodigy's task format::

    {"schema": 1, "article": "<article id>", "text_sha256": "…",
     "annotator": "Giulia", "activity": "lesson03",
     "spans": [{"start": 10, "end": 42, "token_start": 2, "token_end": 7,
                "label": "Loaded_Language", "note": ""}]}

Reading never executes or unpickles anything: the bytes must be UTF-8 text and
every line JSON. Encoding choices: a UTF-8 byte-order mark at the start of the
file (added by some Windows editors) is tolerated and skipped; UTF-16 files
are refused with a hint to save as UTF-8; Windows line ends (CRLF) are
tolerated, and so are old Mac line ends (CR alone); blank lines are skipped.
A key given twice in one object is refused (JSON parsers disagree on which one
wins). Keys a record or span does not need are ignored, so files from other
tools can carry extra fields.

Two optional keys are markers the kit writes itself: ``"merged_from"`` (the
student's file a record of a merged class file came from, written by
``inquadra merge``) and ``"synthetic": true`` (a made-up annotator of the
bundled sample class). Activity ids are normalised when read: case folded,
spaces trimmed and collapsed (``" Lesson06 "`` is ``"lesson06"``).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InquadraError
from ..i18n import t
from ..files import write_atomic as write_text_atomic
from .spans import Span, SpanError

__all__ = [
    "SCHEMA",
    "AnnotationFileError",
    "AnnotationRecord",
    "check_activity",
    "check_annotator",
    "read_json_lines",
    "read_records",
    "validate_record",
    "write_records",
    "write_text_atomic",
]

SCHEMA = 1
_NAME_MAX = 60
_BOM = "\ufeff"
_ARTICLE_ID = re.compile(r"[A-Za-z0-9_-]{1,80}")
_LINE_END = re.compile(r"\r\n|\r|\n")
#: Unicode categories a name may not hold: controls, format characters (the
#: bidirectional overrides, zero-width spaces), surrogates, line and paragraph
#: separators (U+2028, U+2029), private use and unassigned code points.
_BAD_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


class AnnotationFileError(InquadraError):
    """An annotation file or record is not valid.

    Attributes:
        path (str | None): the file, when known.
        line (int | None): 1-based line number, when known.
    """

    def __init__(self, message: str, path=None, line: int | None = None):
        self.path = None if path is None else str(path)
        self.line = line
        self.reason = message
        super().__init__(self._placed(message))

    @classmethod
    def about(cls, key: str, path=None, line: int | None = None, **values) -> AnnotationFileError:
        """The error whose reason is the message ``records.<key>`` of ``data/strings/records.json``.

        ``str(err)`` is in the language current when it was raised; :meth:`text`
        gives it in any language, so a widget shown before a switch follows it.
        """
        err = cls(_render(f"records.{key}", None, values), path, line)
        err.key, err.values = f"records.{key}", dict(values)
        return err

    def _placed(self, reason: str, language: str | None = None) -> str:
        where = [] if self.path is None else [self.path]
        if self.line is not None:
            where.append(t("records.where.line", language, line=self.line))
        return f"{', '.join(where)}: {reason}" if where else reason

    def text(self, language: str | None = None) -> str:
        """The message (file, line and reason) in ``language`` (default: the current one)."""
        if self.key is None:
            return str(self)
        return self._placed(_render(self.key, language, self.values), language)


class _Word:
    """A word of a message that is itself a message key (a JSON type's name)."""

    def __init__(self, key: str):
        self.key = key

    def text(self, language: str | None = None) -> str:
        return t(self.key, language)


def _render(key: str, language: str | None, values: dict) -> str:
    """``t(key)`` with values that are messages themselves (errors, words) in the same language."""
    shown = {k: v.text(language) if hasattr(v, "text") and callable(v.text) else v
             for k, v in values.items()}
    return t(key, language, **shown)


@dataclass(frozen=True)
class AnnotationRecord:
    """One annotator's spans for one article and activity (one line of a file).

    ``merged_from`` and ``synthetic`` are markers (see the module docstring);
    they do not take part in equality.
    """

    article: str
    text_sha256: str
    annotator: str
    activity: str
    spans: tuple[Span, ...]
    schema: int = SCHEMA
    merged_from: str = field(default="", compare=False)
    synthetic: bool = field(default=False, compare=False)

    def to_dict(self) -> dict:
        """The record as a JSON-ready dict, spans sorted by (start, end, label); markers only when set."""
        out = {
            "schema": self.schema,
            "article": self.article,
            "text_sha256": self.text_sha256,
            "annotator": self.annotator,
            "activity": self.activity,
            "spans": [s.to_dict() for s in sorted(self.spans, key=lambda s: s.key)],
        }
        if self.merged_from:
            out["merged_from"] = self.merged_from
        if self.synthetic:
            out["synthetic"] = True
        return out

    @classmethod
    def from_store(cls, store, activity: str = "") -> AnnotationRecord:
        """The record for a ``SpanStore``'s current spans."""
        return cls(
            store.article.id,
            store.article.sha256,
            check_annotator(store.annotator),
            check_activity(activity),
            store.spans,
        )


def _check_characters(text: str, what: str) -> None:
    if any(unicodedata.category(ch) in _BAD_CATEGORIES for ch in text):
        raise InquadraError.keyed("records.name.characters", what=_Word(f"records.what.{what}"))
    if text and all(unicodedata.category(ch).startswith(("M", "Z")) for ch in text):
        raise InquadraError.keyed("records.name.only_marks", what=_Word(f"records.what.{what}"))


def check_annotator(name: object) -> str:
    """Return the annotator's name if it is sane text.

    1–60 characters, with at least one letter, digit or symbol that is not a
    combining mark, and no control, format (bidirectional, zero-width),
    line-separator, private-use or unassigned characters.
    """
    if not isinstance(name, str):
        raise InquadraError.keyed("records.name.not_text", found=_type_name(name))
    if not name.strip():
        raise InquadraError.keyed("records.name.empty")
    if len(name) > _NAME_MAX:
        raise InquadraError.keyed("records.name.too_long", n=len(name), limit=_NAME_MAX)
    _check_characters(name, "annotator")
    return name


def check_activity(activity: object) -> str:
    """The activity id normalised (NFC, case folded, spaces trimmed and collapsed) and checked.

    An empty id (no activity) stays empty; otherwise the id is checked like a
    name: at most 60 characters, no control, bidirectional, zero-width or
    line-separator characters, not only accents.
    """
    if not isinstance(activity, str):
        raise InquadraError.keyed("records.activity.not_text", found=_type_name(activity))
    if len(activity) > _NAME_MAX:
        raise InquadraError.keyed("records.activity.too_long", limit=_NAME_MAX)
    _check_characters(activity.replace(" ", ""), "activity")
    return " ".join(unicodedata.normalize("NFC", activity).casefold().split())


def _type_name(value: object) -> _Word | str:
    kind = {dict: "object", list: "list", str: "text", bool: "bool", int: "number", float: "number",
            type(None): "null"}.get(type(value))
    return _Word(f"records.type.{kind}") if kind else type(value).__name__


def validate_record(obj, *, article=None, taxonomy=None, path=None, line=None) -> AnnotationRecord:
    """Check one parsed JSON object and return it as an ``AnnotationRecord``.

    Args:
        obj: the parsed JSON value of one line.
        article: the ``Article`` the record must belong to; None loads the
            bundled article named by the record.
        taxonomy: a ``Taxonomy`` (default: the kit's).
        path, line: where the record came from, for the error message.

    Raises:
        AnnotationFileError: naming the file and line, what is wrong and how to fix it.
    """

    def fail(key: str, **values):
        raise AnnotationFileError.about(key, path, line, **values)

    if not isinstance(obj, dict):
        fail("not_object", found=_type_name(obj))
    schema = obj.get("schema")
    if schema is None:
        fail("no_schema")
    if not isinstance(schema, int) or isinstance(schema, bool):
        fail("schema_type", found=_type_name(schema))
    if schema != SCHEMA:
        fail("schema_version", schema=schema, supported=SCHEMA)
    if "spans" not in obj and "text_sha256" not in obj and isinstance(obj.get("activity"), str):
        who = obj.get("annotator") if isinstance(obj.get("annotator"), str) else _Word("records.a_student")
        fail("answer_file", who=who, activity=obj["activity"])
    for name in ("article", "text_sha256", "annotator", "spans"):
        if name not in obj:
            fail("missing_field", name=name)
    for name in ("article", "text_sha256"):
        if not isinstance(obj[name], str):
            fail("not_text", name=name, found=_type_name(obj[name]))
    try:
        annotator = check_annotator(obj["annotator"])
        activity = check_activity(obj.get("activity", ""))
    except InquadraError as err:
        raise AnnotationFileError.about("name", path, line, detail=err) from None
    if article is None:
        from .. import article as article_module

        try:
            if not _ARTICLE_ID.fullmatch(obj["article"]):
                raise ValueError(obj["article"])
            article = article_module.load(obj["article"])
        except (ValueError, KeyError, OSError):
            fail("unknown_article", article=obj["article"])
    elif obj["article"] != article.id:
        fail("other_article", article=obj["article"], expected=article.id)
    if obj["text_sha256"] != article.sha256:
        fail("other_text", article=article.id)
    if taxonomy is None:
        from .. import taxonomy as taxonomy_module

        taxonomy = taxonomy_module.load()
    known = frozenset(taxonomy.ids())
    index = _token_index(article)
    if not isinstance(obj["spans"], list):
        fail("spans_type", found=_type_name(obj["spans"]))
    spans = []
    seen = set()
    for i, d in enumerate(obj["spans"], start=1):
        try:
            span = _check_span(d, article, known, index)
        except SpanError as err:
            fail("span", n=i, detail=err)
        if span.key in seen:
            fail("span_twice", n=i, start=span.start, end=span.end, label=span.label)
        seen.add(span.key)
        spans.append(span)
    merged_from = obj.get("merged_from", "")
    if not isinstance(merged_from, str):
        fail("merged_from", found=_type_name(merged_from))
    return AnnotationRecord(
        obj["article"], obj["text_sha256"], annotator, activity, tuple(spans), schema,
        merged_from=merged_from, synthetic=obj.get("synthetic") is True,
    )


_INDEXES: dict = {}


def _token_index(article) -> _TokenIndex:
    """The token index of ``article``, built once per text (a class file holds many records)."""
    key = (article.sha256, len(article.tokens))
    index = _INDEXES.get(key)
    if index is None:
        if len(_INDEXES) > 8:
            _INDEXES.clear()
        index = _INDEXES[key] = _TokenIndex(article.tokens)
    return index


class _TokenIndex:
    def __init__(self, tokens):
        self.n = len(tokens)
        self.starts = {s: i for i, (s, _) in enumerate(tokens)}
        self.ends = {e: i + 1 for i, (_, e) in enumerate(tokens)}


def _check_span(d, article, known_labels, index: _TokenIndex) -> Span:
    span = Span.from_dict(d)
    size = len(article.text)
    if span.start < 0 or span.end < 0:
        raise SpanError.keyed("records.negative", start=span.start, end=span.end)
    if span.start >= span.end:
        raise SpanError.keyed("records.start_after_end", start=span.start, end=span.end)
    if span.end > size:
        raise SpanError.keyed("records.past_end", end=span.end, size=size)
    if span.label not in known_labels:
        raise SpanError.keyed("records.unknown_label", label=span.label)
    n = index.n
    if not 0 <= span.token_start < span.token_end <= n:
        raise SpanError.keyed("records.tokens_range", start=span.token_start, end=span.token_end, n=n)
    starts, ends = index.starts, index.ends
    if span.start not in starts:
        raise SpanError.keyed("records.start_inside_word", start=span.start)
    if span.end not in ends:
        raise SpanError.keyed("records.end_inside_word", end=span.end)
    if (starts[span.start], ends[span.end]) != (span.token_start, span.token_end):
        raise SpanError.keyed("records.tokens_mismatch", token_start=span.token_start,
                              token_end=span.token_end, start=span.start, end=span.end,
                              first=starts[span.start], last=ends[span.end])
    return span


def _reject_constant(name: str):
    raise ValueError(f"{name} is not a valid JSON number")


class _DuplicateKey(ValueError):
    pass


def _unique_keys(pairs: list) -> dict:
    out = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def read_json_lines(path, *, max_bytes: int = 5_000_000) -> list[tuple[int, object]]:
    """Parse a JSON Lines file safely: ``[(line_number, value), …]`` for non-blank lines.

    The size is checked before reading; binary, pickled, UTF-16 and non-UTF-8
    content, broken or too deeply nested JSON raise ``AnnotationFileError``.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise AnnotationFileError.about("no_file", path) from None
    except OSError as err:
        raise AnnotationFileError.about("unreadable", path, reason=err.strerror) from None
    if not path.is_file():
        raise AnnotationFileError.about("not_a_file", path)
    if size > max_bytes:
        raise AnnotationFileError.about("too_big", path, size=size, limit=max_bytes)
    with path.open("rb") as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise AnnotationFileError.about("grew", path, limit=max_bytes)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise AnnotationFileError.about("utf16", path)
    if b"\x00" in data or data.startswith(b"\x80"):
        raise AnnotationFileError.about("binary", path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise AnnotationFileError.about("not_utf8", path, line) from None
    if text.startswith(_BOM):
        text = text[1:]
    out = []
    for number, raw in enumerate(_LINE_END.split(text), start=1):
        if not raw.strip():
            continue
        try:
            value = json.loads(raw, parse_constant=_reject_constant, object_pairs_hook=_unique_keys)
        except _DuplicateKey as err:
            raise AnnotationFileError.about("duplicate_key", path, number, name=str(err)) from None
        except json.JSONDecodeError as err:
            raise AnnotationFileError.about("bad_json", path, number, column=err.colno,
                                            reason=err.msg) from None
        except RecursionError:
            raise AnnotationFileError.about("too_deep", path, number) from None
        except ValueError as err:
            raise AnnotationFileError.about("bad_value", path, number, reason=str(err)) from None
        out.append((number, value))
    if not out:
        raise AnnotationFileError.about("empty", path)
    return out


def read_records(
    path, *, max_bytes: int = 5_000_000, article=None, taxonomy=None
) -> list[AnnotationRecord]:
    """Read and validate every record of an annotation file (see the module docstring).

    Args:
        path (str | Path): the .jsonl file.
        max_bytes (int): larger files are refused before reading.
        article: the ``Article`` every record must belong to (default: the
            bundled article each record names).
        taxonomy: the ``Taxonomy`` labels are checked against.
    """
    return [
        validate_record(value, article=article, taxonomy=taxonomy, path=path, line=number)
        for number, value in read_json_lines(path, max_bytes=max_bytes)
    ]


def write_records(path, records: Iterable[AnnotationRecord]) -> Path:
    """Write records as JSON Lines, atomically (see ``write_text_atomic``)."""
    lines = []
    for record in records:
        if not isinstance(record, AnnotationRecord):
            raise TypeError(
                f"write_records expects AnnotationRecord objects, got {type(record).__name__}."
            )
        lines.append(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
    return write_text_atomic(path, "".join(lines))
