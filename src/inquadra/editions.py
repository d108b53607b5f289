"""The lesson editions: one notebook per language, generated from one bilingual source.

A source in ``lessons/`` (``lessons/notebooks/<name>.ipynb``,
``lessons/solutions/<name>.ipynb``) is an ordinary notebook without outputs.

* A **markdown cell** holds one block per language, in the order of
  :data:`inquadra.i18n.LANGUAGES`; a block starts with a line that is exactly
  ``<!-- lang: en -->`` and runs to the next such line or the end of the cell.
* A **code cell** is the same in every edition, except its tagged comment
  lines: a line whose stripped text starts with ``# [it] `` is kept, as
  ``# ...``, only in the Italian edition.

:func:`edition` makes one language's notebook from a source (a new dict):
its first cell, tagged ``edition-language``, sets the kit's language, and its
metadata records ``{"inquadra": {"language": ..., "source": ...}}``.
:func:`plan` reads and checks every source under a project folder and returns
the notebooks to write, all in memory, so that a broken source stops the run
before any file is touched. The file work is in :func:`write_editions`.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import InquadraError
from .exercises import ExerciseError, Written, make_exercise, notebook_text, write_exercises
from .files import write_atomic
from .i18n import LANGUAGES

__all__ = [
    "EDITION_TAG",
    "KINDS",
    "Edition",
    "EditionError",
    "edition",
    "edition_cell",
    "plan",
    "read_source",
    "same_content",
    "source_files",
    "split_code",
    "split_markdown",
    "write_editions",
]

SOURCES = "lessons"
"""The folder of bilingual sources, beside the generated ``notebooks/`` and ``solutions/``."""
KINDS = ("notebooks", "solutions")
"""The source folders under ``lessons/``; each generates ``<kind>/<lang>/``."""
EDITION_TAG = "edition-language"
"""The tag (and the cell id) of the cell that sets an edition's language."""

_BLOCK = re.compile(r"^<!-- lang: ([^ >]*) -->$")
_NEAR_BLOCK = re.compile(r"<!--\s*lang\b", re.IGNORECASE)
_TAGGED = re.compile(r"^# \[([^\]]*)\](?: (.*))?$")
_NEAR_TAGGED = re.compile(r"^#\s*\[([a-z]{2,3})\]")


class EditionError(InquadraError):
    """A lesson source that cannot become its editions; the message names the file, the cell and the fix."""


@dataclass(frozen=True)
class Edition:
    """One generated notebook, not yet written.

    Attributes:
        language (str): the edition's language code (``"en"``, ``"it"``).
        source (str): the source's path from the project folder (``lessons/notebooks/00_start_here.ipynb``).
        target (str): the path to write, from the project folder (``notebooks/it/00_start_here.ipynb``).
        notebook (dict): the notebook itself (nbformat 4 as a plain dict, no outputs).
    """

    language: str
    source: str
    target: str
    notebook: dict


def _text(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def _marker(language: str) -> str:
    return f"<!-- lang: {language} -->"


def split_markdown(text: str, languages=LANGUAGES, where: str = "markdown cell") -> dict[str, str]:
    """The blocks of a bilingual markdown cell, ``{language: text}``, after checking them.

    Args:
        text (str): the cell's markdown.
        languages (tuple[str, ...]): the languages every cell must hold, in order.
        where (str): names the cell in error messages (file, cell number and id).

    Raises:
        EditionError: text before the first block, a missing, unknown, repeated,
            out-of-order or empty block, or a marker line that is not exact.
    """
    languages = tuple(languages)
    markers = "\n".join(_marker(lang) for lang in languages)
    blocks: list[tuple[str, list[str]]] = []
    before: list[str] = []
    for number, line in enumerate(text.split("\n"), start=1):
        found = _BLOCK.match(line.rstrip())
        if found:
            lang = found.group(1)
            if lang not in languages:
                raise EditionError(
                    f"{where}, line {number}: unknown language {lang!r} in {line.strip()!r}. "
                    f"Available languages: {', '.join(languages)} (from data/languages.json)."
                )
            blocks.append((lang, []))
        elif _NEAR_BLOCK.search(line):
            raise EditionError(
                f"{where}, line {number}: {line.strip()!r} is not a language line. Write it alone on "
                f"its line, exactly like {_marker(languages[0])!r}."
            )
        elif blocks:
            blocks[-1][1].append(line)
        else:
            before.append(line)
    if not blocks:
        raise EditionError(
            f"{where}: no language block. Start the cell with the line {_marker(languages[0])!r}, "
            f"then give a block for every language:\n{markers}"
        )
    if any(line.strip() for line in before):
        raise EditionError(
            f"{where}: text before the first language line. Move it into a block, after "
            f"{_marker(languages[0])!r}."
        )
    order = [lang for lang, _ in blocks]
    if order != list(languages):
        missing = [lang for lang in languages if lang not in order]
        twice = sorted({lang for lang in order if order.count(lang) > 1})
        if missing:
            problem = (f"it has no {missing[0]!r} block. Add the line {_marker(missing[0])!r}, "
                       "then the text in that language")
        elif twice:
            problem = f"the {twice[0]!r} block appears twice. Keep one"
        else:
            problem = f"its blocks are in the order {', '.join(order)}. Move them"
        raise EditionError(
            f"{where}: {problem}; every cell needs one block per language, in this order: "
            f"{', '.join(languages)}."
        )
    out = {}
    for lang, lines in blocks:
        body = "\n".join(lines).strip("\n")
        if not body.strip():
            raise EditionError(
                f"{where}: the {lang!r} block is empty. Write the text after the line {_marker(lang)!r}."
            )
        out[lang] = body
    return out


def split_code(text: str, languages=LANGUAGES, where: str = "code cell") -> dict[str, str]:
    """A code cell's source in each language, ``{language: code}``.

    Lines whose stripped text is ``# [xx] comment`` are kept, as ``# comment``
    with their indentation, only in language ``xx``; every other line is kept
    in every language.

    Raises:
        EditionError: a tag naming a language the kit does not have, or a
            tagged line written loosely (``#[it]``, ``# [it]comment``).
    """
    languages = tuple(languages)
    out: dict[str, list[str]] = {lang: [] for lang in languages}
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        found = _TAGGED.match(stripped)
        if found is None:
            near = _NEAR_TAGGED.match(stripped)
            if near and near.group(1) in languages:
                raise EditionError(
                    f"{where}, line {number}: {stripped!r} looks like a comment for one language. "
                    f"Write it as '# [{near.group(1)}] ' followed by the comment."
                )
            for lang in languages:
                out[lang].append(line)
            continue
        lang = found.group(1)
        if lang not in languages:
            raise EditionError(
                f"{where}, line {number}: unknown language {lang!r} in {stripped!r}. "
                f"Available languages: {', '.join(languages)} (from data/languages.json)."
            )
        indent = line[: len(line) - len(line.lstrip())]
        comment = found.group(2) or ""
        out[lang].append(f"{indent}# {comment}".rstrip())
    return {lang: "\n".join(lines) for lang, lines in out.items()}


def edition_cell(language: str) -> dict:
    """The first cell of an edition: it sets the kit's language; tagged and named ``edition-language``."""
    return {
        "cell_type": "code",
        "execution_count": None,
        "id": EDITION_TAG,
        "metadata": {"tags": [EDITION_TAG]},
        "outputs": [],
        "source": f'import inquadra\n\ninquadra.set_language("{language}")',
    }


def _where(source: str, number: int, cell: dict) -> str:
    return f"{source}, cell {number} (id {cell.get('id')!r})"


def _check_ids(nb: dict, source: str) -> None:
    seen: set[str] = set()
    for number, cell in enumerate(nb.get("cells", []), start=1):
        cell_id = cell.get("id")
        if not isinstance(cell_id, str) or not cell_id:
            raise EditionError(
                f"{source}, cell {number}: the cell has no id. Save the source with nbformat 4.5 "
                "(JupyterLab 3 or later adds ids), and never change an id once given."
            )
        if cell_id == EDITION_TAG:
            raise EditionError(
                f"{_where(source, number, cell)}: the id {EDITION_TAG!r} is kept for the cell that "
                "sets the language in each edition; give this cell another id."
            )
        if cell_id in seen:
            raise EditionError(
                f"{_where(source, number, cell)}: the id is used by an earlier cell too; give this "
                "cell a new, unique id."
            )
        seen.add(cell_id)


def edition(nb: dict, language: str, source: str, languages=LANGUAGES) -> dict:
    """One language's notebook made from a bilingual source (a new dict; the source is unchanged).

    Args:
        nb (dict): the source notebook.
        language (str): the edition's language.
        source (str): the source's path, recorded in the metadata and named in errors.
        languages (tuple[str, ...]): every language a source must hold.

    Raises:
        EditionError: a cell that breaks the source format (see :func:`split_markdown`,
            :func:`split_code`), a missing or repeated cell id, or an unknown language.
    """
    languages = tuple(languages)
    if language not in languages:
        raise EditionError(f"Unknown language {language!r}. Available languages: {', '.join(languages)}.")
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise EditionError(f"{source}: not a notebook (no list of cells).")
    _check_ids(nb, source)
    cells = [edition_cell(language)]
    for number, cell in enumerate(nb["cells"], start=1):
        where = _where(source, number, cell)
        out = copy.deepcopy(cell)
        out.setdefault("metadata", {}).pop("execution", None)
        if cell.get("cell_type") == "markdown":
            out["source"] = split_markdown(_text(cell), languages, where)[language]
        elif cell.get("cell_type") == "code":
            out["source"] = split_code(_text(cell), languages, where)[language]
            out["outputs"] = []
            out["execution_count"] = None
        else:
            out["source"] = _text(cell)
        cells.append(out)
    result = copy.deepcopy({key: value for key, value in nb.items() if key != "cells"})
    metadata = result.setdefault("metadata", {})
    metadata.pop("widgets", None)
    metadata["inquadra"] = {"language": language, "source": source}
    result["cells"] = cells
    result["nbformat"], result["nbformat_minor"] = 4, max(5, int(nb.get("nbformat_minor", 5)))
    return result


def read_source(path: Path, name: str | None = None) -> dict:
    """Read a source notebook as a plain dict; EditionError names the file when it is not JSON."""
    name = name or str(path)
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise EditionError(f"{name}: cannot read the source ({exc}).") from None
    except json.JSONDecodeError as exc:
        raise EditionError(
            f"{name}, line {exc.lineno}: not a notebook ({exc.msg}). Open it in JupyterLab or undo the last edit."
        ) from None


def source_files(root: Path) -> list[tuple[str, Path]]:
    """Every source under ``root/lessons/<kind>/`` as ``(kind, path)``, sorted; checkpoints skipped."""
    root = Path(root)
    base = root / SOURCES
    if not base.is_dir():
        raise EditionError(
            f"{base}: no such folder. Run the command in the kit's project folder (it has lessons/), "
            "or name that folder with --root."
        )
    found = []
    for kind in KINDS:
        folder = base / kind
        if folder.is_dir():
            found += [(kind, p) for p in sorted(folder.rglob("*.ipynb"))
                      if ".ipynb_checkpoints" not in p.parts and not p.name.startswith(".")]
    if not found:
        raise EditionError(f"{base}: no source notebooks in {' or '.join(f'{k}/' for k in KINDS)}.")
    return found


def plan(root: Path, languages=LANGUAGES) -> tuple[Edition, ...]:
    """Every edition of every source under ``root``, checked and made in memory.

    ``lessons/notebooks/teacher/x.ipynb`` becomes ``notebooks/<lang>/teacher/x.ipynb``
    for each language; ``lessons/solutions/x.ipynb`` becomes ``solutions/<lang>/x.ipynb``.

    Raises:
        EditionError: on the first source that breaks the format; nothing is written.
    """
    root = Path(root)
    out = []
    for kind, path in source_files(root):
        rel = path.relative_to(root / SOURCES / kind)
        source = path.relative_to(root).as_posix()
        nb = read_source(path, source)
        for language in languages:
            target = (Path(kind) / language / rel).as_posix()
            out.append(Edition(language, source, target, edition(nb, language, source, languages)))
    return tuple(out)


def _content(nb: dict) -> dict:
    """A notebook without what running it changes: outputs, counts, widget state, timings,
    and the kernel's description of its language (``language_info``)."""
    nb = copy.deepcopy(nb)
    nb.get("metadata", {}).pop("widgets", None)
    nb.get("metadata", {}).pop("language_info", None)
    for cell in nb.get("cells", []):
        cell["source"] = _text(cell)
        cell.get("metadata", {}).pop("execution", None)
        if cell.get("cell_type") == "code":
            cell["outputs"], cell["execution_count"] = [], None
    return nb


def same_content(a: dict, b: dict) -> bool:
    """True when two notebooks differ at most in outputs, execution counts, saved widget state
    and the kernel's ``language_info``: what running a notebook changes."""
    return _content(a) == _content(b)


def _read_generated(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None


def _orphans(root: Path, languages, targets: set[str]) -> list[Path]:
    """Generated notebooks (their metadata names a source) whose source is gone."""
    out = []
    for kind in KINDS:
        for language in languages:
            folder = root / kind / language
            if not folder.is_dir():
                continue
            for path in sorted(folder.rglob("*.ipynb")):
                if ".ipynb_checkpoints" in path.parts or path.relative_to(root).as_posix() in targets:
                    continue
                nb = _read_generated(path)
                meta = (nb or {}).get("metadata", {}).get("inquadra", {})
                if isinstance(meta, dict) and str(meta.get("source", "")).startswith(f"{SOURCES}/"):
                    out.append(path)
    return out


def write_editions(root: Path, languages=LANGUAGES) -> list[Written]:
    """Write every edition under ``root``, then ``exercises/<lang>/`` from ``solutions/<lang>/``.

    Every source is converted, and every solution edition turned into its
    exercise notebook, before any file is written: a broken source leaves all
    files as they were. Each file is written atomically. A file whose content
    would not change apart from its outputs (an executed edition) is left
    alone, so its stored outputs stay. Generated notebooks whose source is
    gone are removed.

    Returns:
        list[Written]: each file with ``"written"``, ``"unchanged"`` or ``"removed"``.
    """
    root = Path(root)
    languages = tuple(languages)
    editions = plan(root, languages)
    for item in editions:
        if item.target.startswith("solutions/"):
            try:
                make_exercise(item.notebook)
            except ExerciseError as exc:
                raise EditionError(f"{item.source}: {exc}") from None
    results: list[Written] = []
    for item in editions:
        target = root / item.target
        old = _read_generated(target) if target.is_file() else None
        if old is not None and same_content(old, item.notebook):
            results.append(Written(target, "unchanged"))
        else:
            write_atomic(target, notebook_text(item.notebook))
            results.append(Written(target, "written"))
    for path in _orphans(root, languages, {item.target for item in editions}):
        path.unlink()
        results.append(Written(path, "removed"))
    for language in languages:
        if any(item.target.startswith(f"solutions/{language}/") for item in editions):
            try:
                results += write_exercises(root / "solutions" / language, root / "exercises" / language)
            except ExerciseError as exc:
                raise EditionError(str(exc)) from None
    return results
