"""Every write of correction proposals: one function per step, each atomic with its event row and history.

Each step locks the proposal row, asks `flow.refusal()` whether this user may take it now (a missing right
raises PermissionDenied, a wrong moment ValidationError with an Indonesian message), changes the row,
writes a ProposalEvent and the mail and bell lines it causes (exchange.corrections.emails) in the same
transaction; after the commit only the outbox's doorbell rings. Views, the XLSX import, bulk actions and the
demo all call these functions.
"""

from exchange.corrections.services._common import MAX_ITEMS, ItemInput, clean_items, new_message_id
from exchange.corrections.services.access import personal_data_access_record
from exchange.corrections.services.bulk import (
    BulkError,
    proposal_import,
    proposals_bulk_step,
)
from exchange.corrections.services.bulk_jobs import (
    INLINE_MAX,
    proposal_bulk_jobs_sweep,
    proposals_bulk_request,
    proposals_bulk_run,
)
from exchange.corrections.services.conversation import comment_add, evidence_add
from exchange.corrections.services.imports import (
    DuplicateImport,
    proposal_import_request,
    proposal_import_run,
    proposal_imports_sweep,
)
from exchange.corrections.services.steps import (
    proposal_accept,
    proposal_assign,
    proposal_close,
    proposal_create,
    proposal_mark_applied,
    proposal_provide_info,
    proposal_reject,
    proposal_request_info,
    proposal_start_review,
    proposal_submit,
    proposal_take,
    proposal_update,
    proposal_withdraw,
)

__all__ = [
    "INLINE_MAX",
    "MAX_ITEMS",
    "BulkError",
    "DuplicateImport",
    "ItemInput",
    "clean_items",
    "comment_add",
    "evidence_add",
    "new_message_id",
    "personal_data_access_record",
    "proposal_accept",
    "proposal_assign",
    "proposal_close",
    "proposal_create",
    "proposal_import",
    "proposal_import_request",
    "proposal_import_run",
    "proposal_imports_sweep",
    "proposal_mark_applied",
    "proposal_provide_info",
    "proposal_reject",
    "proposal_request_info",
    "proposal_start_review",
    "proposal_submit",
    "proposal_take",
    "proposal_update",
    "proposal_withdraw",
    "proposal_bulk_jobs_sweep",
    "proposals_bulk_request",
    "proposals_bulk_run",
    "proposals_bulk_step",
]
