"""The minute drain schedule calls search.services.drain_outbox directly: the task module had
two identical functions (the queued task and the schedule's entry point), now one."""

from django.db import migrations

NAME = "xfsearch: drain search outbox"
OLD, NEW = "search.tasks.periodic_drain", "search.services.drain_outbox"


def repoint(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME, func=OLD).update(func=NEW)


def point_back(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME, func=NEW).update(func=OLD)


class Migration(migrations.Migration):
    dependencies = [("xfsearch", "0002_drain_schedule")]

    operations = [migrations.RunPython(repoint, point_back)]
