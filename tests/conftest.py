"""Shared fixtures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from procxl.workbook import writer

CHECKED_AT = dt.datetime(2026, 12, 1, 9, 0)


@pytest.fixture(autouse=True, scope="session")
def fixed_check_time() -> Iterator[None]:
    """«Проверка» is dated with the minute of the check: pinned for the whole run (module
    fixtures included), so that tests comparing two updates byte for byte do not fail when
    a minute turns between them."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(writer, "check_time", lambda: CHECKED_AT)
        yield


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
