"""Export annotation records to spaCy, brat and SemEval formats, and read them back.

Every writer is atomic (temporary file in the same folder, then ``os.replace``)
and refuses to overwrite an existing file unless ``force=True``. Every reader
validates what it reads like an annotation file (offsets on token boundaries,
labels known, text matching the article) and raises ``AnnotationFileError``
with the file and line.

spaCy DocBin (``write_docbin`` / ``read_docbin``), one ``.spacy`` file:
    one Doc a record, the article text tokenised by ``spacy.blank("it")``.
    ``doc.spans["inquadra"]`` holds the spans with their label; each span's
    ``kb_id_`` is the annotator, so spans stay attributed when Docs are mixed.
    ``doc.user_data["inquadra"]`` holds the record's article, text_sha256,
    annotator, activity and the notes (a list in the order of the span group).

brat standoff (``write_brat`` / ``read_brat``), a folder:
    ``OUT/<activity>/<annotator>.txt`` (the article text) and ``.ann`` beside
    it; without an activity the files sit in ``OUT`` itself. Each span is a
    ``T`` line ``T1<TAB>Label start end<TAB>text``; a span crossing a line
    break is written as brat fragments (``0 5;7 12``) and read back as one
    span. Notes are ``#1<TAB>AnnotatorNotes T1<TAB>note`` lines, with
    backslash, newline and tab written as ``\\\\``, ``\\n`` and ``\\t``.
    Annotator and activity names that could leave the folder (path
    separators, ``..``, a leading dot, ``:``) are refused. Names Windows or
    macOS cannot hold are written encoded and read back as they were (see
    ``portable_name``): ``<>"|?*`` and ``%`` as ``%XX``, trailing dots and
    spaces as ``%2E``/``%20``, and a reserved device name (``CON``, ``NUL``,
    ``COM1`` …) with its first letter encoded (``%43ON``).

SemEval-2023 Task 3 span TSV (``write_semeval`` / ``read_semeval``):
    ``article_id<TAB>technique<TAB>start<TAB>end``, one span a line. Every
    label is written as it is: SemEval techniques keep their official ids;
    the kit's own labels (``Naming_Choice`` …) and frames are written under
    their kit ids, which SemEval scorers will not know. Notes are not part of
    the format and are dropped. ``OUT`` ending in ``.tsv`` or ``.txt`` is one
    file (one record only); otherwise it is a folder laid out like brat's,
    one ``<annotator>.tsv`` a record.

A DocBin is read only after its compressed payload has been measured: one
whose unpacked size passes ``MAX_UNPACKED`` bytes is refused before anything
is built, so a small file cannot claim gigabytes of memory.
"""

from __future__ import annotations

import unicodedata
import zlib
from bisect import bisect_left, bisect_right
from pathlib import Path
from typing import Iterable
from urllib.parse import unquote

from ..errors import InquadraError
from ..files import write_atomic
from .records import AnnotationFileError, AnnotationRecord, validate_record

__all__ = [
    "FORMATS",
    "ExportError",
    "write",
    "write_docbin",
    "read_docbin",
    "write_brat",
    "read_brat",
    "write_semeval",
    "read_semeval",
    "safe_name",
    "portable_name",
    "renamed",
    "MAX_UNPACKED",
]

FORMATS = ("docbin", "brat", "semeval")
SPAN_KEY = "inquadra"
_MAX_BYTES = 50_000_000
_NAME_MAX = 100
MAX_UNPACKED = 250_000_000
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"{dev}{n}" for dev in ("com", "lpt") for n in "0123456789\u00b9\u00b2\u00b3"}
)
_ENCODED = frozenset('<>"|?*%')


class ExportError(InquadraError):
    """An export cannot be written; the message says why and how to fix it."""


# -- shared helpers ------------------------------------------------------------
def safe_name(name: str, what: str = "name") -> str:
    """Return ``name`` if it can be used as one file or folder name inside the output.

    Raises:
        ExportError: for empty names, path separators, ``..``, a leading dot,
            ``:`` or control characters, or names over 100 characters.
    """
    bad = (
        not name
        or name.strip() != name
        or name.startswith(".")
        or len(name) > _NAME_MAX
        or any(ch in name for ch in "/\\:\x00")
        or any(ord(ch) < 32 for ch in name)
    )
    if bad:
        raise ExportError(
            f"The {what} {name!r} cannot be used as a file name: it is empty, starts with a dot, "
            "or holds '/', '\\', ':' or control characters. Rename it in the annotation file."
        )
    return name


def _percent(ch: str) -> str:
    return "".join(f"%{b:02X}" for b in ch.encode("utf-8"))


def portable_name(name: str, what: str = "name") -> str:
    """The file name used for ``name``: checked by ``safe_name``, then made portable.

    Windows and macOS refuse or change some names that Linux accepts; they are
    encoded so the export opens everywhere and reads back to the same name:
    ``<>"|?*`` and ``%`` become ``%XX``, trailing dots and spaces ``%2E`` and
    ``%20``, and a reserved device name (``CON``, ``con.txt``, ``LPT1`` …) gets
    its first letter encoded. Other names are returned unchanged.

    Raises:
        ExportError: the name could leave the folder (see ``safe_name``).
    """
    safe_name(name, what)
    out = "".join(_percent(ch) if ch in _ENCODED else ch for ch in name)
    body = out.rstrip(". ")
    out = body + "".join(_percent(ch) for ch in out[len(body):])
    if out.split(".")[0].rstrip(" ").casefold() in _RESERVED:
        out = _percent(out[0]) + out[1:]
    return out


def renamed(records) -> list[str]:
    """One message per annotator or activity whose file name is encoded by ``portable_name``."""
    notes = []
    for what, name in sorted({(w, n) for r in records
                              for w, n in (("annotator", r.annotator), ("activity", r.activity)) if n}):
        try:
            portable = portable_name(name, what)
        except ExportError:
            continue
        if portable != name:
            notes.append(f"the {what} {name!r} is written as {portable!r} (Windows and macOS cannot "
                         "hold that name as it is); it reads back unchanged")
    return notes


def _read_name(part: str) -> str:
    """The name a file or folder name written by ``portable_name`` stands for."""
    if "%" not in part:
        return part
    try:
        return unquote(part, errors="strict")
    except UnicodeDecodeError:
        return part


def _article(article_id: str):
    from .. import article as article_module

    return article_module.load(article_id)


def _refuse_existing(paths: Iterable[Path], force: bool) -> None:
    if force:
        return
    for p in paths:
        if p.exists():
            raise ExportError(f"{p} already exists; choose another output or use --force to replace it.")


def _targets(
    records, folder: Path, suffixes: tuple[str, ...], force: bool
) -> list[tuple[AnnotationRecord, Path]]:
    """One file stem a record: ``folder/<activity>/<annotator>``; names checked."""
    out, seen = [], {}
    for r in records:
        stem = portable_name(r.annotator, "annotator name")
        sub = folder / portable_name(r.activity, "activity name") if r.activity else folder
        target = sub / stem
        key = unicodedata.normalize("NFC", str(target)).casefold()  # as Windows and macOS compare names
        if key in seen:
            raise ExportError(
                f"Two records for {r.annotator!r} in activity {r.activity or '(none)'!r}: "
                "merge the files first (inquadra merge) so each submission appears once."
            )
        seen[key] = r
        if folder.resolve() not in (target.resolve().parent, target.resolve().parent.parent):
            raise ExportError(f"The name {r.annotator!r} would write outside {folder}.")
        out.append((r, target))
    _refuse_existing([Path(str(t) + s) for _, t in out for s in suffixes], force)
    return out


def _to_record(article, annotator, activity, spans, path, line=None) -> AnnotationRecord:
    """Validate (start, end, label, note) tuples as a record of ``article``."""
    starts = [s for s, _ in article.tokens]
    ends = [e for _, e in article.tokens]
    obj = {
        "schema": 1, "article": article.id, "text_sha256": article.sha256,
        "annotator": annotator, "activity": activity,
        "spans": [
            {"start": s, "end": e, "label": lab, "note": note,
             "token_start": bisect_right(ends, s), "token_end": bisect_left(starts, e)}
            for s, e, lab, note in spans
        ],
    }
    return validate_record(obj, article=article, path=path, line=line)


def write(fmt: str, records, out, *, force: bool = False) -> list[Path]:
    """Write ``records`` in format ``fmt`` (one of ``FORMATS``); returns the files written."""
    writers = {"docbin": write_docbin, "brat": write_brat, "semeval": write_semeval}
    if fmt not in writers:
        raise ExportError(f"Unknown format {fmt!r}: use one of {', '.join(FORMATS)}.")
    result = writers[fmt](records, out, force=force)
    return result if isinstance(result, list) else [result]


# -- spaCy DocBin --------------------------------------------------------------
def write_docbin(records, path, *, force: bool = False) -> Path:
    """Write records as a spaCy DocBin (see the module docstring); returns the path."""
    import spacy
    from spacy.tokens import DocBin
    from spacy.tokens import Span as SpacySpan

    path = Path(path)
    records = list(records)
    if not force and path.exists():
        raise ExportError(f"{path} already exists; choose another output or use --force to replace it.")
    from ..punctuation_guard import guard

    nlp = spacy.blank("it")
    nlp.tokenizer = guard(nlp.tokenizer)
    docbin = DocBin(store_user_data=True)
    for r in records:
        doc = nlp.make_doc(_article(r.article).text)
        spans = sorted(r.spans, key=lambda s: s.key)
        group = []
        for s in spans:
            found = doc.char_span(s.start, s.end, alignment_mode="strict")
            if found is None:
                raise ExportError(f"{r.annotator}: span {s.start}–{s.end} does not fall on spaCy tokens.")
            group.append(SpacySpan(doc, found.start, found.end, label=s.label, kb_id=r.annotator))
        doc.spans[SPAN_KEY] = group
        doc.user_data[SPAN_KEY] = {
            "article": r.article, "text_sha256": r.text_sha256, "annotator": r.annotator,
            "activity": r.activity, "notes": [s.note for s in spans],
        }
        docbin.add(doc)
    return write_atomic(path, docbin.to_bytes())


def _check_unpacked_size(data: bytes, path: Path, limit: int) -> None:
    """Refuse a DocBin whose zlib payload unpacks to more than ``limit`` bytes (measured in chunks)."""
    unpacker = zlib.decompressobj()
    size, chunk = 0, 1 << 20
    pending = data
    while pending:
        size += len(unpacker.decompress(pending, chunk))
        pending = unpacker.unconsumed_tail
        if size > limit:
            raise AnnotationFileError(
                f"the DocBin unpacks to more than {limit:,} bytes; it is not an export of a class "
                "(or it was built to fill the memory). Export the class again.", path)
        if unpacker.eof:
            break


def read_docbin(path, *, max_unpacked: int = MAX_UNPACKED) -> list[AnnotationRecord]:
    """Read a DocBin written by ``write_docbin`` back into records (validated).

    Args:
        path (str | Path): the .spacy file (at most 50 MB).
        max_unpacked (int): refuse a file that unpacks to more bytes than this.
    """
    import spacy
    from spacy.tokens import DocBin

    path = Path(path)
    try:
        if path.stat().st_size > _MAX_BYTES:
            raise AnnotationFileError(f"the file is bigger than {_MAX_BYTES:,} bytes.", path)
        data = path.read_bytes()
        _check_unpacked_size(data, path, max_unpacked)
        docs = list(DocBin().from_bytes(data).get_docs(spacy.blank("it").vocab))
    except AnnotationFileError:
        raise
    except Exception as err:
        raise AnnotationFileError(f"not a spaCy DocBin file ({type(err).__name__}).", path) from None
    out = []
    for number, doc in enumerate(docs, start=1):
        meta = doc.user_data.get(SPAN_KEY)
        if not isinstance(meta, dict) or SPAN_KEY not in doc.spans:
            raise AnnotationFileError(
                "this Doc was not written by inquadra (no 'inquadra' spans or user data).", path, number)
        try:
            article = _article(meta.get("article", ""))
        except Exception:
            raise AnnotationFileError(f"unknown article {meta.get('article')!r}.", path, number) from None
        if doc.text != article.text:
            raise AnnotationFileError("the Doc's text is not the article's text.", path, number)
        notes = list(meta.get("notes", ()))
        group = list(doc.spans[SPAN_KEY])
        if len(notes) != len(group):
            notes = [""] * len(group)
        spans = [(s.start_char, s.end_char, s.label_, n) for s, n in zip(group, notes)]
        out.append(_to_record(article, meta.get("annotator"), meta.get("activity", ""), spans, path, number))
    return out


# -- brat standoff -------------------------------------------------------------
def _escape_note(note: str) -> str:
    return note.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")


def _unescape_note(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            out.append({"n": "\n", "t": "\t", "\\": "\\"}.get(text[i + 1], text[i : i + 2]))
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Pieces of ``text[start:end]`` between line breaks (brat's discontinuous spans)."""
    pieces, cursor = [], start
    for i in range(start, end + 1):
        if i == end or text[i] in "\r\n":
            piece = (cursor, i)
            while piece[0] < piece[1] and text[piece[0]].isspace():
                piece = (piece[0] + 1, piece[1])
            while piece[1] > piece[0] and text[piece[1] - 1].isspace():
                piece = (piece[0], piece[1] - 1)
            if piece[0] < piece[1]:
                pieces.append(piece)
            cursor = i + 1
    return pieces


def write_brat(records, folder, *, force: bool = False) -> list[Path]:
    """Write each record as ``<activity>/<annotator>.txt`` + ``.ann`` under ``folder``."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder} is a file; brat output needs a folder name.")
    targets = _targets(list(records), folder, (".txt", ".ann"), force)
    written = []
    for r, target in targets:
        text = _article(r.article).text
        lines = []
        for n, s in enumerate(sorted(r.spans, key=lambda s: s.key), start=1):
            frags = _fragments(text, s.start, s.end)
            offsets = ";".join(f"{a} {b}" for a, b in frags)
            shown = " ".join(text[a:b] for a, b in frags)
            lines.append(f"T{n}\t{s.label} {offsets}\t{shown}\n")
            if s.note:
                lines.append(f"#{n}\tAnnotatorNotes T{n}\t{_escape_note(s.note)}\n")
        txt, ann = Path(f"{target}.txt"), Path(f"{target}.ann")
        written.append(write_atomic(txt, text.encode("utf-8")))
        written.append(write_atomic(ann, "".join(lines).encode("utf-8")))
    return written


def _read_text(path: Path) -> str:
    try:
        if path.stat().st_size > _MAX_BYTES:
            raise AnnotationFileError(f"the file is bigger than {_MAX_BYTES:,} bytes.", path)
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise AnnotationFileError("the file is not UTF-8 text.", path) from None
    except OSError as err:
        raise AnnotationFileError(f"the file cannot be read ({err.strerror}).", path) from None


def _article_for_text(text: str, path: Path):
    from .. import article as article_module

    seed = article_module.load()
    if article_module.text_sha256(text) != seed.sha256:
        raise AnnotationFileError(f"the text is not the text of article {seed.id}.", path)
    return seed


def _parse_ann(path: Path, text: str):
    spans, notes = {}, {}
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        fields = line.split("\t")
        if line.startswith("T"):
            try:
                label, _, offsets = fields[1].partition(" ")
                pairs = [tuple(int(x) for x in frag.split(" ")) for frag in offsets.split(";")]
                if any(len(p) != 2 for p in pairs):
                    raise ValueError(offsets)
            except (IndexError, ValueError):
                raise AnnotationFileError(
                    "a T line must read 'T1<TAB>Label start end<TAB>text'.", path, number) from None
            spans[fields[0]] = (min(p[0] for p in pairs), max(p[1] for p in pairs), label, number)
        elif line.startswith("#") and len(fields) >= 3 and fields[1].startswith("AnnotatorNotes "):
            notes[fields[1].split(" ", 1)[1]] = _unescape_note("\t".join(fields[2:]))
    return [(s, e, lab, notes.get(tid, ""), n) for tid, (s, e, lab, n) in spans.items()]


def read_brat(folder) -> list[AnnotationRecord]:
    """Read every ``.ann`` (with its ``.txt``) under ``folder`` written by ``write_brat``."""
    folder = Path(folder)
    out = []
    for ann in sorted(folder.rglob("*.ann")):
        rel = ann.relative_to(folder)
        activity = "/".join(_read_name(p) for p in rel.parent.parts)
        article = _article_for_text(_read_text(ann.with_suffix(".txt")), ann.with_suffix(".txt"))
        parsed = _parse_ann(ann, _read_text(ann))
        spans = [(s, e, lab, note) for s, e, lab, note, _ in parsed]
        out.append(_to_record(article, _read_name(ann.stem), activity, spans, ann))
    return out


# -- SemEval span TSV ----------------------------------------------------------
def _semeval_lines(record: AnnotationRecord) -> str:
    return "".join(
        f"{record.article}\t{s.label}\t{s.start}\t{s.end}\n"
        for s in sorted(record.spans, key=lambda s: s.key)
    )


def write_semeval(records, out, *, force: bool = False) -> list[Path]:
    """Write SemEval span TSV: one file (``.tsv``/``.txt``, one record) or a folder."""
    out = Path(out)
    records = list(records)
    if out.suffix in (".tsv", ".txt"):
        if len(records) != 1:
            raise ExportError(
                f"{out.name} is one file, but the input holds {len(records)} records. "
                "Give a folder name (without .tsv) to write one file per annotator."
            )
        _refuse_existing([out], force)
        return [write_atomic(out, _semeval_lines(records[0]).encode("utf-8"))]
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} is a file; give a folder name, or a name ending in .tsv for one record.")
    targets = _targets(records, out, (".tsv",), force)
    return [write_atomic(Path(f"{t}.tsv"), _semeval_lines(r).encode("utf-8")) for r, t in targets]


def read_semeval(path, *, annotator: str | None = None, activity: str = "") -> list[AnnotationRecord]:
    """Read SemEval span TSV back into records (notes are empty).

    A file gives one record per article id (annotator: ``annotator`` or the
    file's stem); a folder is read like ``write_semeval`` lays it out.
    """
    path = Path(path)
    if path.is_dir():
        out = []
        for f in sorted(path.rglob("*.tsv")):
            rel = f.relative_to(path)
            sub = "/".join(_read_name(p) for p in rel.parent.parts)
            out.extend(read_semeval(f, annotator=_read_name(f.stem), activity=sub))
        return out
    by_article: dict[str, list] = {}
    for number, raw in enumerate(_read_text(path).split("\n"), start=1):
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        fields = line.split("\t")
        try:
            art, label, start, end = fields
            by_article.setdefault(art, []).append((int(start), int(end), label, "", number))
        except ValueError:
            raise AnnotationFileError(
                "expected article_id<TAB>technique<TAB>start<TAB>end.", path, number) from None
    out = []
    for art, spans in by_article.items():
        try:
            article = _article(art)
        except Exception:
            raise AnnotationFileError(f"unknown article {art!r}.", path, spans[0][4]) from None
        out.append(_to_record(article, annotator or path.stem, activity,
                              [s[:4] for s in spans], path, spans[0][4]))
    return out
