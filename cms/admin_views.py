"""Admin screens of the content app that are not pages."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet

from cms.forms import OrganisationForm
from cms.models import Organisation


class OrganisationViewSet(ModelViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    menu_order = 200
    add_to_admin_menu = True
    ordering = ["path"]
    list_display = ["indented_name", "kind", "region"]
    list_filter = ["kind"]
    search_fields = ["name", "region"]
    edit_handler = ObjectList(
        [FieldPanel("name"), FieldPanel("kind"), FieldPanel("region"), FieldPanel("parent")],
        base_form_class=OrganisationForm,
    )
    copy_view_enabled = False
    inspect_view_enabled = False
