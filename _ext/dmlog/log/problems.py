"""The one shape of a user's mistake: a file, a line, and what to do about it.

Every stage (the reader, the registries, the rules, the edits, the importer, the
build) reports problems as :class:`Problem`; code that must stop at the first one
raises :class:`LogError`, which carries it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str
    record_id: str = ""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.path else self.message

    def as_dict(self) -> dict[str, object]:
        return {"file": self.path, "line": self.line, "id": self.record_id,
                "message": self.message}


class LogError(Exception):
    """A problem that stops the operation; ``str()`` is ``file:line: message``."""

    def __init__(self, path: str, line: int, message: str) -> None:
        self.problem = Problem(path, line, message)
        super().__init__(str(self.problem))

    @property
    def path(self) -> str:
        return self.problem.path

    @property
    def line(self) -> int:
        return self.problem.line

    @property
    def message(self) -> str:
        return self.problem.message
