"""Errors meant for users: each carries one Russian sentence that says what to do."""

from __future__ import annotations


class ProcxlError(Exception):
    """A problem the user can fix; the message is shown as it is, without a traceback."""

    exit_code = 2


class UnusableInput(ProcxlError):
    """The input cannot be used at all: missing, not a workbook, protected, corrupt, too big."""


class OutputError(ProcxlError):
    """A result cannot be written: the file is open in Excel, read-only, or the disk is full."""
