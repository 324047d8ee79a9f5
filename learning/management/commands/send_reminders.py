"""Run the scheduled reminders by hand (the daily django-q2 schedule runs the same sweep):
`python manage.py send_reminders [--date YYYY-MM-DD]`. A re-run sends nothing twice."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from learning.branch.schedule import reminders_sweep
from learning.models import MessageKind


def parse_date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date: not a date in the form YYYY-MM-DD: {value!r}") from None


class Command(BaseCommand):
    help = "Send the scheduled reminders (due soon, overdue, behind the quota, pledges past due)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=parse_date,
            help="Sweep as on this day (YYYY-MM-DD; default today), e.g. to catch up a missed day",
        )

    def handle(self, *args, date=None, **options):
        now = timezone.now()
        if date is not None:
            # Noon of that day, in the site's time zone.
            now = timezone.make_aware(datetime.datetime.combine(date, datetime.time(12)))
        self.stdout.write(f"Reminders as on {timezone.localdate(now).isoformat()}:")

        def progress(kind, count, seconds):
            label = MessageKind(kind).label
            self.stdout.write(f"  {kind:16s} {count:8d} new messages  ({seconds:.1f} s)  {label}")

        counts = reminders_sweep(now=now, progress=progress)
        self.stdout.write(self.style.SUCCESS(f"Done: {sum(counts.values())} new messages."))
