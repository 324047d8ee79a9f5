from django.core.management.base import BaseCommand

from cms.demo import ADMIN_PASSWORD, ADMIN_USERNAME, load_demo


class Command(BaseCommand):
    help = "Load the demo site (idempotent: a second run changes nothing)."

    def handle(self, *args, **options):
        load_demo(log=lambda message: self.stdout.write(message))
        self.stdout.write(self.style.SUCCESS(
            f"Admin login: http://127.0.0.1:8000/admin/  user {ADMIN_USERNAME}  "
            f"password {ADMIN_PASSWORD}"))
