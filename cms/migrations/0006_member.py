"""Member moves from learning to cms: state only, the table learning_member stays as it is.

learning.0011_member_moved_to_cms then points every foreign key at cms.Member (state only too)
and renames the content type, so permissions and log entries keep pointing at the members."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0005_pledge_share_card_retries"),
        # The table is created (and last changed) by learning's migrations: cms takes it over
        # only once they have run, on a fresh database as on an existing one.
        ("learning", "0010_quiz_gate_and_ledger_corrections"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Member",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=60, verbose_name="real name")),
                        (
                            "role",
                            models.CharField(
                                choices=[
                                    ("member", "Party member"),
                                    ("secretary", "Branch secretary"),
                                    ("committee", "Committee member"),
                                ],
                                default="member",
                                max_length=20,
                                verbose_name="role",
                            ),
                        ),
                        (
                            "joined_party_on",
                            models.DateField(
                                blank=True, null=True, verbose_name="joined the party on"
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="created at"),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="members",
                                to="cms.organisation",
                                verbose_name="organisation",
                            ),
                        ),
                        (
                            "user",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="member",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="user",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "member",
                        "verbose_name_plural": "members",
                        "db_table": "learning_member",
                        "ordering": ["organisation__path", "name"],
                    },
                ),
            ],
        ),
    ]
