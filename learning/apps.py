from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = _("Learning")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        import learning.daily.hooks  # the daily panel and the reading clock (cms hooks)
        import learning.host_notices  # noqa: F401 - members away from home (cms)
        from cms.selectors import register_home_section
        from learning import signals  # noqa: F401 - connects the receivers

        # The home page's newest lectures (cms knows them only through this registration).
        register_home_section(
            "lectures", model="learning.LecturePage", order_by=("-first_published_at",), count=3
        )
