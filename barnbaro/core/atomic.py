"""Publishing a folder atomically, shared by the survey cleaner (data/clean) and the Kolada copy
(data/kolada): write aside, swap in by two renames, repair a crash between them, checksum files.

    with publish(out) as work:        # work = .<out>.tmp-<pid>-<time>, beside out
        write files into work, check them (an exception publishes nothing)
    # on leaving the block: out -> .<out>.old-<stamp>, work -> out, the old folder removed

A process that dies between the two renames leaves no `out` and an `.old-` folder; `repair(out)`
(called by the next write, and with tidy=False by every reader) puts it back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


def sha256(path: Path) -> str:
    """The file's sha256, hex."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def repair(out: Path, tidy: bool = True) -> str | None:
    """Finish or undo a swap that a crash interrupted. Returns what was done, if anything.

    With tidy=False (used when loading) the previous folder is put back if `out` is missing, but
    no leftover folder is removed: a writer running at the same time may still need its own."""
    out = Path(out)
    olds = sorted(out.parent.glob(f".{out.name}.old-*"))
    note = None
    if not out.exists() and olds:
        olds[-1].rename(out)
        note = f"återställde {out} från {olds[-1].name} efter en avbruten körning"
        olds = olds[:-1]
    if tidy:
        for p in [*olds, *out.parent.glob(f".{out.name}.tmp-*")]:
            shutil.rmtree(p, ignore_errors=True)
    return note


@contextmanager
def publish(out: Path, between: Callable[[], None] | None = None) -> Iterator[Path]:
    """A fresh work folder beside `out`; swapped in for `out` when the block ends without an
    exception, removed (and `out` left as it was) when it raises. `between` runs between the two
    renames (a test hook for a crash at that point)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    stamp = f"{os.getpid()}-{dt.datetime.now().strftime('%Y%m%d%H%M%S%f')}"
    tmp = out.parent / f".{out.name}.tmp-{stamp}"
    old = out.parent / f".{out.name}.old-{stamp}"
    tmp.mkdir()
    try:
        yield tmp
        if out.exists():
            out.rename(old)
        if between is not None:
            between()
        tmp.rename(out)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if old.exists() and not out.exists():  # stopped between the two renames: undo the first
            old.rename(out)
        raise
