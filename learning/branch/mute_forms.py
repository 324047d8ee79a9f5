"""Forms of reminder muting: the member's settings on /inbox/ (a box per kind, checked when
delivered; mandatory kinds checked and disabled), and an organisation's policy in the admin."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from learning.branch.mutes import mute_states
from learning.models import MUTABLE_KINDS

KIND_CHOICES = [(kind.value, kind.label) for kind in MUTABLE_KINDS]
MANDATORY_REASON = _("Required by your organisation; cannot be turned off")


class MuteSettingsForm(forms.Form):
    """One box per kind: checked = delivered. A disabled (mandatory) box keeps its initial
    value whatever is posted."""

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        for state in mute_states(member=member):
            self.fields[state["kind"]] = forms.BooleanField(
                label=state["label"],
                required=False,
                initial=not state["muted"] or state["mandatory"],
                disabled=state["mandatory"],
                help_text=MANDATORY_REASON if state["mandatory"] else "",
            )

    def muted(self) -> list[str]:
        return [
            kind
            for kind, field in self.fields.items()
            if not field.disabled and not self.cleaned_data.get(kind)
        ]


class ReminderPolicyForm(WagtailAdminModelForm):
    mandatory_kinds = forms.MultipleChoiceField(
        label=_("Mandatory kinds"),
        choices=KIND_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members of this organisation and those under it cannot mute these kinds"),
    )
