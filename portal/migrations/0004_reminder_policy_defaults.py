from django.db import migrations

KINDS = ("notice", "end", "obligation", "force_majeure_notice", "proposal")


def create_defaults(apps, schema_editor):
    ReminderPolicy = apps.get_model("portal", "ReminderPolicy")
    for kind in KINDS:
        ReminderPolicy.objects.get_or_create(
            kind=kind,
            defaults={"days_before": [60, 30, 14, 7, 1], "on_the_day": True, "overdue_every_days": 7, "is_active": True},
        )


def remove_defaults(apps, schema_editor):
    apps.get_model("portal", "ReminderPolicy").objects.filter(kind__in=KINDS, updated_by__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("portal", "0003_reminders_and_calendar_feeds")]

    operations = [migrations.RunPython(create_defaults, remove_defaults)]
