"""Writing files safely: a file always holds either its old or its new content.

An old file or folder that must make way is kept beside it by
:func:`keep_aside` (``<name>.<tag>-N``, the first free N), never deleted.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["keep_aside", "write_atomic"]


def write_atomic(path, data: str | bytes) -> Path:
    """Write ``data`` (text is encoded as UTF-8) to ``path`` atomically.

    A temporary file in the same folder is written, flushed and fsynced, then
    moved over ``path`` with ``os.replace``; a crash at any moment leaves the
    previous file or the new one, never a truncated file. An existing file's
    permissions are kept.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, _file_mode(path))
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(path.parent)
    return path


def _file_mode(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual 0o666 minus the umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def keep_aside(path, tag: str) -> Path:
    """Rename the file or folder ``path`` to ``<name>.<tag>-N`` beside it (the first free N).

    Nothing already there is overwritten: a file is linked to its new name
    (which fails if the name was taken meanwhile) before the old name is
    removed. Returns the new path; ``FileNotFoundError`` when ``path`` is gone.
    """
    path = Path(path)
    if not os.path.lexists(path):
        raise FileNotFoundError(2, "No such file or directory", str(path))
    n = 1
    while True:
        kept = path.with_name(f"{path.name}.{tag}-{n}")
        n += 1
        if os.path.lexists(kept):
            continue
        if path.is_dir() and not path.is_symlink():
            try:
                os.rename(path, kept)  # refused onto a folder that is not empty
            except OSError:
                if os.path.lexists(kept):
                    continue
                raise
            return kept
        try:
            os.link(path, kept, follow_symlinks=False)
        except FileExistsError:
            continue
        except OSError:  # no hard links here (some network or Windows file systems)
            if os.path.lexists(kept):
                continue
            os.rename(path, kept)
            return kept
        os.unlink(path)
        return kept
