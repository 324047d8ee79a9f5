from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceTasksConfig(AppConfig):
    name = "learning.service_tasks"
    label = "service_tasks"
    verbose_name = _("Service tasks")
    default_auto_field = "django.db.models.BigAutoField"
