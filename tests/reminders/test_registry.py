"""The deadline registry: the apps declare their kinds and clocks; the portal reads them and imports none."""

import ast
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.deadlines import Deadline
from portal.models import OutboxMail, ReminderPolicy, SentReminder
from portal.registry import DeadlineRegistry, Mailbox, registry
from portal.reminders import policies, reminders_send_daily

PORTAL = Path(__file__).resolve().parents[2] / "portal"


def test_the_agreements_and_proposals_register_their_kinds_under_the_stored_codes_in_the_old_order():
    stored = {"notice", "end", "obligation", "force_majeure_notice", "proposal"}
    kinds = [(kind.code, kind.legal) for kind in registry.deadlines if kind.code in stored]
    assert kinds == [
        ("notice", True),
        ("end", True),
        ("obligation", False),
        ("force_majeure_notice", True),
        ("proposal", False),
    ]
    labels = dict(ReminderPolicy._meta.get_field("kind").choices)
    assert labels["proposal"] == "Batas penanganan usulan perbaikan"
    assert dict(SentReminder._meta.get_field("kind").choices) == labels


def test_registering_the_same_kind_again_is_harmless_and_a_different_one_is_refused():
    deadlines = DeadlineRegistry()

    def audience(batch, today):
        return lambda deadline: []

    first = deadlines.register_kind("monev", "Monev", legal=False, audience=audience)
    assert deadlines.register_kind("monev", "Monev", legal=False, audience=audience) is first
    with pytest.raises(ImproperlyConfigured):
        deadlines.register_kind("monev", "Monev", legal=True, audience=audience)
    with pytest.raises(LookupError, match="'rapat'"):
        deadlines.kind("rapat")
    assert deadlines.is_legal("rapat") is False


@pytest.mark.django_db
def test_a_new_kind_is_reminded_to_its_own_audience_with_a_default_policy(seed, monkeypatch):
    def audience(batch, today):
        return lambda deadline: [Mailbox("sekretariat.monev@bkn.go.id", "Sekretariat monev")]

    def monev(scope):
        ref = scope.ref(seed.pk)
        if ref is not None and scope.in_range(date(2025, 8, 20)):
            yield Deadline(
                key=f"monev:{seed.pk}:20250820",
                kind="monev",
                date=date(2025, 8, 20),
                today=scope.today,
                status="upcoming",
                agreement=ref,
                clause="Pasal 12",
                owing=ref.parties,
                title="Rapat monitoring dan evaluasi",
                action="Siapkan bahan rapat monitoring dan evaluasi.",
                url=ref.url,
            )

    monkeypatch.setattr(registry.deadlines, "kinds", dict(registry.deadlines.kinds))
    monkeypatch.setattr(registry.deadlines, "sources", [*registry.deadlines.sources, monev])
    registry.deadlines.register_kind("monev", "Rapat monev", legal=False, audience=audience)

    assert policies()["monev"].days_before == [60, 30, 14, 7, 1]
    reminders_send_daily(today=date(2025, 8, 13))

    [mail] = OutboxMail.objects.filter(subject__contains="Rapat monitoring")
    assert mail.to == ["sekretariat.monev@bkn.go.id"]
    assert SentReminder.objects.get(deadline_key=f"monev:{seed.pk}:20250820").milestone == "h-7"


def imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


def test_no_portal_module_but_the_root_urlconf_imports_an_app_above_it():
    offenders = {
        str(path.relative_to(PORTAL.parent)): sorted(
            m for m in imported_modules(path) if m.split(".")[0] in {"agreements", "exchange"}
        )
        for path in PORTAL.rglob("*.py")
        if path != PORTAL / "urls.py"
    }
    assert {path: modules for path, modules in offenders.items() if modules} == {}
