import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0005_reminder_cursor_on_agreement_events"),
    ]

    operations = [
        migrations.CreateModel(
            name="DailyJobRun",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("job", models.CharField(max_length=60, verbose_name="tugas")),
                ("day", models.DateField(verbose_name="hari")),
                ("claimed_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="diambil")),
                ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="selesai")),
                ("summary", models.CharField(blank=True, max_length=255, verbose_name="ringkasan")),
            ],
            options={
                "verbose_name": "jalannya tugas harian",
                "verbose_name_plural": "jalannya tugas harian",
                "ordering": ["-day", "job"],
                "constraints": [models.UniqueConstraint(fields=("job", "day"), name="daily_job_once_per_day")],
            },
        ),
    ]
