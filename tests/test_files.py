"""files: atomic writes, and keeping an old file or folder aside under the first free name."""

from __future__ import annotations

import pytest

from inquadra.files import keep_aside, write_atomic


def test_write_atomic_replaces_the_content(tmp_path):
    path = write_atomic(tmp_path / "a" / "x.txt", "one")
    write_atomic(path, "two")
    assert path.read_text() == "two" and [p.name for p in path.parent.iterdir()] == ["x.txt"]


def test_keep_aside_takes_the_first_free_number(tmp_path):
    old = tmp_path / "out"
    (tmp_path / "out.previous-1").mkdir()
    old.mkdir()
    (old / "f").write_text("kept")
    moved = keep_aside(old, "previous")
    assert moved == tmp_path / "out.previous-2"
    assert (moved / "f").read_text() == "kept" and not old.exists()


@pytest.mark.parametrize("tag", ["unread", "previous"])
def test_keep_aside_never_overwrites_a_file(tmp_path, tag):
    path = tmp_path / "work.jsonl"
    for n in (1, 2):
        path.write_text(f"v{n}")
        keep_aside(path, tag)
    assert (tmp_path / f"work.jsonl.{tag}-1").read_text() == "v1"
    assert (tmp_path / f"work.jsonl.{tag}-2").read_text() == "v2"


def test_keep_aside_of_a_missing_path_raises(tmp_path):
    with pytest.raises(FileNotFoundError):
        keep_aside(tmp_path / "nothing", "previous")
