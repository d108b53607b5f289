"""How well the analysis does on a labelled set of Italian news texts.

A set is a folder of ``<id>.txt`` texts, each with ``<id>.gold.json`` (the
format is described in ``tests/data/devset/README.md``). :func:`evaluate`
analyses every text and compares with the gold annotation:

- **quotation recall**: gold quotations covered by a found quotation;
- **right speaker** (strict): of the gold quotations found whose text names the
  speaker, those whose found source is that actor (a source matches an actor
  when its name or one of its spellings is the actor's name or one of the
  gold mentions, ignoring case and a leading article);
- **actor recall**: gold actors matched by a found actor, variants grouped;
- **war-naming recall**: gold war terms covered by a framing hit;
- **false damage flags** per 1,000 words on the texts not in style ``mt``;
- **damage found**: marked damage in ``mt`` texts overlapped by a flag.

Pure: it reads the folder and returns frozen dataclasses; nothing is printed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .errors import InquadraError

__all__ = ["EvaluationError", "TextScore", "Figures", "TARGETS", "evaluate", "read_set",
           "score_text"]

#: figure -> (comparison, target)
TARGETS = {
    "quotation_recall": (">=", 0.97),
    "speaker_accuracy": (">=", 0.90),
    "actor_recall": (">=", 0.90),
    "war_recall": (">=", 0.95),
    "false_flags_per_1000_words": ("<=", 1.0),
    "damage_recall": (">=", 1 / 3),
}
_ARTICLE = re.compile(r"^(?:il|lo|la|i|gli|le|l[’'])\s*", re.IGNORECASE)


class EvaluationError(InquadraError):
    """The labelled set cannot be read; the message names the file and the fix."""


@dataclass(frozen=True)
class TextScore:
    """The counts of one text."""

    id: str
    style: str
    words: int
    quotes: int
    quotes_found: int
    speakers: int  # found quotations whose gold speaker is named
    speakers_right: int
    actors: int
    actors_found: int
    war_terms: int
    war_found: int
    damage: int
    damage_found: int
    flags: int  # every damage flag raised on the text
    missed: tuple[str, ...]  # short descriptions of what was missed, for reading


@dataclass(frozen=True)
class Figures:
    """The figures over a set, and each text's counts."""

    texts: tuple[TextScore, ...]

    def _ratio(self, part: str, whole: str, texts=None) -> float:
        texts = self.texts if texts is None else texts
        total = sum(getattr(t, whole) for t in texts)
        return sum(getattr(t, part) for t in texts) / total if total else float("nan")

    @property
    def quotation_recall(self) -> float:
        return self._ratio("quotes_found", "quotes")

    @property
    def speaker_accuracy(self) -> float:
        return self._ratio("speakers_right", "speakers")

    @property
    def actor_recall(self) -> float:
        return self._ratio("actors_found", "actors")

    @property
    def war_recall(self) -> float:
        return self._ratio("war_found", "war_terms")

    @property
    def false_flags_per_1000_words(self) -> float:
        human = [t for t in self.texts if t.style != "mt"]
        words = sum(t.words for t in human)
        return 1000 * sum(t.flags for t in human) / words if words else float("nan")

    @property
    def damage_recall(self) -> float:
        return self._ratio("damage_found", "damage", [t for t in self.texts if t.style == "mt"])

    def as_dict(self) -> dict[str, float]:
        """Every figure by name (the keys of :data:`TARGETS`)."""
        return {name: getattr(self, name) for name in TARGETS}

    def failing(self) -> dict[str, float]:
        """The figures that miss their target."""
        out = {}
        for name, (op, target) in TARGETS.items():
            value = getattr(self, name)
            ok = value >= target if op == ">=" else value <= target
            if not ok:
                out[name] = value
        return out


def read_set(folder) -> list[tuple[str, str, dict]]:
    """(id, text, gold) of every text of a labelled folder, in id order."""
    folder = Path(folder)
    if not folder.is_dir():
        raise EvaluationError(f"{folder} is not a folder. Give the folder that holds the "
                              "<id>.txt and <id>.gold.json files.")
    out = []
    for gold_path in sorted(folder.glob("*.gold.json")):
        text_path = gold_path.with_name(gold_path.name[: -len(".gold.json")] + ".txt")
        if not text_path.is_file():
            raise EvaluationError(f"{gold_path.name} has no text beside it: add {text_path.name}.")
        try:
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise EvaluationError(f"{gold_path}: not valid JSON ({exc}).") from None
        missing = [k for k in ("id", "style", "quotes", "actors", "war_terms", "damage")
                   if k not in gold]
        if missing:
            raise EvaluationError(f"{gold_path}: missing {', '.join(missing)}. See the format "
                                  "in tests/data/devset/README.md.")
        out.append((gold["id"], text_path.read_text(encoding="utf-8"), gold))
    if not out:
        raise EvaluationError(f"No <id>.gold.json files in {folder}.")
    return out


def _find(text: str, needle: str, occurrence: int, where: str) -> tuple[int, int]:
    pos = -1
    for _ in range(max(1, occurrence)):
        pos = text.find(needle, pos + 1)
        if pos < 0:
            raise EvaluationError(f"{where}: {needle!r} does not occur {occurrence} time(s) "
                                  "in the text.")
    return pos, pos + len(needle)


def _overlaps(span: tuple[int, int], hits) -> bool:
    return any(s < span[1] and span[0] < e for s, e in hits)


def _covers(span: tuple[int, int], hits) -> bool:
    """Whether one hit covers at least half of the span."""
    size = max(1, span[1] - span[0])
    return any(min(e, span[1]) - max(s, span[0]) >= size / 2 for s, e in hits)


def _norm(name: str) -> str:
    return _ARTICLE.sub("", " ".join(name.split())).casefold()


def _matches(found_actor, gold_actor: dict) -> bool:
    gold = {_norm(gold_actor["name"])} | {_norm(m) for m in gold_actor.get("mentions", ())}
    mine = {_norm(found_actor.name)} | {_norm(v) for v in found_actor.variants}
    return bool(gold & mine)


def score_text(text_id: str, text: str, gold: dict, result) -> TextScore:
    """Compare one Analysis with its gold annotation."""
    where = f"{text_id}.gold.json"
    missed = []
    quote_hits = [(q.start, q.end) for q in result.quotations]
    actors_by_id = {a.id: a for a in result.actors}
    gold_actors = {a["name"]: a for a in gold["actors"]}
    found_q = speakers = right = 0
    for q in gold["quotes"]:
        span = _find(text, q["text"], q.get("occurrence", 1), where)
        covering = [x for x in result.quotations if _covers(span, [(x.start, x.end)])]
        if not covering:
            missed.append(f"quote {q['text'][:40]!r}")
            continue
        found_q += 1
        if q.get("speaker") is None:
            continue
        speakers += 1
        source = actors_by_id.get(covering[0].source)
        actor = gold_actors.get(q["speaker"], {"name": q["speaker"], "mentions": []})
        if source is not None and _matches(source, actor):
            right += 1
        else:
            missed.append(f"speaker of {q['text'][:30]!r}: {q['speaker']} "
                          f"(found {covering[0].source})")
    actors_found = 0
    for a in gold["actors"]:
        if any(_matches(f, a) for f in result.actors):
            actors_found += 1
        else:
            missed.append(f"actor {a['name']}")
    framing_hits = [(f.start, f.end) for f in result.framing]
    war_found = 0
    for w in gold["war_terms"]:
        if _overlaps(_find(text, w["text"], w.get("occurrence", 1), where), framing_hits):
            war_found += 1
        else:
            missed.append(f"war term {w['text']!r}")
    flag_hits = [(a.start, a.end) for a in result.artifacts]
    damage_found = 0
    for d in gold["damage"]:
        if _overlaps(_find(text, d["text"], d.get("occurrence", 1), where), flag_hits):
            damage_found += 1
        else:
            missed.append(f"damage {d['text']!r} ({d.get('kind')})")
    return TextScore(text_id, gold["style"], gold.get("words", len(text.split())),
                     len(gold["quotes"]), found_q, speakers, right, len(gold["actors"]),
                     actors_found, len(gold["war_terms"]), war_found, len(gold["damage"]),
                     damage_found, len(result.artifacts), tuple(missed))


def evaluate(folder, analyze: Callable | None = None) -> Figures:
    """Analyse every text of a labelled folder and compare with its gold annotation.

    Args:
        folder (str | Path): a folder in the development-set format.
        analyze (callable | None): text -> Analysis; default :func:`inquadra.analysis.analyze`
            on the text as an article named by its id.
    Returns:
        Figures: the figures over the set and each text's counts.
    """
    from . import analysis, article

    def default(text_id: str, text: str):
        return analysis.analyze(article.from_text(text, text_id), chunk_chars=50_001)

    run = analyze or default
    scores = [score_text(text_id, text, gold, run(text_id, text))
              for text_id, text, gold in read_set(folder)]
    return Figures(tuple(scores))
