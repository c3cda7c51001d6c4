# The deadline kinds are declared by the apps that own the clocks (portal.registry); the choices of the
# kind columns are read from there when used. No column changes: every stored code stays as it is.

from django.db import migrations, models

import portal.registry


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0006_daily_job_runs"),
    ]

    operations = [
        migrations.AlterField(
            model_name="reminderpolicy",
            name="kind",
            field=models.CharField(
                choices=portal.registry.deadline_kind_choices,
                max_length=30,
                unique=True,
                verbose_name="jenis tenggat",
            ),
        ),
        migrations.AlterField(
            model_name="sentreminder",
            name="kind",
            field=models.CharField(
                choices=portal.registry.deadline_kind_choices, max_length=30, verbose_name="jenis tenggat"
            ),
        ),
    ]
