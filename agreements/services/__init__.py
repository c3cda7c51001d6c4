"""Every write of the agreements app: one function per transition, each atomic with its event row.

Views, admin actions, commands and the demo all call these; nothing else writes agreement data. Each one
takes the acting principal (a user, later an API client) as `acting_user` and refuses, whoever the caller,
what selectors.agreement_rights does not allow: PermissionDenied for a missing right, ValidationError for a
party acting in another party's name or for input the agreement's rules refuse.
"""

from agreements.services.correspondence import (
    contact_add,
    contact_end,
    letter_issue,
    letter_number_draw,
    letter_register_incoming,
)
from agreements.services.documents import document_upload, document_verify, paraf_record
from agreements.services.incidents import (
    dispute_advance,
    dispute_record,
    force_majeure_end,
    force_majeure_notify,
    force_majeure_record,
    monev_hold,
)
from agreements.services.invitations import invitation_accept, invitation_decline, invitation_withdraw
from agreements.services.lifecycle import (
    AGREEMENT_FIELDS,
    PARTY_FIELDS,
    agreement_clocks_recompute,
    agreement_create,
    agreement_extend,
    agreement_sign,
    agreement_update,
    amendment_record,
)
from agreements.services.notices import agreement_terminate, notice_serve
from agreements.services.obligations import due_meet, due_waive, obligation_add
from agreements.services.teams import (
    agreement_oversight_read,
    team_member_add,
    team_member_remove,
    team_member_rights_set,
)

__all__ = [
    "AGREEMENT_FIELDS",
    "PARTY_FIELDS",
    "agreement_clocks_recompute",
    "agreement_oversight_read",
    "agreement_create",
    "agreement_extend",
    "agreement_sign",
    "agreement_terminate",
    "agreement_update",
    "amendment_record",
    "contact_add",
    "contact_end",
    "dispute_advance",
    "dispute_record",
    "document_upload",
    "document_verify",
    "due_meet",
    "due_waive",
    "force_majeure_end",
    "force_majeure_notify",
    "force_majeure_record",
    "invitation_accept",
    "invitation_decline",
    "invitation_withdraw",
    "letter_issue",
    "letter_number_draw",
    "letter_register_incoming",
    "monev_hold",
    "notice_serve",
    "obligation_add",
    "paraf_record",
    "team_member_add",
    "team_member_remove",
    "team_member_rights_set",
]
