"""Fault tests with real processes (killed workers, frozen or stopped Redis): all marked `faults`, so that
`pytest -m faults` runs them alone and `pytest -m "not faults"` leaves them out."""

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.faults)
