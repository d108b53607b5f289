"""spaCy components of inquadra, one a module: quotes, attribution, artifacts, rulers.

Importing a component's module registers its factory (``inquadra_quotes``,
``inquadra_attribution``, ``inquadra_artifacts``, ``inquadra_entity_ruler``,
``inquadra_span_ruler``; :mod:`inquadra.pipeline` imports them all); importing
this package registers the ``Span._`` extensions they write: ``source``,
``side``, ``cue``, ``inferred``, ``unbalanced`` and ``explanation``. The
components import their shared helpers from here, so this package does not
import them back.
"""

from __future__ import annotations

from spacy.tokenizer import Tokenizer
from spacy.tokens import Span

__all__ = [
    "SPAN_EXTENSIONS",
    "register_extensions",
    "read_lexicon",
    "lexicon_path",
    "doc_text",
    "TextKeepingTokenizer",
    "keep_text",
]

#: Extension name -> default value.
SPAN_EXTENSIONS = {
    "source": None,
    "side": None,
    "cue": None,
    "inferred": False,
    "unbalanced": False,
    "explanation": None,
}


def register_extensions() -> None:
    """Register the ``Span._`` extensions once; safe to call any number of times."""
    for name, default in SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
        elif Span.get_extension(name)[0] != default:
            Span.set_extension(name, default=default, force=True)


register_extensions()


_TEXT_KEY = "inquadra.text"


def doc_text(doc) -> str:
    """``doc.text``, kept by :class:`TextKeepingTokenizer` or else computed once a Doc.

    Building ``doc.text`` token by token costs about as much as tokenising the text,
    so every component asks here instead.
    """
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.text
        doc.user_data[_TEXT_KEY] = text
    return text


class TextKeepingTokenizer(Tokenizer):
    """spaCy's rule-based tokenizer that also keeps each Doc's text for :func:`doc_text`."""

    def __call__(self, text: str):
        doc = Tokenizer.__call__(self, text)
        doc.user_data[_TEXT_KEY] = text
        return doc


def keep_text(tokenizer):
    """A :class:`TextKeepingTokenizer` with the rules of ``tokenizer`` (a spaCy ``Tokenizer``).

    Any other kind of tokenizer is returned unchanged: :func:`doc_text` then builds
    the text from the tokens.
    """
    if type(tokenizer) is not Tokenizer:
        return tokenizer
    return TextKeepingTokenizer(
        tokenizer.vocab,
        rules=tokenizer.rules,
        prefix_search=tokenizer.prefix_search,
        suffix_search=tokenizer.suffix_search,
        infix_finditer=tokenizer.infix_finditer,
        token_match=tokenizer.token_match,
        url_match=tokenizer.url_match,
        faster_heuristics=tokenizer.faster_heuristics,
    )


def read_lexicon(path) -> list[dict]:
    """Records of a JSONL lexicon (one JSON object a line); a clear error names the line.

    Args:
        path (str | os.PathLike | Traversable): the lexicon file.
    Returns:
        list[dict]: one dict a non-blank line.
    """
    import json

    records = []
    text = path.read_text(encoding="utf-8") if hasattr(path, "read_text") else open(
        path, encoding="utf-8"
    ).read()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}, line {number}: not valid JSON ({exc.msg}). "
                             "Each line must be one JSON object.") from None
        if not isinstance(record, dict) or "pattern" not in record:
            raise ValueError(f"{path}, line {number}: expected an object with a 'pattern' key.")
        records.append(record)
    return records


def lexicon_path(name: str, path=None):
    """The given path, or the bundled lexicon ``data/lexicons/<name>.jsonl``."""
    if path:
        from pathlib import Path

        return Path(path)
    from importlib import resources

    return resources.files("inquadra") / "data" / "lexicons" / f"{name}.jsonl"

