"""answer_tables: the dashboard's answer tables, also for a class that only tagged (no answers)."""

from __future__ import annotations

import pytest

from inquadra import answer_tables


@pytest.mark.parametrize("name", ["kinds_table", "quizzes_table", "sorters_table", "pads_table",
                                  "students_table", "reflections_table"])
def test_a_class_without_answer_files_gives_tables_not_errors(name):
    # MergeReport.answers is None when only tagging files were merged (a collected class.jsonl)
    shown = str(getattr(answer_tables, name)(None))
    assert shown.splitlines()[0].split()  # the header row is there


def test_the_kinds_table_of_no_answers_still_counts_the_tagging():
    assert "Tagging files" in str(answer_tables.kinds_table(None))
