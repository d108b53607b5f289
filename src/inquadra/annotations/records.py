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
        where = []
        if self.path is not None:
            where.append(self.path)
        if line is not None:
            where.append(f"line {line}")
        prefix = ", ".join(where)
        super().__init__(f"{prefix}: {message}" if prefix else message)


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
        raise ValueError(f"The {what} contains control characters (or invisible, bidirectional "
                         "or line-separator ones); type it again.")
    if text and all(unicodedata.category(ch).startswith(("M", "Z")) for ch in text):
        raise ValueError(f"The {what} is made only of accents or spaces with no letter; type it again.")


def check_annotator(name: object) -> str:
    """Return the annotator's name if it is sane text.

    1–60 characters, with at least one letter, digit or symbol that is not a
    combining mark, and no control, format (bidirectional, zero-width),
    line-separator, private-use or unassigned characters.
    """
    if not isinstance(name, str):
        raise ValueError(f"The annotator must be a name (text), got {type(name).__name__}.")  # noqa: TRY004
    if not name.strip():
        raise ValueError("The annotator's name is empty. Set a name first.")
    if len(name) > _NAME_MAX:
        raise ValueError(
            f"The annotator's name has {len(name)} characters; the limit is {_NAME_MAX}."
        )
    _check_characters(name, "annotator's name")
    return name


def check_activity(activity: object) -> str:
    """The activity id normalised (NFC, case folded, spaces trimmed and collapsed) and checked.

    An empty id (no activity) stays empty; otherwise the id is checked like a
    name: at most 60 characters, no control, bidirectional, zero-width or
    line-separator characters, not only accents.
    """
    if not isinstance(activity, str):
        raise ValueError(f"The activity must be text, got {type(activity).__name__}.")  # noqa: TRY004
    if len(activity) > _NAME_MAX:
        raise ValueError(f"The activity must be a short name (at most {_NAME_MAX} characters).")
    _check_characters(activity.replace(" ", ""), "activity id")
    return " ".join(unicodedata.normalize("NFC", activity).casefold().split())


def _type_name(value: object) -> str:
    return {
        dict: "an object",
        list: "a list",
        str: "text",
        bool: "true/false",
        int: "a number",
        float: "a number",
        type(None): "null",
    }.get(type(value), type(value).__name__)


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

    def fail(message: str):
        raise AnnotationFileError(message, path, line)

    if not isinstance(obj, dict):
        fail(
            f"expected a JSON object {{…}} (one annotation record a line), found {_type_name(obj)}."
        )
    schema = obj.get("schema")
    if schema is None:
        fail('the record has no "schema"; annotation records start with "schema": 1.')
    if not isinstance(schema, int) or isinstance(schema, bool):
        fail(f'"schema" must be the number 1, found {_type_name(schema)}.')
    if schema != SCHEMA:
        fail(
            f"schema {schema} is not supported (this version reads schema {SCHEMA}); "
            "update inquadra or re-save the file with this version."
        )
    if "spans" not in obj and "text_sha256" not in obj and isinstance(obj.get("activity"), str):
        who = obj.get("annotator") if isinstance(obj.get("annotator"), str) else "a student"
        fail(
            f"this is {who}'s answer to activity {obj['activity']!r}, "
            "saved by a lesson widget; it holds no tagged spans. Only tagging files are "
            "annotation records: leave this file out."
        )
    for name in ("article", "text_sha256", "annotator", "spans"):
        if name not in obj:
            fail(
                f'the record has no "{name}"; every record needs '
                '"schema", "article", "text_sha256", "annotator" and "spans".'
            )
    for name in ("article", "text_sha256"):
        if not isinstance(obj[name], str):
            fail(f'"{name}" must be text, found {_type_name(obj[name])}.')
    try:
        annotator = check_annotator(obj["annotator"])
        activity = check_activity(obj.get("activity", ""))
    except ValueError as err:
        fail(str(err))
    if article is None:
        from .. import article as article_module

        try:
            if not _ARTICLE_ID.fullmatch(obj["article"]):
                raise ValueError(obj["article"])
            article = article_module.load(obj["article"])
        except (ValueError, KeyError, OSError):
            fail(
                f"unknown article {obj['article']!r}: it is not bundled with inquadra. "
                'Check the "article" id, or load the file with the article it belongs to.'
            )
    elif obj["article"] != article.id:
        fail(
            f"this record is for article {obj['article']!r}, not {article.id!r}. "
            "Open it with the article it was made for."
        )
    if obj["text_sha256"] != article.sha256:
        fail(
            f"the text hash does not match article {article.id!r}: the record was made for a "
            "different version of the text, so its offsets cannot be trusted. Tag the article again."
        )
    if taxonomy is None:
        from .. import taxonomy as taxonomy_module

        taxonomy = taxonomy_module.load()
    known = frozenset(taxonomy.ids())
    index = _token_index(article)
    if not isinstance(obj["spans"], list):
        fail(f'"spans" must be a list [...], found {_type_name(obj["spans"])}.')
    spans = []
    seen = set()
    for i, d in enumerate(obj["spans"], start=1):
        try:
            span = _check_span(d, article, known, index)
        except SpanError as err:
            fail(f"span {i}: {err}")
        if span.key in seen:
            fail(
                f"span {i}: {span.start}–{span.end} is tagged {span.label} twice; delete one of them."
            )
        seen.add(span.key)
        spans.append(span)
    merged_from = obj.get("merged_from", "")
    if not isinstance(merged_from, str):
        fail(f'"merged_from" must be text (a file name), found {_type_name(merged_from)}.')
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
        raise SpanError(f"offsets cannot be negative (start {span.start}, end {span.end}).")
    if span.start >= span.end:
        raise SpanError(f"start ({span.start}) must be lower than end ({span.end}).")
    if span.end > size:
        raise SpanError(f"end ({span.end}) is past the end of the text ({size} characters).")
    if span.label not in known_labels:
        raise SpanError(
            f"unknown label {span.label!r}; see inquadra/data/taxonomy.json for the label ids."
        )
    n = index.n
    if not 0 <= span.token_start < span.token_end <= n:
        raise SpanError(f"tokens {span.token_start}–{span.token_end} are not a range within 0–{n}.")
    starts, ends = index.starts, index.ends
    if span.start not in starts:
        raise SpanError(
            f"start {span.start} is not at the beginning of a word (token); "
            "offsets must fall on token boundaries. Re-tag the span in the tagger."
        )
    if span.end not in ends:
        raise SpanError(
            f"end {span.end} is not at the end of a word (token); "
            "offsets must fall on token boundaries. Re-tag the span in the tagger."
        )
    if (starts[span.start], ends[span.end]) != (span.token_start, span.token_end):
        raise SpanError(
            f"token_start/token_end {span.token_start}–{span.token_end} do not match "
            f"characters {span.start}–{span.end} (tokens {starts[span.start]}–"
            f"{ends[span.end]})."
        )
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
        raise AnnotationFileError(
            "the file does not exist. Check the name and folder.", path
        ) from None
    except OSError as err:
        raise AnnotationFileError(f"the file cannot be read ({err.strerror}).", path) from None
    if not path.is_file():
        raise AnnotationFileError(
            "this is not a file (perhaps a folder). Give the path of a .jsonl file.", path
        )
    if size > max_bytes:
        raise AnnotationFileError(
            f"the file is too big ({size:,} bytes; the limit is {max_bytes:,}). "
            "Annotation files are small: check you chose the right file.",
            path,
        )
    with path.open("rb") as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise AnnotationFileError(f"the file is bigger than {max_bytes:,} bytes.", path)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise AnnotationFileError(
            "the file is saved as UTF-16; save it as UTF-8 text and try again.", path
        )
    if b"\x00" in data or data.startswith(b"\x80"):
        raise AnnotationFileError(
            "this is a binary file (perhaps a pickle or a spreadsheet), not an annotation file. "
            "Annotation files are UTF-8 text with one JSON object a line.",
            path,
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise AnnotationFileError(
            "the text is not valid UTF-8. Save the file as UTF-8 (not Latin-1 or ANSI).", path, line
        ) from None
    if text.startswith(_BOM):
        text = text[1:]
    out = []
    for number, raw in enumerate(_LINE_END.split(text), start=1):
        if not raw.strip():
            continue
        try:
            value = json.loads(raw, parse_constant=_reject_constant, object_pairs_hook=_unique_keys)
        except _DuplicateKey as err:
            raise AnnotationFileError(
                f"the key {str(err)!r} appears twice in one object; JSON readers disagree on which "
                "one counts, so the file is refused. Delete one of them.",
                path,
                number,
            ) from None
        except json.JSONDecodeError as err:
            raise AnnotationFileError(
                f"not valid JSON at column {err.colno} ({err.msg}). The line may have been cut off "
                "while saving, or edited by hand: restore it or delete the line.",
                path,
                number,
            ) from None
        except RecursionError:
            raise AnnotationFileError(
                "the JSON is nested too deeply to be an annotation record.", path, number
            ) from None
        except ValueError as err:
            raise AnnotationFileError(f"not valid JSON ({err}).", path, number) from None
        out.append((number, value))
    if not out:
        raise AnnotationFileError(
            "the file is empty. An annotation file holds one JSON record a line; "
            "save your tagging again.",
            path,
        )
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
