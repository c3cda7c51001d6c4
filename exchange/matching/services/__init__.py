"""Every write of pemadanan: one function per transition. Views, tasks, commands and the demo call these."""

from exchange.matching.services.berita_acara import berita_acara_issue, berita_acara_sign
from exchange.matching.services.proposals import results_propose
from exchange.matching.services.runs import (
    match_run_execute,
    match_run_request,
    match_runs_sweep,
    request_errors,
    results_write,
)

__all__ = [
    "berita_acara_issue",
    "berita_acara_sign",
    "match_run_execute",
    "match_run_request",
    "match_runs_sweep",
    "request_errors",
    "results_propose",
    "results_write",
]
