"""Admin screens of the content app that are not pages."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import DeleteView
from wagtail.admin.viewsets.model import ModelViewSet

from cms.forms import OrganisationForm
from cms.models import Organisation


class OrganisationDeleteView(DeleteView):
    """Refuses to delete a node that still has sub-organisations or members: treebeard would
    delete the whole subtree, and members would be left without a branch."""

    def blocker(self):
        children = self.object.get_children_count()
        if children:
            return gettext(
                "“%(name)s” still has %(count)d sub-organisations. Move or delete them first."
            ) % {"name": self.object.name, "count": children}
        members = self.object.members.count()
        if members:
            return gettext(
                "“%(name)s” still has %(count)d members. Move them to another organisation first."
            ) % {"name": self.object.name, "count": members}
        return None

    def refuse_if_blocked(self, handler, request, *args, **kwargs):
        reason = self.blocker()
        if reason:
            messages.error(request, reason)
            return redirect(self.get_success_url())
        return handler(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.refuse_if_blocked(super().get, request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.refuse_if_blocked(super().post, request, *args, **kwargs)


class OrganisationViewSet(ModelViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    menu_order = 200
    add_to_admin_menu = True
    ordering = ["path"]
    # The tree shown by indenting names; the column is headed as the name it is.
    list_display = [
        Column("indented_name", label=pgettext_lazy("organisation", "name")),
        "kind",
        "region",
    ]
    list_filter = ["kind"]
    search_fields = ["name", "region"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("kind"),
            FieldPanel("region"),
            FieldPanel("parent"),
            FieldPanel("rank_members_publicly"),
            FieldPanel("hosts_members_away"),
        ],
        base_form_class=OrganisationForm,
    )
    delete_view_class = OrganisationDeleteView
    copy_view_enabled = False
    inspect_view_enabled = False
