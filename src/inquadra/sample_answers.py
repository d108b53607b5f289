"""SYNTHETIC answers to the lessons' activities for the bundled sample class.

``scripts/make_sample_class.py`` calls :func:`write` beside the synthetic
tagging files, so the teacher's dashboard shows every activity kind before a
real class has used the kit. Each synthetic annotator gets one file,
``<name>.answers.jsonl``, one line per activity in the saved-activity format
(``schema``, ``annotator``, ``article``, ``activity``, the payload and a
``history`` of attempts). Nothing here is real student work.

What the synthetic students do depends on their tagging profile: a careful
one is right at the first try more often. Wrong first answers are often tried
again, so later attempts exist beside the first ones; sorters are checked,
corrected and checked again, and the answers are sometimes shown; pads hold
the kit's version, the damaged sentence, or (for the reversed sentence) a
rewrite that keeps the wrong meaning; a short reflection closes lesson 06.
Deterministic: one seeded generator per annotator.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

__all__ = ["REFLECTION_ACTIVITY", "records_for", "write"]

REFLECTION_ACTIVITY = "06.exit"
_SKILL = {"careful": 0.85, "over-tagger": 0.6, "misser": 0.45, "boundary": 0.7,
          "unfinished": 0.7, "confuser": 0.5}
_REFLECTIONS = (
    "Ho capito che non tutte le frasi vanno etichettate: molte sono cronaca neutra.",
    "La frase sulla Cina diceva il contrario dell'originale; ora controllo la fonte.",
    "Prima etichettavo troppo. Adesso cerco le parole esatte che fanno da cornice.",
    "Non sono sicuro della differenza tra linguaggio carico e scelta del nome.",
    "Il compleanno e la torta servono a raccontare un'alleanza come un'amicizia.",
    "Synthetic reflection: I compared both readouts before deciding.",
)
_WRONG_MEANING = {"p04.s1": "Anche la Cina ha definito un’invasione le azioni della Russia."}


def _entries():
    """(activity id, entry) of every activity file the lesson manifest lists, in course order."""
    from importlib import resources

    from . import lesson

    folder = resources.files("inquadra") / "data" / "activities"
    for entry in lesson.lessons():
        for file_name in entry.activities:
            number = file_name[len("lesson"):-len(".json")]
            data = json.loads((folder / file_name).read_text(encoding="utf-8"))
            for name, activity in data.items():
                yield f"{number}.{name}", activity


def _choices():
    for activity_id, entry in _entries():
        if entry.get("kind") == "choice":
            yield activity_id, entry
        elif entry.get("kind") == "quiz":
            for i, item in enumerate(entry["items"], 1):
                yield f"{activity_id}.{i}", item


def _activities(kind: str):
    for activity_id, entry in _entries():
        if entry.get("kind") == kind:
            yield activity_id, entry


def _record(name: str, article: str, activity: str, payload: dict, history: list) -> dict:
    entries = []
    counts: dict[str, int] = {}
    for seq, (item, answer, correct) in enumerate(history, 1):
        counts[item] = counts.get(item, 0) + 1
        entries.append({"seq": seq, "item": item, "attempt": counts[item], "answer": answer,
                        "correct": correct})
    return {"schema": 1, "article": article, "annotator": name, "activity": activity,
            **payload, "history": entries}


def _choice(rng, skill, name, article, activity, entry) -> dict:
    options = entry["options"]
    right = next(i for i, o in enumerate(options) if o.get("correct"))
    wrong = [i for i in range(len(options)) if i != right]
    first = right if rng.random() < skill else rng.choice(wrong)
    history = [("choice", first, first == right)]
    if first != right and rng.random() < 0.7:
        second = right if rng.random() < 0.9 else rng.choice(wrong)
        history.append(("choice", second, second == right))
    last = history[-1][1]
    return _record(name, article, activity, {"choice": last, "correct": last == right}, history)


def _statements(entry) -> list:
    from .activities.base import field

    statements = entry["statements"]
    if statements == "readouts":
        from . import readouts

        statements = list(readouts.load())
    return [(str(field(s, "id")), str(field(s, "bucket"))) for s in statements]


def _sorter(rng, skill, name, article, activity, entry) -> dict:
    from .activities.sorting import bucket_id

    buckets = [bucket_id(b) for b in entry["buckets"]]
    placed, history = {}, []
    for sid, right in _statements(entry):
        chosen = right if rng.random() < skill else rng.choice([b for b in buckets if b != right])
        placed[sid] = chosen
        history.append((sid, chosen, chosen == right))
    answers = dict(_statements(entry))
    score = sum(placed[s] == answers[s] for s in placed)
    history.append(("check", {"right": score, "wrong": len(placed) - score, "unsorted": 0},
                    score == len(placed)))
    for sid in sorted(placed):
        if placed[sid] != answers[sid] and rng.random() < 0.8:
            placed[sid] = answers[sid]
            history.append((sid, placed[sid], True))
    score = sum(placed[s] == answers[s] for s in placed)
    history.append(("check", {"right": score, "wrong": len(placed) - score, "unsorted": 0},
                    score == len(placed)))
    revealed = rng.random() < 0.7
    if revealed:
        history.append(("show", None, None))
    payload = {"placement": dict(sorted(placed.items())), "checked": True, "checks": 2,
               "revealed": revealed}
    return _record(name, article, activity, payload, history)


def _pad(rng, skill, name, article, activity, entry) -> dict:
    from .activities.correction import build_items, feedback

    items = build_items(entry["items"])
    answers, history = {}, []
    for item in items:
        if rng.random() < skill:
            text = item.corrected
        elif item.sentence_id in _WRONG_MEANING and rng.random() < 0.6:
            text = _WRONG_MEANING[item.sentence_id]
        else:
            text = item.text
        answers[item.sentence_id] = text
        verdict = feedback(item, text).verdict
        history.append((item.sentence_id, text, verdict in ("kept", "fixed")))
    payload = {"answers": answers, "compared": [i.sentence_id for i in items]}
    return _record(name, article, activity, payload, history)


def records_for(name: str, profile: str, seed: int, article: str) -> list[dict]:
    """Every activity answer of one synthetic annotator, in a fixed order."""
    rng = random.Random(f"{seed}:{name}:answers")
    skill = _SKILL.get(profile, 0.6)
    stop = "05" if profile == "unfinished" else "99"  # an unfinished student stops before lesson 05
    out = []
    for activity, entry in _choices():
        if activity[:2] < stop:
            out.append(_choice(rng, skill, name, article, activity, entry))
    for activity, entry in _activities("sorter"):
        if activity[:2] < stop:
            out.append(_sorter(rng, skill, name, article, activity, entry))
    for activity, entry in _activities("correction"):
        if activity[:2] < stop:
            out.append(_pad(rng, skill, name, article, activity, entry))
    if stop > "06":
        out.append(_record(name, article, REFLECTION_ACTIVITY,
                           {"answer": rng.choice(_REFLECTIONS)}, []))
    return out


def write(out: Path, annotators, seed: int, article: str) -> list[Path]:
    """Write ``<name>.answers.jsonl`` for every ``(name, profile)``; returns the paths."""
    written = []
    for name, profile in annotators:
        lines = [json.dumps(r, ensure_ascii=False, sort_keys=True) for r in
                 records_for(name, profile, seed, article)]
        path = Path(out) / f"{name}.answers.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        written.append(path)
    return written
