"""``inquadra analyze FILE``: actors, framing terms, quotations and translation damage."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..errors import InquadraError
from ..files import write_atomic

NAME = "analyze"
HELP = "Analyse an Italian article: actors, framing terms, who is quoted, translation damage."

__all__ = ["NAME", "HELP", "add_arguments", "run", "read_input", "InputError"]


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
    parser.add_argument("--progress", action="store_true",
                        help="show progress on stderr even when it is not a terminal")


def read_input(name: str) -> str:
    """The text of FILE (or stdin for ``-``); InputError with one clear line otherwise."""
    if name == "-":
        raw = sys.stdin.buffer.read()
        where = "standard input"
    else:
        path = Path(name)
        where = str(path)
        if not path.exists():
            raise InputError(f"{where}: no such file. Check the path, or use - to read standard input.")
        if path.is_dir():
            raise InputError(f"{where} is a folder, not a file. Give the path of a .txt file inside it.")
        try:
            with open(path, "rb") as handle:
                raw = handle.read()
        except PermissionError:
            raise InputError(f"{where}: permission denied. Make the file readable "
                             "(e.g. chmod u+r) or copy it somewhere you can read.") from None
        except OSError as exc:
            raise InputError(f"{where}: cannot be read ({exc.strerror}). "
                             "Check the file and try again.") from None
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
    lines += [f"  {a.sentence_id:<7} {a.label:<16} {a.text!r}: {a.explanation}"
              for a in result.artifacts] or ["  none found"]
    return "\n".join(lines)


def run(args) -> int:
    from .. import analysis, article, render

    html_out = Path(args.html) if args.html else None
    if html_out is not None:
        if html_out.is_dir():
            print(f"inquadra analyze: {html_out} is a folder; give a file name for --html, "
                  "e.g. report.html.", file=sys.stderr)
            return 2
        if html_out.exists() and not args.force:
            print(f"inquadra analyze: {html_out} already exists; choose another name or add "
                  "--force to overwrite it.", file=sys.stderr)
            return 2
        if not html_out.parent.exists() and str(html_out.parent):
            print(f"inquadra analyze: folder {html_out.parent} does not exist; create it first.",
                  file=sys.stderr)
            return 2
    try:
        if (args.file is None) == (args.article is None):
            raise InputError("give either FILE or --article ID (not both): the text to analyse.")
        if args.article is not None:
            art = article.load(args.article)
        else:
            text = read_input(args.file)
            art = article.from_text(text, Path(args.file).stem if args.file != "-" else "stdin")
    except (InputError, article.ArticleError, article.bundles.BundleError) as exc:
        print(f"inquadra analyze: {exc}", file=sys.stderr)
        return 2
    show = args.progress or sys.stderr.isatty()
    result = analysis.analyze(art, progress=_progress_printer(sys.stderr) if show else None)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(_report(result))
    if html_out is not None:
        write_atomic(html_out, render.html_report(result))
        print(f"HTML report written to {html_out}", file=sys.stderr)
    return 0
