"""The legal clocks of an agreement as pure date functions (DESIGN.md, "Date rules").

Nothing here touches the database; models, selectors, services and reminders all call these, so that the
date an officer reads on a page, in a letter and in a reminder is computed in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext as _

# The notice window opens this many days before the notice deadline and lasts until the last day in force.
NOTICE_WINDOW_DAYS = 60


def add_months(day: date, months: int) -> date:
    """Calendar months, the day clamped to the month's length (2025-03-31 - 1 month = 2025-02-28)."""
    return day + relativedelta(months=months)


def last_day_in_force(start: date, term_months: int) -> date:
    """A term of N months counted from day D ends on D + N months - 1 day (2023-10-09, 24 -> 2025-10-08)."""
    return add_months(start, term_months) - timedelta(days=1)


def notice_deadline(end: date, notice_months: int = 1) -> date:
    """'At least N months before it ends': the end date minus N months, clamped (2025-10-08 -> 2025-09-08)."""
    return add_months(end, -notice_months)


def notice_window_opens(end: date, notice_months: int = 1) -> date:
    return notice_deadline(end, notice_months) - timedelta(days=NOTICE_WINDOW_DAYS)


def agreement_status(
    day: date,
    *,
    signed_on: date | None,
    starts_on: date | None,
    ends_on: date | None,
    terminated_on: date | None,
    announced_end_on: date | None,
    notice_months: int = 1,
) -> str:
    """The one rule for an agreement's status as of a day (selectors.annotate_status is its SQL twin).

    draft: not signed. scheduled: signed, not yet in force (a later effective date). terminated: past an
    early end, recorded or announced by a served termination notice. expired: past the last day of the
    term. ending: a known early end lies ahead. notice: inside the notice window. active otherwise.
    The codes are AgreementStatus values.
    """
    if not signed_on or not starts_on:
        return "draft"
    if day < starts_on:
        return "scheduled"
    if terminated_on and day > terminated_on:
        return "terminated"
    if announced_end_on and day > announced_end_on and (not ends_on or announced_end_on < ends_on):
        return "terminated"
    if ends_on and day > ends_on:
        return "expired"
    if terminated_on or (announced_end_on and (not ends_on or announced_end_on < ends_on)):
        return "ending"
    if ends_on and day >= notice_window_opens(ends_on, notice_months):
        return "notice"
    return "active"


def signing_errors(*, signed_on: date, today: date, confirmed_non_working: bool) -> dict[str, str]:
    """A signing date cannot lie in the future; a weekend or public holiday must be confirmed."""
    if signed_on > today:
        return {
            "signed_on": _(
                "Tanggal penandatanganan %(day)s belum tiba. Catat penandatanganan pada hari "
                "ditandatangani; untuk perjanjian yang baru berlaku kemudian, isi tanggal mulai berlaku."
            )
            % {"day": _day(signed_on)}
        }
    if not confirmed_non_working and not is_working_day(signed_on):
        name = holiday_name(signed_on)
        why = name if name else (_("hari Sabtu") if signed_on.weekday() == 5 else _("hari Minggu"))
        return {
            "signed_on": _(
                "%(day)s adalah %(why)s. Bila penandatanganan memang pada hari itu, centang konfirmasi "
                "hari libur."
            )
            % {"day": _day(signed_on), "why": why}
        }
    return {}


def earliest_termination(served_on: date, notice_months: int = 1) -> date:
    """An early termination takes effect no sooner than the notice period after the notice is served."""
    return add_months(served_on, notice_months)


def termination_is_valid(served_on: date, terminates_on: date, notice_months: int = 1) -> bool:
    return terminates_on >= earliest_termination(served_on, notice_months)


def force_majeure_notice_due(occurred_on: date, days: int = 14) -> date:
    """Written notice of force majeure is due within N calendar days of the occurrence (Pasal 10(2))."""
    return occurred_on + timedelta(days=days)


@dataclass(frozen=True)
class Period:
    """A reporting or monitoring period; its due date is its last day."""

    number: int
    start: date
    end: date

    @property
    def due(self) -> date:
        return self.end


def periods(start: date, end: date, per_year: int = 2, *, calendar: bool = False) -> list[Period]:
    """The periods of 'at least N times a year' between start and end (inclusive), in order.

    Anchored on the start date by default (the seed: 2023-10-09..2024-04-08 first); with calendar=True on
    calendar periods (semesters January-June and July-December for two a year), the first and last clipped
    to the agreement's days in force.
    """
    if per_year <= 0 or end < start:
        return []
    months = 12 // per_year
    # Anchored periods are counted from the start each time, so a 31st start never drifts to the 28th.
    first = date(start.year, ((start.month - 1) // months) * months + 1, 1) if calendar else start
    result: list[Period] = []
    number = 1
    cursor = first
    while cursor <= end:
        following = add_months(first, months * number)
        result.append(Period(number, max(cursor, start), min(following - timedelta(days=1), end)))
        number += 1
        cursor = following
    return result


@lru_cache(maxsize=64)
def _holidays_for(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("ID", years=year, categories=("public", "government"), language="id")


def is_working_day(day: date) -> bool:
    """Monday to Friday, not an Indonesian public holiday nor a cuti bersama day."""
    return day.weekday() < 5 and day not in _holidays_for(day.year)


def holiday_name(day: date) -> str | None:
    return _holidays_for(day.year).get(day)


def add_working_days(start: date, days: int) -> date:
    """The working day that is `days` working days after start (start itself not counted)."""
    day = start
    remaining = days
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


# --- Validation of transitions: pure checks that return {field: message}, empty when all is well ---------
# The services raise what these find; "__all__" (Django's NON_FIELD_ERRORS) is a message about the whole
# agreement. Each check stops at the first problem, the one an officer has to fix first.

NON_FIELD = "__all__"


def _day(value: date) -> str:
    from portal.lib.text_id import format_date

    return format_date(value)


def _too_early(served_on: date, terminates_on: date, notice_months: int) -> str:
    return _(
        "Tanggal pengakhiran %(day)s terlalu cepat: pemberitahuan wajib disampaikan paling "
        "lambat %(months)s bulan sebelum perjanjian diakhiri (Pasal 6 ayat (2)). "
        "Dengan pemberitahuan tanggal %(served)s, perjanjian paling cepat diakhiri "
        "pada %(earliest)s."
    ) % {
        "day": _day(terminates_on),
        "months": notice_months,
        "served": _day(served_on),
        "earliest": _day(earliest_termination(served_on, notice_months)),
    }


def notice_errors(
    *,
    kind: str,
    served_on: date,
    terminates_on: date | None,
    signed_on: date | None,
    ends_on: date | None,
    terminated_on: date | None,
    notice_months: int,
) -> dict[str, str]:
    """A written notice to extend ('renewal') or to end ('termination') early (Pasal 6(2))."""
    if not signed_on:
        return {NON_FIELD: _("Perjanjian belum ditandatangani.")}
    if terminated_on:
        return {NON_FIELD: _("Perjanjian sudah diakhiri per %(day)s.") % {"day": _day(terminated_on)}}
    if served_on < signed_on:
        return {"served_on": _("Tanggal pemberitahuan tidak boleh sebelum penandatanganan.")}
    if served_on > ends_on:
        return {"served_on": _("Perjanjian sudah berakhir pada %(day)s.") % {"day": _day(ends_on)}}
    if kind == "renewal":
        return {}
    if kind != "termination":
        return {"kind": _("Jenis pemberitahuan tidak dikenal.")}
    if not terminates_on:
        return {"terminates_on": _("Tanggal pengakhiran wajib diisi.")}
    if not termination_is_valid(served_on, terminates_on, notice_months):
        return {"terminates_on": _too_early(served_on, terminates_on, notice_months)}
    if terminates_on > ends_on:
        return {
            "terminates_on": _(
                "Tanggal pengakhiran melewati hari terakhir berlaku (%(day)s); perjanjian berakhir "
                "dengan sendirinya pada tanggal itu."
            )
            % {"day": _day(ends_on)}
        }
    return {}


def termination_errors(
    *,
    terminates_on: date,
    served_on: list[date],
    signed_on: date | None,
    ends_on: date | None,
    terminated_on: date | None,
    notice_months: int,
    announced_end_on: date | None = None,
) -> dict[str, str]:
    """Ending early on `terminates_on`, given the days termination notices were served (Pasal 6(2)) and
    the last day the notice announced (never earlier than that)."""
    if not signed_on:
        return {NON_FIELD: _("Perjanjian belum ditandatangani.")}
    if terminated_on:
        return {NON_FIELD: _("Perjanjian sudah diakhiri per %(day)s.") % {"day": _day(terminated_on)}}
    if terminates_on > ends_on:
        return {
            "terminates_on": _("Tanggal pengakhiran melewati hari terakhir berlaku (%(day)s).")
            % {"day": _day(ends_on)}
        }
    if not served_on:
        return {
            NON_FIELD: _(
                "Belum ada pemberitahuan pengakhiran tertulis. Sampaikan pemberitahuan lebih dahulu "
                "(Pasal 6 ayat (2))."
            )
        }
    if announced_end_on and terminates_on < announced_end_on:
        return {
            "terminates_on": _(
                "Tanggal pengakhiran %(day)s lebih awal dari tanggal yang diumumkan dalam pemberitahuan "
                "pengakhiran (%(announced)s)."
            )
            % {"day": _day(terminates_on), "announced": _day(announced_end_on)}
        }
    if not any(termination_is_valid(day, terminates_on, notice_months) for day in served_on):
        first = min(served_on)
        return {
            "terminates_on": _(
                "Tanggal pengakhiran %(day)s terlalu cepat: pemberitahuan pengakhiran disampaikan "
                "%(served)s, sehingga perjanjian paling cepat diakhiri pada %(earliest)s "
                "(Pasal 6 ayat (2))."
            )
            % {
                "day": _day(terminates_on),
                "served": _day(first),
                "earliest": _day(earliest_termination(first, notice_months)),
            }
        }
    return {}
