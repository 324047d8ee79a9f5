"""A daily django-q2 schedule that sends the scheduled reminders (learning.branch.schedule):
due soon, overdue, behind the quota at a quarter's end, pledges past their due date. Early in
the morning, so members find them when their day starts; a re-run delivers nothing twice."""

import datetime

from django.db import migrations
from django.utils import timezone

NAME = "learning: send scheduled reminders"
HOUR = 6


def add_schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    now = timezone.localtime()
    first = now.replace(hour=HOUR, minute=0, second=0, microsecond=0)
    if first <= now:
        first += datetime.timedelta(days=1)
    Schedule.objects.update_or_create(
        name=NAME,
        defaults={
            "func": "learning.branch.schedule.reminders_sweep_task",
            "schedule_type": "D",
            "repeats": -1,
            "next_run": first,
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0013_reminder_mutes_and_policies"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(add_schedule, remove_schedule)]
