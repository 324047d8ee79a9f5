from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResidentsConfig(AppConfig):
    name = "learning.residents"
    label = "residents"
    verbose_name = _("Residents")
    default_auto_field = "django.db.models.BigAutoField"
