from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from cms.models.organisations import KIND_RANK, Organisation, OrganisationKind


class ParentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.indented_name}（{obj.get_kind_display()}）"


class OrganisationForm(WagtailAdminModelForm):
    """Edits one node of the tree; the parent field places or moves it."""

    parent = ParentChoiceField(
        queryset=Organisation.objects.order_by("path"),
        required=False,
        label=_("parent organisation"),
        help_text=_("Leave empty for a top-level organisation."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["parent"].initial = self.instance.get_parent()

    def clean(self):
        cleaned = super().clean()
        parent = cleaned.get("parent")
        kind = cleaned.get("kind")
        node = self.instance
        if node.pk and parent and parent.path.startswith(node.path):
            self.add_error(
                "parent",
                _(
                    "An organisation cannot be placed under itself or one of its own "
                    "sub-organisations."
                ),
            )
            return cleaned
        if kind:
            try:
                Organisation.check_placement(kind, parent)
            except forms.ValidationError as error:
                self.add_error("parent", error)
            if node.pk:
                self._check_children_still_fit(kind)
        return cleaned

    def _check_children_still_fit(self, kind):
        children = self.instance.get_children()
        if not children.exists():
            return
        if kind == OrganisationKind.GROUP:
            self.add_error(
                "kind",
                _("This organisation has sub-organisations, so it cannot become a party group."),
            )
            return
        rank = KIND_RANK[OrganisationKind(kind)]
        if any(KIND_RANK[OrganisationKind(c.kind)] < rank for c in children):
            self.add_error("kind", _("A sub-organisation would then rank above its parent."))

    def save(self, commit=True):
        parent = self.cleaned_data.get("parent")
        node = super().save(commit=False)
        if node.pk is None:
            if parent:
                return parent.add_child(instance=node)
            return Organisation.add_root(instance=node)
        node.save()
        current_parent = node.get_parent(update=True)
        if parent != current_parent:
            if parent:
                node.move(parent, "sorted-child")
            else:
                node.move(Organisation.get_first_root_node(), "sorted-sibling")
        return node
