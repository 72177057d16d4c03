"""A plain-text progress bar for the command line."""

from __future__ import annotations

import sys
import time


class Progress:
    """A progress bar on stderr (a line per 10 % when stderr is not a terminal)."""

    def __init__(self, total: int, label: str, stream=None):
        self.total, self.label, self.done = total, label, 0
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.t0 = time.perf_counter()
        self.last_decile = -1

    def update(self, n: int = 1) -> None:
        self.done += n
        frac = self.done / self.total if self.total else 1.0
        elapsed = time.perf_counter() - self.t0
        bar = "#" * int(30 * frac)
        line = f"{self.label} [{bar:<30}] {self.done}/{self.total} ({elapsed:.1f} s)"
        if self.tty:
            self.stream.write("\r" + line)
            if self.done >= self.total:
                self.stream.write("\n")
        elif int(frac * 10) != self.last_decile or self.done >= self.total:
            self.last_decile = int(frac * 10)
            self.stream.write(line + "\n")
        self.stream.flush()
