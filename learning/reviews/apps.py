from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "learning.reviews"
    label = "reviews"
    verbose_name = _("Member reviews")
    default_auto_field = "django.db.models.BigAutoField"
