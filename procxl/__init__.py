"""procxl: a company's process model in Excel, checked and turned into people documents."""

import sys as _sys

__version__ = "0.1.0"


def _interrupted(kind, value, trace):  # type: ignore[no-untyped-def]
    """Ctrl+C before the command line is up (while its modules load) says so in one word,
    as it does later, instead of a traceback; the interpreter still ends as SIGINT does."""
    if issubclass(kind, KeyboardInterrupt):
        print("Прервано.", file=_sys.stderr)
        return
    _previous_hook(kind, value, trace)


_previous_hook = _sys.excepthook
_sys.excepthook = _interrupted
