"""Background work of the reminders. Thin: a primary key (or nothing) in, a service call, a short string out.

Kept apart from portal.tasks, which the outbox service imports: the reminders read the deadline registry,
which the apps fill at start-up, and the outbox must stay usable without any of that.
"""

from celery import shared_task

from portal import reminders


@shared_task
def send_reminders() -> str:
    """The daily job (07:00 WIB), rung every few minutes: each day since the last recorded run, once, so a
    missed morning is made up; every reminder due that day in one mail per recipient."""
    return "; ".join(reminders.reminders_send_daily_catching_up()) or "nothing due"


@shared_task
def sweep_reminder_events() -> str:
    """Every minute: the reminders of agreements whose clocks just changed (a force majeure recorded...)."""
    return reminders.reminders_sweep_events().summary()
