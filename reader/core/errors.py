"""Errors the core raises. Each carries a one-line message fit for a user.

The command line prints `message` and exits 2; the interface shows it as a notice.
"""

from __future__ import annotations


class ReaderError(Exception):
    """Base of every error the core raises on purpose."""

    def __init__(self, message: str, title: str = "Error") -> None:
        super().__init__(message)
        self.message = message
        """One line, no traceback, safe to show."""
        self.title = title
        """A short heading for a notice."""


class LoadError(ReaderError):
    """A file or folder cannot be read as an article (missing, binary, too large...)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "Cannot load")


class CompareError(ReaderError):
    """Two articles cannot be compared (too long to align within the memory limits)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "Cannot compare")


class AnnotationError(ReaderError):
    """The annotation sidecar cannot be read or written."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "Notes")
