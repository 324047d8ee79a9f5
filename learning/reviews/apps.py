from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "learning.reviews"
    label = "reviews"
    verbose_name = _("Member reviews")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from learning.reviews import receivers  # noqa: F401 - connects the signal receivers
