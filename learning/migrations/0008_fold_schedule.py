"""A django-q2 schedule that applies pending progress events every minute: it catches up
after a fold task was lost or failed (each request queues one on commit)."""

from django.db import migrations

NAME = "learning: apply pending progress events"


def add_schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.update_or_create(
        name=NAME,
        defaults={"func": "learning.tasks.fold_all_pending", "schedule_type": "I",
                  "minutes": 1, "repeats": -1},
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0007_event_inbox"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(add_schedule, remove_schedule)]
