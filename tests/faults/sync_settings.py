"""Settings of the worker processes the fault tests start: the test settings with short sync leases, so a
killed worker's batch comes back within seconds instead of a minute."""

from tests.settings import *  # noqa: F403

SYNC_LEASE_SECONDS = 3
SYNC_CALL_TIMEOUT = 2
SYNC_SLICE_SECONDS = 30
