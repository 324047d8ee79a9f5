from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The coverage figures a brand's 成效 may show live (cms.live_figures): key -> (label, field of
# learning.residents.selectors.coverage).
LIVE_FIGURES = {
    "residents.members_with_residents": (
        _("Members linked to residents (1+10)"),
        "members_with_residents",
    ),
    "residents.residents_covered": (_("Residents covered (1+10)"), "residents_covered"),
    "residents.contacts_this_month": (
        _("Contacts with residents this month"),
        "contacts_this_month",
    ),
}


def _figure(field):
    def compute(organisation):
        from learning.residents.selectors import coverage

        return coverage(organisation=organisation)[field]

    return compute


class ResidentsConfig(AppConfig):
    name = "learning.residents"
    label = "residents"
    verbose_name = _("Residents")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms.live_figures import register_live_figure

        for key, (label, field) in LIVE_FIGURES.items():
            register_live_figure(key, label, _figure(field))
