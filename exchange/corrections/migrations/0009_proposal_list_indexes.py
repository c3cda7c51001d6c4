"""Indexes for every sort and filter of the proposal list, and on PostgreSQL the trigram indexes of its NIP
and name search (with the pg_trgm extension); SQLite searches without them."""

import datetime

import django.db.models.functions.comparison
from django.conf import settings
from django.db import migrations, models

TRIGRAM_INDEXES = (
    # The NIP search is nip LIKE '%digits%' (Django's contains); the name search UPPER(person_name) LIKE
    # UPPER('%words%') (icontains): each index is on exactly the expression the search compares.
    ("proposal_nip_trgm", "nip gin_trgm_ops"),
    ("proposal_name_trgm", "(UPPER(person_name::text)) gin_trgm_ops"),
)


def trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, expression in TRIGRAM_INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON exchange_proposal USING gin ({expression})"
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _expression in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0008_invitation_withdrawn"),
        ("exchange", "0008_proposal_event_message"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="proposal",
            index=models.Index(fields=["created_at", "id"], name="proposal_new"),
        ),
        migrations.AddIndex(
            model_name="proposal",
            index=models.Index(fields=["status", "created_at", "id"], name="proposal_status_new"),
        ),
        migrations.AddIndex(
            model_name="proposal",
            index=models.Index(fields=["agreement", "created_at", "id"], name="proposal_agreement_new"),
        ),
        migrations.AddIndex(
            model_name="proposal",
            index=models.Index(fields=["assignee", "created_at", "id"], name="proposal_assignee_new"),
        ),
        migrations.AddIndex(
            model_name="proposal",
            index=models.Index(
                condition=models.Q(("submitted_on__isnull", False)),
                fields=["receiving_party", "status", "due_on"],
                name="proposal_received_status",
            ),
        ),
        migrations.AddIndex(
            model_name="proposal",
            index=models.Index(
                models.Case(
                    models.When(status__in=["review", "submitted"], then=models.Value(0)),
                    models.When(
                        status__in=["accepted", "info_needed", "review", "submitted"], then=models.Value(1)
                    ),
                    default=models.Value(2),
                    output_field=models.IntegerField(),
                ),
                django.db.models.functions.comparison.Coalesce(
                    "due_on", models.Value(datetime.date(9999, 12, 31)), output_field=models.DateField()
                ),
                models.F("created_at"),
                models.F("id"),
                condition=models.Q(("submitted_on__isnull", False)),
                name="proposal_inbox",
            ),
        ),
        migrations.AddIndex(
            model_name="proposal",
            index=models.Index(
                models.F("status"),
                models.Case(
                    models.When(status__in=["review", "submitted"], then=models.Value(0)),
                    models.When(
                        status__in=["accepted", "info_needed", "review", "submitted"], then=models.Value(1)
                    ),
                    default=models.Value(2),
                    output_field=models.IntegerField(),
                ),
                django.db.models.functions.comparison.Coalesce(
                    "due_on", models.Value(datetime.date(9999, 12, 31)), output_field=models.DateField()
                ),
                models.F("created_at"),
                models.F("id"),
                condition=models.Q(("submitted_on__isnull", False)),
                name="proposal_status_inbox",
            ),
        ),
        migrations.AddIndex(
            model_name="proposal",
            index=models.Index(
                models.F("agreement_id"),
                models.Case(
                    models.When(status__in=["review", "submitted"], then=models.Value(0)),
                    models.When(
                        status__in=["accepted", "info_needed", "review", "submitted"], then=models.Value(1)
                    ),
                    default=models.Value(2),
                    output_field=models.IntegerField(),
                ),
                django.db.models.functions.comparison.Coalesce(
                    "due_on", models.Value(datetime.date(9999, 12, 31)), output_field=models.DateField()
                ),
                models.F("created_at"),
                models.F("id"),
                condition=models.Q(("submitted_on__isnull", False)),
                name="proposal_agreement_inbox",
            ),
        ),
        migrations.AddIndex(
            model_name="proposal",
            index=models.Index(
                models.F("assignee_id"),
                models.Case(
                    models.When(status__in=["review", "submitted"], then=models.Value(0)),
                    models.When(
                        status__in=["accepted", "info_needed", "review", "submitted"], then=models.Value(1)
                    ),
                    default=models.Value(2),
                    output_field=models.IntegerField(),
                ),
                django.db.models.functions.comparison.Coalesce(
                    "due_on", models.Value(datetime.date(9999, 12, 31)), output_field=models.DateField()
                ),
                models.F("created_at"),
                models.F("id"),
                condition=models.Q(("submitted_on__isnull", False)),
                name="proposal_assignee_inbox",
            ),
        ),
        migrations.RunPython(trigram_indexes, drop_trigram_indexes, elidable=False),
    ]
