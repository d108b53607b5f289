"""``inquadra site``: build the static reading edition of the lessons (and, with --print,
the printable worksheets and answer keys)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from ..escape import terminal
from .lab import clone_root

NAME = "site"
HELP = "Build the static HTML reading edition of the lessons (no kernel needed to read it)."

_CHROMIUM = ("chromium", "chromium-browser", "google-chrome")


def add_arguments(parser) -> None:
    parser.add_argument("-o", "--output", default="_site", help="output folder (default _site)")
    parser.add_argument("--print", dest="printable", action="store_true",
                        help="also write a worksheet and an answer key per lesson in OUTPUT/print "
                             "(HTML with print CSS; PDF too when Chromium is installed)")


def _chromium() -> str | None:
    for name in _CHROMIUM:
        found = shutil.which(name)
        if found:
            return found
    return None


def print_pdfs(pages: list[Path], browser: str) -> list[Path]:
    """Print each HTML page to a PDF beside it with headless Chromium; returns the PDFs."""
    done = []
    for page in pages:
        pdf = page.with_suffix(".pdf")
        cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update",
               "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.resolve().as_uri()]
        try:
            subprocess.run(cmd, check=True, timeout=120, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
        except (OSError, subprocess.SubprocessError):
            continue
        if pdf.is_file():
            done.append(pdf)
    return done


def build_printouts(root: Path, out: Path, pdf: bool = True) -> tuple[list[Path], list[Path]]:
    from .. import printouts

    from ..lesson import lessons

    from ..i18n import LANGUAGES

    sheets = [printouts.build(root / item.notebook(LANGUAGES[0]),
                              {lang: root / item.solution(lang) for lang in LANGUAGES},
                              item.id) for item in lessons()]  # the manifest's lesson sequence
    pages = printouts.write_all(out, sheets)
    browser = _chromium() if pdf else None
    return pages, (print_pdfs(pages, browser) if browser else [])


def run(args) -> int:
    root = clone_root()
    if root is None:
        print("inquadra site: run this from a clone of the kit (it needs lessons/ and notebooks/).", file=sys.stderr)
        return 2
    from ..site import build_site

    from ..i18n import LANGUAGES
    from ..lesson import lessons

    # every edition of every lesson, edition by edition; each page links to its other editions
    notebooks = [root / entry.notebook(lang) for lang in LANGUAGES for entry in lessons(extras=True)
                 if (root / entry.notebook(lang)).is_file()]
    try:
        pages = build_site(Path(args.output), notebooks, root / "docs" / "teacher_guide.md")
        if args.printable:
            out = Path(args.output) / "print"
            sheets, pdfs = build_printouts(root, out)
    except OSError as err:
        print(f"inquadra site: cannot write {terminal(args.output)} ({err.strerror or err}); "
              "check the folder is writable.", file=sys.stderr)
        return 2
    print(f"inquadra site: wrote {len(pages)} pages and index.html to {terminal(args.output)}",
          file=sys.stderr)
    if args.printable:
        note = (f" and {len(pdfs)} PDF files" if pdfs else
                " (no PDF: install Chromium to get PDF files too)")
        print(f"inquadra site: wrote {len(sheets)} worksheets and answer keys{note} to "
              f"{terminal(out)}", file=sys.stderr)
    return 0
