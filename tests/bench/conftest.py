"""Benchmarks run by `make bench` only (PORTAL_BENCH=1); `make test` leaves them out."""

import os

collect_ignore_glob = [] if os.getenv("PORTAL_BENCH") == "1" else ["test_*.py"]
