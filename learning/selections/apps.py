from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelectionsConfig(AppConfig):
    name = "learning.selections"
    label = "selections"
    verbose_name = _("Exemplar selections")
    default_auto_field = "django.db.models.BigAutoField"
