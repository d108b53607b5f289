"""No answering strategy beats chance: pick the longest, the shortest, the first or the last.

Checked over every multiple-choice item of every lesson, in English and in
Italian, in the data as written and on screen after each student's shuffle.
The rule: a strategy may not beat chance (the sum of 1/k over the items) by
more than 20% of the items.
"""

from __future__ import annotations

import json
from importlib import resources

import pytest

from inquadra.activities.shuffle import shuffled

MARGIN = 0.2


def _items():
    folder = resources.files("inquadra") / "data" / "activities"
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not (entry.name.startswith("lesson") and entry.name.endswith(".json")):
            continue
        lesson = entry.name[len("lesson"):-len(".json")]
        for name, activity in json.loads(entry.read_text(encoding="utf-8")).items():
            if activity.get("kind") == "choice":
                yield f"{lesson}.{name}", activity
            elif activity.get("kind") == "quiz":
                for number, item in enumerate(activity["items"], 1):
                    yield f"{lesson}.{name}.{number}", item


ITEMS = list(_items())
CHANCE = sum(1 / len(item["options"]) for _, item in ITEMS)
LIMIT = CHANCE + MARGIN * len(ITEMS)


def _text(option, language):
    text = option["text"]
    return text[language] if isinstance(text, dict) else str(text)


def _credit(options, pick) -> float:
    """1 if the strategy's pick is right; shared among tied picks."""
    chosen = pick(options)
    return sum(1 for i in chosen if options[i]["correct"]) / len(chosen)


def _by_length(language, best):
    def pick(options):
        lengths = [len(_text(o, language)) for o in options]
        top = best(lengths)
        return [i for i, n in enumerate(lengths) if n == top]
    return pick


STRATEGIES = {
    "longest": lambda lang: _by_length(lang, max),
    "shortest": lambda lang: _by_length(lang, min),
    "first": lambda lang: (lambda options: [0]),
    "last": lambda lang: (lambda options: [len(options) - 1]),
}


def _score(strategy, language, student=None) -> float:
    pick = STRATEGIES[strategy](language)
    total = 0.0
    for item_id, item in ITEMS:
        options = item["options"]
        if student is not None:
            options = shuffled(student, item_id, options)
        total += _credit(options, pick)
    return total


def test_there_are_items_to_check():
    assert len(ITEMS) >= 20
    assert all(sum(bool(o["correct"]) for o in item["options"]) == 1 for _, item in ITEMS)


@pytest.mark.parametrize("language", ["en", "it"])
@pytest.mark.parametrize("strategy", sorted(STRATEGIES))
def test_no_strategy_beats_chance_in_the_data(strategy, language):
    got = _score(strategy, language)
    assert got <= LIMIT, (
        f"'{strategy}' ({language}) gets {got:g} of {len(ITEMS)} right; chance is {CHANCE:.1f} and "
        f"the limit {LIMIT:.1f}. Reword or reorder options so the right one is not the {strategy}.")


STUDENTS = [f"synthetic-{n:02d}" for n in range(1, 29)] + [
    "Giulia R.", "Luca", "Chiara B.", "Matteo", "Sofia", "Alessandro", "Aurora", "Lorenzo",
    "Beatrice", "Francesco", "Ginevra", "Tommaso", "Anna Maria", "Nicolò", "Zoë", "李明",
] + [f"student{n}" for n in range(200)]


@pytest.mark.parametrize("language", ["en", "it"])
@pytest.mark.parametrize("strategy", sorted(STRATEGIES))
def test_no_strategy_beats_chance_on_any_students_screen(strategy, language):
    worst = max(STUDENTS, key=lambda s: _score(strategy, language, s))
    got = _score(strategy, language, worst)
    assert got <= LIMIT, f"'{strategy}' gets {got:g} right on {worst}'s screen; the limit is {LIMIT:.1f}."


def test_on_screen_first_pick_averages_chance():
    mean = sum(_score("first", "en", s) for s in STUDENTS) / len(STUDENTS)
    assert abs(mean - CHANCE) < 1.0
