"""Forms of the host pages; the services check again (they are the rule)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.host_organisations.services import TEXT_MAX, WORKPLACE_MAX


class ApplyForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Host organisation"), queryset=None, empty_label=None
    )
    workplace = forms.CharField(
        label=_("Where you work or live away from home"), max_length=WORKPLACE_MAX
    )
    message = forms.CharField(
        label=_("Message to the host"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
