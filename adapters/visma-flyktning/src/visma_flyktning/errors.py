"""A file the adapter cannot read at all (nothing of it is imported)."""

from __future__ import annotations


class ExportError(Exception):
    """The whole file is refused: ``reason`` says why, in words for an operator."""

    def __init__(self, file: str, reason: str) -> None:
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason
