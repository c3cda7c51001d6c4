"""The flow of a correction proposal, declared once: every step with everything that is said about it.

A `Step` names the statuses it starts from and the one it leads to, the side that may take it, the input it
asks for (its form fields), the message shown when it is done, the mail its event sends and the event kind
it writes. The services refuse a step with the message `refusal()` gives and take the target status and
the event kind from here; the detail page offers exactly the steps `allowed_steps()` returns, each with the
form built from its fields; the list offers the steps marked for bulk use; `emails` picks the mail of an
event here. Adding or removing a step means editing `STEPS` (and writing its service, marked
`@implements(name)`), nothing else.

Every step needs the proposal-handling grant on the agreement, on the side the step names.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from exchange.corrections.choices import ProposalEventKind as Event
from exchange.corrections.choices import ProposalStatus as S
from exchange.corrections.choices import Side
from portal.models import User

# The receiving party's clock runs in these states; it stops while completeness is awaited.
CLOCK_RUNNING = frozenset({S.SUBMITTED, S.REVIEW})
# Open for the receiving party: it still has something to do.
OPEN_FOR_RECEIVER = frozenset({S.SUBMITTED, S.REVIEW, S.INFO_NEEDED, S.ACCEPTED})
FINISHED = frozenset({S.CLOSED, S.WITHDRAWN})
EDITABLE = frozenset({S.DRAFT, S.INFO_NEEDED})


@dataclass(frozen=True)
class Mail:
    """The mail an event sends, rendered from the three templates `emails/<template>-*`.

    It goes to the other party's liaison officers (the handlers on the agreement, else its liaison officers
    by role); `to_assignee` also rings the bell of the person the proposal is now assigned to. An event kept
    internal to one institution (a draft's) sends no mail at all.
    """

    template: str
    to_assignee: bool = False


class StepForm(forms.Form):
    """The input of one step. `choices` scopes a model choice field by name (e.g. the assignable handlers)."""

    def __init__(self, *args, choices: Mapping[str, QuerySet] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, queryset in (choices or {}).items():
            if name in self.fields:
                self.fields[name].queryset = queryset


@dataclass(frozen=True, eq=False)
class Step:
    """One step of the flow. `side` None means either party; `target` None keeps the status.

    `fields` are the step's inputs, named as its service's keyword arguments; none means a button is enough.
    `page` is the URL name of a page of its own where the step is taken instead of a button. `bulk_label`
    offers the step on the list for many proposals at once.
    """

    name: str
    label: str
    sources: frozenset[str]
    target: str | None
    side: Side | None
    event: Event
    done: str
    mail: Mail
    fields: Mapping[str, forms.Field] = field(default_factory=dict)
    page: str = ""
    confirm: str = ""
    danger: bool = False
    bulk_label: str = ""
    unassigned_only: bool = False

    @cached_property
    def form_class(self) -> type[StepForm] | None:
        if not self.fields:
            return None
        title = "".join(part.capitalize() for part in self.name.split("_"))
        return type(f"{title}StepForm", (StepForm,), dict(self.fields))

    def form(
        self, data=None, *, choices: Mapping[str, QuerySet] | None = None, bare: bool = False
    ) -> StepForm | None:
        """The step's form (None for a button), its fields prefixed by the step's name unless `bare`."""
        if self.form_class is None:
            return None
        return self.form_class(data, choices=choices, prefix=None if bare else self.name)

    @property
    def service(self) -> Callable[..., Any]:
        """The service that takes this step: `service(acting_user=..., proposal=..., **inputs)`."""
        try:
            return _services[self.name]
        except KeyError:
            raise LookupError(f"No service implements the step {self.name!r}") from None


def _text(label: str, *, required: str = "", rows: int = 2) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=bool(required),
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required} if required else {},
    )


def _message() -> forms.CharField:
    return _text(gettext_lazy("Pesan"), required=gettext_lazy("Tuliskan pesan untuk pihak lain."), rows=3)


def _note() -> forms.CharField:
    return _text(gettext_lazy("Catatan (opsional)"))


STEPS: dict[str, Step] = {
    step.name: step
    for step in (
        Step(
            "update",
            gettext_lazy("Ubah"),
            EDITABLE,
            None,
            Side.PROPOSER,
            Event.UPDATED,
            done=gettext_lazy("Usulan disimpan."),
            mail=Mail("proposal_updated"),
            page="exchange:proposal_update",
        ),
        Step(
            "submit",
            gettext_lazy("Ajukan"),
            frozenset({S.DRAFT}),
            S.SUBMITTED,
            Side.PROPOSER,
            Event.SUBMITTED,
            done=gettext_lazy("Usulan diajukan kepada pihak penerima."),
            mail=Mail("proposal_submitted"),
            confirm=gettext_lazy("Ajukan usulan ini kepada pihak penerima?"),
        ),
        Step(
            "take",
            gettext_lazy("Tangani sendiri"),
            OPEN_FOR_RECEIVER,
            None,
            Side.RECEIVER,
            Event.TAKEN,
            done=gettext_lazy("Usulan kini Anda tangani."),
            mail=Mail("proposal_taken"),
            unassigned_only=True,
        ),
        Step(
            "assign",
            gettext_lazy("Tugaskan"),
            OPEN_FOR_RECEIVER,
            None,
            Side.RECEIVER,
            Event.ASSIGNED,
            done=gettext_lazy("Usulan ditugaskan."),
            mail=Mail("proposal_assigned", to_assignee=True),
            fields={
                "assignee": forms.ModelChoiceField(
                    label=gettext_lazy("Petugas"),
                    queryset=User.objects.none(),
                    empty_label=gettext_lazy("— pilih petugas —"),
                    error_messages={
                        "required": gettext_lazy("Pilih petugas yang ditugaskan."),
                        "invalid_choice": gettext_lazy("Petugas itu tidak dapat ditugaskan pada usulan ini."),
                    },
                )
            },
            bulk_label=gettext_lazy("Tugaskan kepada"),
        ),
        Step(
            "start_review",
            gettext_lazy("Mulai proses"),
            frozenset({S.SUBMITTED}),
            S.REVIEW,
            Side.RECEIVER,
            Event.REVIEW_STARTED,
            done=gettext_lazy("Usulan mulai diproses."),
            mail=Mail("proposal_review_started"),
            bulk_label=gettext_lazy("Mulai proses"),
        ),
        Step(
            "request_info",
            gettext_lazy("Minta kelengkapan"),
            frozenset({S.REVIEW}),
            S.INFO_NEEDED,
            Side.RECEIVER,
            Event.INFO_REQUESTED,
            done=gettext_lazy("Permintaan kelengkapan dikirim; tenggat dihentikan sementara."),
            mail=Mail("proposal_info_requested"),
            fields={"message": _message()},
        ),
        Step(
            "provide_info",
            gettext_lazy("Sampaikan kelengkapan"),
            frozenset({S.INFO_NEEDED}),
            S.REVIEW,
            Side.PROPOSER,
            Event.INFO_PROVIDED,
            done=gettext_lazy("Kelengkapan disampaikan; usulan kembali diproses."),
            mail=Mail("proposal_info_provided"),
            fields={"message": _message()},
        ),
        Step(
            "accept",
            gettext_lazy("Terima"),
            frozenset({S.REVIEW}),
            S.ACCEPTED,
            Side.RECEIVER,
            Event.ACCEPTED,
            done=gettext_lazy("Usulan diterima."),
            mail=Mail("proposal_accepted"),
            fields={"note": _note()},
        ),
        Step(
            "reject",
            gettext_lazy("Tolak"),
            frozenset({S.REVIEW, S.INFO_NEEDED}),
            S.REJECTED,
            Side.RECEIVER,
            Event.REJECTED,
            done=gettext_lazy("Usulan ditolak."),
            mail=Mail("proposal_rejected"),
            fields={
                "reason": _text(
                    gettext_lazy("Alasan penolakan"),
                    required=gettext_lazy("Alasan penolakan wajib diisi."),
                    rows=3,
                )
            },
            danger=True,
        ),
        Step(
            "mark_applied",
            gettext_lazy("Tandai sudah diperbaiki"),
            frozenset({S.ACCEPTED}),
            S.APPLIED,
            Side.RECEIVER,
            Event.APPLIED,
            done=gettext_lazy("Perbaikan dicatat sudah diterapkan."),
            mail=Mail("proposal_applied"),
            fields={
                "applied_on": forms.DateField(
                    label=gettext_lazy("Tanggal perbaikan di SIASN"),
                    widget=forms.DateInput(attrs={"type": "date"}),
                    error_messages={
                        "required": gettext_lazy("Tanggal perbaikan wajib diisi."),
                        "invalid": gettext_lazy("Tanggal tidak sah."),
                    },
                ),
                "reference": forms.CharField(
                    label=gettext_lazy("Rujukan (nomor SK/tiket SIASN)"),
                    max_length=200,
                    error_messages={
                        "required": gettext_lazy("Rujukan perbaikan (nomor SK/tiket SIASN) wajib diisi.")
                    },
                ),
            },
        ),
        Step(
            "close",
            gettext_lazy("Tutup"),
            frozenset({S.APPLIED, S.REJECTED}),
            S.CLOSED,
            None,
            Event.CLOSED,
            done=gettext_lazy("Usulan ditutup."),
            mail=Mail("proposal_closed"),
            fields={"note": _note()},
            bulk_label=gettext_lazy("Tutup"),
        ),
        Step(
            "withdraw",
            gettext_lazy("Tarik usulan"),
            frozenset({S.DRAFT, S.SUBMITTED, S.REVIEW, S.INFO_NEEDED}),
            S.WITHDRAWN,
            Side.PROPOSER,
            Event.WITHDRAWN,
            done=gettext_lazy("Usulan ditarik."),
            mail=Mail("proposal_withdrawn"),
            fields={"reason": _text(gettext_lazy("Alasan penarikan (opsional)"))},
            danger=True,
        ),
    )
}

# Events that are not steps of the flow but still reach the other party.
OTHER_MAILS: dict[str, Mail] = {
    Event.COMMENTED: Mail("proposal_commented"),
    Event.EVIDENCE_ADDED: Mail("proposal_evidence_added"),
}


def mail_for(kind: str) -> Mail | None:
    """The mail an event of this kind sends; None for an event that tells nobody (a draft's creation)."""
    for step in STEPS.values():
        if step.event == kind:
            return step.mail
    return OTHER_MAILS.get(kind)


def bulk_steps() -> list[Step]:
    return [step for step in STEPS.values() if step.bulk_label]


_services: dict[str, Callable[..., Any]] = {}


def implements(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Mark the service function that takes the step `name`; views, bulk actions and the demo call it."""
    step = STEPS[name]

    def register(service: Callable[..., Any]) -> Callable[..., Any]:
        _services[step.name] = service
        return service

    return register


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


def allowed_steps(*, status: str, side: Side | None, can_handle: bool, assigned: bool = False) -> list[Step]:
    """The steps open to this user now; a step for unassigned proposals only is left out once assigned."""
    return [
        step
        for step in STEPS.values()
        if refusal(step, status=status, side=side, can_handle=can_handle) is None
        and not (assigned and step.unassigned_only)
    ]
