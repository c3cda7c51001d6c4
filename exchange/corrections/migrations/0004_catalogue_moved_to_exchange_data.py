"""The data-field catalogue and the Lampiran moved to exchange.data: state only, the tables stay as they are."""

import django.db.models.deletion
from django.db import migrations, models


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("datafield", "annexfield"):
        # A fresh database may already hold the new row (created by post_migrate of an earlier run): keep the
        # old one, which any permission or log row points at.
        ContentType.objects.filter(app_label="exchange_data", model=model).delete()
        ContentType.objects.filter(app_label="exchange", model=model).update(app_label="exchange_data")


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("datafield", "annexfield"):
        ContentType.objects.filter(app_label="exchange", model=model).delete()
        ContentType.objects.filter(app_label="exchange_data", model=model).update(app_label="exchange")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("exchange", "0003_withdrawn_draft_has_no_submission"),
        ("exchange_data", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="historicalproposalitem",
                    name="field",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="exchange_data.datafield",
                        verbose_name="elemen data",
                    ),
                ),
                migrations.AlterField(
                    model_name="proposalitem",
                    name="field",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="exchange_data.datafield",
                        verbose_name="elemen data",
                    ),
                ),
                migrations.DeleteModel(name="AnnexField"),
                migrations.DeleteModel(name="DataField"),
            ]
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
