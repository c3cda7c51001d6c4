"""docs/api_example.py, the reference client, run as a partner's developer would: a separate process over
real HTTP against the portal served by the live server."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.mark.django_db(transaction=True)
def test_the_reference_client_runs_the_whole_flow(live_server, issued, version, roster):
    env = {
        **os.environ,
        "PORTAL_URL": live_server.url,
        "CLIENT_ID": issued.client.client_id,
        "CLIENT_SECRET": issued.secret,
    }
    nips = [roster[0]["nipBaru"], "199912312020121999"]
    done = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "api_example.py"), *nips],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr + done.stdout
    out = done.stdout
    assert "KMD/01/2026" in out and "BKN/02/2026" in out
    assert f"{nips[1]} not found" in out
    assert "'nama': {'result': 'tidak_padan'" in out
    assert f"Pulled {len(roster)} records of version 1" in out
