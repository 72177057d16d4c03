"""The two errors of the Kolada package."""

from __future__ import annotations


class KoladaError(Exception):
    """The API could not be reached, or answered something other than its documented shape."""


class CacheError(Exception):
    """The cache in data/kolada is there but incomplete or changed; lists what is wrong."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems
