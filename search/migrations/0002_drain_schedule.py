"""A django-q2 schedule that drains the search outbox every minute: it catches up after
Elasticsearch was down, and after changes whose immediate drain task was lost."""

from django.db import migrations

NAME = "xfsearch: drain search outbox"


def add_schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.update_or_create(
        name=NAME,
        defaults={"func": "search.tasks.periodic_drain", "schedule_type": "I", "minutes": 1,
                  "repeats": -1},
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("xfsearch", "0001_initial"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(add_schedule, remove_schedule)]
