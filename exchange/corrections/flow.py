"""The flow of a correction proposal as one table: which step goes from which status to which, and who may.

Services refuse a step with the message `refusal()` gives; the detail page offers exactly the steps
`allowed_steps()` returns. Both read this table, so a button never offers what the service would refuse.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from exchange.corrections.choices import ProposalEventKind as Event
from exchange.corrections.choices import ProposalStatus as S
from exchange.corrections.choices import Side

# The receiving party's clock runs in these states; it stops while completeness is awaited.
CLOCK_RUNNING = frozenset({S.SUBMITTED, S.REVIEW})
# Open for the receiving party: it still has something to do.
OPEN_FOR_RECEIVER = frozenset({S.SUBMITTED, S.REVIEW, S.INFO_NEEDED, S.ACCEPTED})
FINISHED = frozenset({S.CLOSED, S.WITHDRAWN})
EDITABLE = frozenset({S.DRAFT, S.INFO_NEEDED})


@dataclass(frozen=True)
class Step:
    """One step of the flow. `side` None means either party; `target` None keeps the status."""

    name: str
    label: str
    sources: frozenset[str]
    target: str | None
    side: Side | None
    event: Event
    danger: bool = False


STEPS: dict[str, Step] = {
    step.name: step
    for step in (
        Step("update", gettext_lazy("Ubah"), EDITABLE, None, Side.PROPOSER, Event.UPDATED),
        Step(
            "submit",
            gettext_lazy("Ajukan"),
            frozenset({S.DRAFT}),
            S.SUBMITTED,
            Side.PROPOSER,
            Event.SUBMITTED,
        ),
        Step("take", gettext_lazy("Tangani sendiri"), OPEN_FOR_RECEIVER, None, Side.RECEIVER, Event.TAKEN),
        Step("assign", gettext_lazy("Tugaskan"), OPEN_FOR_RECEIVER, None, Side.RECEIVER, Event.ASSIGNED),
        Step(
            "start_review",
            gettext_lazy("Mulai proses"),
            frozenset({S.SUBMITTED}),
            S.REVIEW,
            Side.RECEIVER,
            Event.REVIEW_STARTED,
        ),
        Step(
            "request_info",
            gettext_lazy("Minta kelengkapan"),
            frozenset({S.REVIEW}),
            S.INFO_NEEDED,
            Side.RECEIVER,
            Event.INFO_REQUESTED,
        ),
        Step(
            "provide_info",
            gettext_lazy("Sampaikan kelengkapan"),
            frozenset({S.INFO_NEEDED}),
            S.REVIEW,
            Side.PROPOSER,
            Event.INFO_PROVIDED,
        ),
        Step(
            "accept", gettext_lazy("Terima"), frozenset({S.REVIEW}), S.ACCEPTED, Side.RECEIVER, Event.ACCEPTED
        ),
        Step(
            "reject",
            gettext_lazy("Tolak"),
            frozenset({S.REVIEW, S.INFO_NEEDED}),
            S.REJECTED,
            Side.RECEIVER,
            Event.REJECTED,
            danger=True,
        ),
        Step(
            "mark_applied",
            gettext_lazy("Tandai sudah diperbaiki"),
            frozenset({S.ACCEPTED}),
            S.APPLIED,
            Side.RECEIVER,
            Event.APPLIED,
        ),
        Step(
            "close", gettext_lazy("Tutup"), frozenset({S.APPLIED, S.REJECTED}), S.CLOSED, None, Event.CLOSED
        ),
        Step(
            "withdraw",
            gettext_lazy("Tarik usulan"),
            frozenset({S.DRAFT, S.SUBMITTED, S.REVIEW, S.INFO_NEEDED}),
            S.WITHDRAWN,
            Side.PROPOSER,
            Event.WITHDRAWN,
            danger=True,
        ),
    )
}

# Steps that the list page can apply to many proposals at once (no per-proposal input needed).
BULK_STEPS = ("start_review", "close")


@dataclass(frozen=True)
class Refusal:
    """Why a step is refused. `forbidden` means the user lacks the right (403), not the moment (a message)."""

    message: str
    forbidden: bool


def refusal(step: Step, *, status: str, side: Side | None, can_handle: bool) -> Refusal | None:
    """Why this user may not take this step now, in Indonesian; None when they may."""
    if side is None:
        return Refusal(_("Anda bukan pihak pada usulan ini."), forbidden=True)
    if not can_handle:
        return Refusal(
            _("Anda tidak memiliki hak menangani usulan perbaikan pada perjanjian ini."), forbidden=True
        )
    if step.side is not None and step.side != side:
        if step.side == Side.RECEIVER:
            message = _("Langkah “%(step)s” hanya dapat dilakukan oleh pihak penerima usulan.")
        else:
            message = _("Langkah “%(step)s” hanya dapat dilakukan oleh pihak pengusul.")
        return Refusal(message % {"step": step.label}, forbidden=True)
    if status not in step.sources:
        message = _("Langkah “%(step)s” tidak dapat dilakukan pada usulan berstatus %(status)s.") % {
            "step": step.label,
            "status": S(status).label,
        }
        return Refusal(message, forbidden=False)
    return None


def allowed_steps(*, status: str, side: Side | None, can_handle: bool) -> list[Step]:
    return [
        step
        for step in STEPS.values()
        if refusal(step, status=status, side=side, can_handle=can_handle) is None
    ]
