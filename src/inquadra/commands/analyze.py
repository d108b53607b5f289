"""``inquadra analyze FILE``: actors, framing terms, quotations and translation damage.

Input is a regular file or standard input, never a FIFO, a device or a
socket (they could block for ever or never end), and at most ``--max-bytes``
bytes (default 20 MB) are read. Every check that can be made before the
analysis runs is made first (the --html path among them); an error while
writing (a full disk, a closed pipe, a read-only folder) is one line and exit
status 2, never a traceback.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

from ..errors import InquadraError
from ..escape import terminal
from ..files import write_atomic
from ..i18n import localise

NAME = "analyze"
HELP = "Analyse an Italian article: actors, framing terms, who is quoted, translation damage."
MAX_BYTES = 20_000_000

__all__ = ["NAME", "HELP", "MAX_BYTES", "add_arguments", "run", "read_input", "InputError"]


class InputError(InquadraError):
    """The input cannot be analysed; the message says what and how to fix it."""


def add_arguments(parser) -> None:
    parser.add_argument("file", metavar="FILE", nargs="?",
                        help="a UTF-8 text file, or - for standard input")
    parser.add_argument("--article", metavar="ID",
                        help="analyse an article bundle instead of FILE (see inquadra articles)")
    parser.add_argument("--json", action="store_true", help="print the analysis as JSON")
    parser.add_argument("--html", metavar="OUT", help="also write a self-contained HTML report")
    parser.add_argument("--force", action="store_true", help="overwrite the --html file")
    parser.add_argument("--max-bytes", type=int, default=MAX_BYTES, metavar="N",
                        help=f"refuse input larger than N bytes (default {MAX_BYTES:,})")
    parser.add_argument("--progress", action="store_true",
                        help="show progress on stderr even when it is not a terminal")


def _kind(mode: int) -> str | None:
    """What a non-regular file is, in words (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _read_capped(fd: int, limit: int, where: str) -> bytes:
    chunks, size = [], 0
    while size <= limit:
        chunk = os.read(fd, min(1 << 20, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > limit:
        raise InputError(f"{where} is larger than {limit:,} bytes (the limit). An article is far "
                         "smaller: check the file, or raise the limit with --max-bytes N.")
    return b"".join(chunks)


def _read_file(name: str, limit: int) -> bytes:
    path = Path(name)
    where = terminal(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise InputError(f"{where}: no such file. Check the path, or use - to read standard input.") from None
    except IsADirectoryError:
        raise InputError(f"{where} is a folder, not a file. Give the path of a .txt file inside it.") from None
    except PermissionError:
        raise InputError(f"{where}: permission denied. Make the file readable "
                         "(e.g. chmod u+r) or copy it somewhere you can read.") from None
    except OSError as exc:
        raise InputError(f"{where}: cannot be read ({exc.strerror}). Check the file and try again.") from None
    try:
        info = os.fstat(fd)
        kind = _kind(info.st_mode)
        if kind == "a folder":
            raise InputError(f"{where} is a folder, not a file. Give the path of a .txt file inside it.")
        if kind is not None:
            raise InputError(f"{where} is {kind}, not a regular file; it could block or never end. "
                             "Save the article as a .txt file, or pipe it in with - .")
        if info.st_size > limit:
            raise InputError(f"{where} is {info.st_size:,} bytes, larger than the limit of {limit:,}. "
                             "An article is far smaller: check the file, or raise the limit with "
                             "--max-bytes N.")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return _read_capped(fd, limit, where)
    except OSError as exc:
        raise InputError(f"{where}: cannot be read ({exc.strerror}). Check the file and try again.") from None
    finally:
        os.close(fd)


def read_input(name: str, max_bytes: int = MAX_BYTES) -> str:
    """The text of FILE (or stdin for ``-``); InputError with one clear line otherwise.

    Only regular files and standard input are read, and at most ``max_bytes``.
    """
    if name == "-":
        where = "standard input"
        try:
            raw = _read_capped(sys.stdin.buffer.fileno(), max_bytes, where)
        except (AttributeError, OSError, ValueError):
            raw = sys.stdin.buffer.read(max_bytes + 1)
            if len(raw) > max_bytes:
                raise InputError(f"{where} is larger than {max_bytes:,} bytes (the limit). "
                                 "Raise the limit with --max-bytes N.") from None
    else:
        where = terminal(name)
        raw = _read_file(name, max_bytes)
    if b"\x00" in raw:
        raise InputError(f"{where} contains binary data (NUL bytes), not text. "
                         "Save the article as plain UTF-8 text (.txt) and try again.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{where} is not UTF-8 text (bad byte at position {exc.start}). "
                         "Re-save it as UTF-8 (e.g. 'iconv -f latin1 -t utf-8').") from None
    if not text.strip():
        raise InputError(f"{where} is empty or only white space. Paste the article text into it.")
    return text.lstrip("\ufeff")


def _check_html_target(html_out: Path, force: bool) -> str | None:
    """Why ``--html`` cannot be written (checked before the analysis), or None."""
    where = terminal(html_out)
    if html_out.is_dir():
        return f"{where} is a folder; give a file name for --html, e.g. report.html."
    if html_out.exists() and not force:
        return f"{where} already exists; choose another name or add --force to overwrite it."
    parent = html_out.parent if str(html_out.parent) else Path(".")
    if not parent.exists():
        return f"folder {terminal(parent)} does not exist; create it first."
    if not parent.is_dir():
        return f"{terminal(parent)} is not a folder; give --html a path inside a folder."
    if not os.access(parent, os.W_OK | os.X_OK):
        return f"folder {terminal(parent)} is not writable; choose another place for --html."
    return None


def _progress_printer(stream):
    def show(done: int, total: int) -> None:
        width = 30
        filled = int(width * done / max(total, 1))
        stream.write(f"\ranalysing [{'#' * filled}{'.' * (width - filled)}] "
                     f"{100 * done // max(total, 1):3d}%")
        if done >= total:
            stream.write("\n")
        stream.flush()
    return show


def _report(result) -> str:
    lines = [f"Article {result.article_id}", ""]
    if result.paragraph_breaks == "line":
        lines += ["Note: the text has no blank lines, so each line was read as a paragraph.", ""]
    lines += ["Actors (mentions; spellings):"]
    lines += [f"  {a.name:<32} {a.side:<8} {a.count:>3}  {', '.join(a.variants)}"
              for a in result.actors] or ["  none found"]
    lines += ["", "Framing terms:"]
    lines += [f"  {f.sentence_id:<7} {f.label:<32} {f.text}  ({f.gloss})"
              for f in result.framing] or ["  none found"]
    lines += ["", "Quotations and who says them:"]
    for q in result.quotations:
        who = ("speaker not recognised" if q.source == "unrecognised" else
               f"{q.source} [{q.side}]") + (" (inferred)" if q.inferred else "")
        lines.append(f"  {q.sentence_id:<7} {who:<32} {q.text[:70]}")
        if q.cue:
            lines.append(f"  {'':<7} cue: {q.cue}")
    if not result.quotations:
        lines.append("  none found")
    lines += ["", "Suspected translation damage:"]
    lines += [f"  {a.sentence_id:<7} {a.label:<16} {a.text!r}: {localise(a.explanation, 'en')}"
              for a in result.artifacts] or ["  none found"]
    return "\n".join(lines)


def run(args) -> int:
    from .. import analysis, article, render

    def fail(message: str) -> int:
        try:
            print(f"inquadra analyze: {message}", file=sys.stderr)
        except OSError:
            pass
        return 2

    if args.max_bytes <= 0:
        return fail("--max-bytes must be a positive number of bytes.")
    html_out = Path(args.html) if args.html else None
    if html_out is not None:
        problem = _check_html_target(html_out, args.force)
        if problem:
            return fail(problem)
    try:
        if (args.file is None) == (args.article is None):
            raise InputError("give either FILE or --article ID (not both): the text to analyse.")
        if args.article is not None:
            art = article.load(args.article)
        else:
            text = read_input(args.file, args.max_bytes)
            art = article.from_text(text, Path(args.file).stem if args.file != "-" else "stdin")
    except (InputError, article.ArticleError, article.bundles.BundleError) as exc:
        return fail(terminal(exc))
    show = args.progress or sys.stderr.isatty()
    try:
        result = analysis.analyze(art, progress=_progress_printer(sys.stderr) if show else None)
        if args.json:
            print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        else:
            print(_report(result))
        sys.stdout.flush()
    except OSError as exc:
        return fail(f"cannot write the output ({exc.strerror or exc}).")
    if html_out is not None:
        try:
            write_atomic(html_out, render.html_report(result))
        except OSError as exc:
            return fail(f"cannot write {terminal(html_out)} ({exc.strerror or exc}); "
                        "check the folder exists and is writable.")
        print(f"HTML report written to {terminal(html_out)}", file=sys.stderr)
    return 0
