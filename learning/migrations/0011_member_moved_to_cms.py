"""Member now lives in cms (cms.0006_member): point every foreign key at cms.Member and drop
learning.Member, in the migration state only (the table and its constraints stay), then give
the content type its new app label so group permissions, admin log entries and Wagtail's
history keep pointing at the members."""

import django.db.models.deletion
from django.db import migrations, models


def move_content_type(apps, from_label, to_label):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    old = ContentType.objects.filter(app_label=from_label, model="member").first()
    if old is None:
        return  # a fresh database: post_migrate creates the content type later
    new = ContentType.objects.filter(app_label=to_label, model="member").first()
    if new is not None:
        # A migrate stopped between cms.0006 and here lets post_migrate create the new label
        # already. Keep the old row (its id is what existing rows point at) and carry over
        # whatever was attached to the new one meanwhile.
        for permission in Permission.objects.filter(content_type=new):
            kept = Permission.objects.filter(content_type=old, codename=permission.codename).first()
            if kept is None:
                permission.content_type = old
                permission.save(update_fields=["content_type"])
                continue
            for group in permission.group_set.all():
                group.permissions.add(kept)
            for user in permission.user_set.all():
                user.user_permissions.add(kept)
            permission.delete()
        for model in apps.get_models():
            if model is Permission:
                continue
            for field in model._meta.concrete_fields:
                if field.many_to_one and field.related_model is ContentType:
                    model._base_manager.filter(**{field.name: new}).update(**{field.name: old})
        new.delete()
    old.app_label = to_label
    old.save(update_fields=["app_label"])
    ContentType.objects.clear_cache()


def forwards(apps, schema_editor):
    move_content_type(apps, "learning", "cms")


def backwards(apps, schema_editor):
    move_content_type(apps, "cms", "learning")


def member_fk(**kwargs):
    return models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="cms.member", **kwargs)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0006_member"),
        ("learning", "0010_quiz_gate_and_ledger_corrections"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="progressevent",
                    name="member",
                    field=member_fk(db_index=False, related_name="progress_events"),
                ),
                migrations.AlterField(
                    model_name="creditdecision",
                    name="member",
                    field=member_fk(related_name="credit_decisions"),
                ),
                migrations.AlterField(
                    model_name="sectionprogress",
                    name="member",
                    field=member_fk(related_name="section_progress", verbose_name="member"),
                ),
                migrations.AlterField(
                    model_name="lectureprogress",
                    name="member",
                    field=member_fk(related_name="lecture_progress", verbose_name="member"),
                ),
                migrations.AlterField(
                    model_name="quizattempt",
                    name="member",
                    field=member_fk(related_name="quiz_attempts"),
                ),
                migrations.AlterField(
                    model_name="pointsentry",
                    name="member",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="points_entries",
                        to="cms.member",
                        verbose_name="member",
                    ),
                ),
                migrations.AlterField(
                    model_name="studyclock",
                    name="member",
                    field=models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="study_clock",
                        serialize=False,
                        to="cms.member",
                    ),
                ),
                migrations.DeleteModel(name="Member"),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
