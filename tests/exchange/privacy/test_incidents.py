"""UU PDP Pasal 46: the incident register with its 3 x 24 hour clock of notices, reminders while it runs."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from exchange.privacy import report, services
from exchange.privacy.models import Incident
from portal.deadlines import deadlines_all, deadlines_for

pytestmark = pytest.mark.django_db
JAKARTA = ZoneInfo("Asia/Jakarta")


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), JAKARTA)


def record(user, agreement, **changes) -> Incident:
    values = {
        "discovered_at": at(date(2024, 3, 4), 9),
        "description": "Berkas ekspor usulan terkirim ke alamat surel yang salah.",
        "data_affected": "NIP dan nama",
        "subjects_count": 12,
    }
    values.update(changes)
    with time_machine.travel(at(date(2024, 3, 4), 11), tick=False):
        return services.incident_record(acting_user=user, agreement=agreement, **values)


def incident_deadlines(read, *args, **kwargs):
    found = read(*args, date(2024, 3, 1), date(2024, 3, 31), today=date(2024, 3, 5), **kwargs)
    return [d for d in found if d.kind == "pdp_incident"]


def test_the_clock_runs_three_days_and_stops_once_both_notices_are_given(seed, kemendes_staf, bkn_staf):
    incident = record(kemendes_staf, seed)
    assert incident.notify_by == at(date(2024, 3, 7), 9)
    found = incident_deadlines(deadlines_all)
    assert [(d.date, d.legal) for d in found] == [(date(2024, 3, 7), True)]
    assert "Berkas ekspor" not in found[0].title  # the text names the register's number, nothing else
    assert incident_deadlines(lambda *a, **k: deadlines_for(kemendes_staf, *a, **k))
    with pytest.raises(PermissionDenied):
        services.incident_update(acting_user=bkn_staf, incident=incident, step="party")
    services.incident_update(
        acting_user=kemendes_staf, incident=incident, step="party", now=at(date(2024, 3, 5))
    )
    assert incident_deadlines(deadlines_all)  # the subjects are still to be told
    with pytest.raises(ValidationError):
        services.incident_update(
            acting_user=kemendes_staf, incident=incident, step="close", response="Selesai."
        )
    services.incident_update(
        acting_user=kemendes_staf, incident=incident, step="subjects", now=at(date(2024, 3, 6))
    )
    assert not incident_deadlines(deadlines_all)
    with pytest.raises(ValidationError):
        services.incident_update(acting_user=kemendes_staf, incident=incident, step="close", response=" ")
    services.incident_update(
        acting_user=kemendes_staf, incident=incident, step="close", response="Penerima menghapus surel."
    )
    incident.refresh_from_db()
    assert incident.closed_at and not incident.is_late(incident.notify_by)


def test_bad_input_is_refused_and_records_nothing(seed, kemendes_staf, lain_staf, client):
    with pytest.raises(ValidationError) as caught:
        record(kemendes_staf, seed, description=" ", discovered_at=at(date(2030, 1, 1)))
    assert set(caught.value.message_dict) == {"description", "discovered_at"}
    with pytest.raises(PermissionDenied):
        record(lain_staf, seed)
    client.force_login(kemendes_staf)
    page = client.post(
        reverse("privacy:incident_create", args=[seed.pk]), {"description": "x"}
    ).content.decode()
    assert "Bidang ini tidak boleh kosong." in page
    assert not Incident.objects.exists()


def test_the_report_section_counts_the_period_s_incidents(seed, kemendes_staf):
    incident = record(kemendes_staf, seed)
    for step, day in (("party", 5), ("subjects", 8)):  # the subjects were told a day late
        services.incident_update(
            acting_user=kemendes_staf, incident=incident, step=step, now=at(date(2024, 3, day))
        )
    section = report.present_incidents(report.collect_incidents(seed.pk, date(2023, 10, 9), date(2024, 4, 8)))
    assert dict(section.summary) == {"Insiden": 1, "Diberitahukan tepat waktu": 0, "Ditutup": 0}
