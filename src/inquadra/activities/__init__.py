"""Activity states: plain Python, no widget library, tested without a browser.

One module per activity kind; a widget in ``inquadra.widgets`` is a view over
one of these and ``inquadra.saved`` keeps them on disk.

- ``choice``: :class:`ChoiceState`, a multiple-choice question;
- ``sorting``: :class:`SortingState`, statements sorted into groups;
- ``correction``: :class:`CorrectionState`, sentences to correct;
- ``student``: :class:`StudentNameState`, the name work is saved under;
- ``tagging``: :class:`TaggingState`, a ``SpanStore`` as a saved activity
  (student or reference mode).
"""

from __future__ import annotations

from .base import ActivityError, Observable, field, merge_dicts, merge_value
from .choice import ChoiceState
from .correction import CorrectionState
from .sorting import SortingState, SortScore, score_sorting
from .student import StudentNameState
from .tagging import TaggingState

__all__ = [
    "ActivityError",
    "ChoiceState",
    "CorrectionState",
    "Observable",
    "SortScore",
    "SortingState",
    "StudentNameState",
    "TaggingState",
    "field",
    "merge_dicts",
    "merge_value",
    "score_sorting",
]
