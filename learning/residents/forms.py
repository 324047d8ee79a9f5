"""Forms of the 1+10 pages and the public contact form; their messages are Chinese."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learning.residents.models import ContactKind, ResidentKind
from xianfeng.converters import MAX_ID

PHONE_CHARS = frozenset("0123456789+- ")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ContactLogForm(forms.Form):
    resident = forms.IntegerField(label=_("Resident"), min_value=1, max_value=MAX_ID)
    kind = forms.ChoiceField(label=_("Type"), choices=ContactKind.choices)
    on = forms.DateField(label=_("Date"), initial=timezone.localdate, widget=DATE_INPUT)
    note = forms.CharField(label=_("Note"), max_length=500, required=False, widget=forms.Textarea)


def clean_phone(value: str) -> str:
    value = (value or "").strip()
    if value and (not set(value) <= PHONE_CHARS or sum(c.isdigit() for c in value) < 5):
        raise forms.ValidationError(_("Enter a phone number of digits only."))
    return value


class ResidentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=ResidentKind.choices)
    name = forms.CharField(label=_("Name"), max_length=60)
    place = forms.CharField(label=_("Grid or building"), max_length=120, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)

    def clean_phone(self):
        return clean_phone(self.cleaned_data.get("phone"))


class ResidentMessageForm(forms.Form):
    """What a resident writes on the public contact form (no account)."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=30,
        error_messages={"required": _("Please give your name.")},
    )
    reply_to = forms.CharField(
        label=_("Phone or other way to reach you"),
        max_length=40,
        required=False,
        help_text=_("Only the party member who serves you sees it."),
    )
    message = forms.CharField(
        label=_("Your message"),
        min_length=5,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Please write your message."),
            "min_length": _("Please write at least 5 characters."),
            "max_length": _("Please keep your message within 500 characters."),
        },
    )
    # A field people do not see: bots fill it in.
    website = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_reply_to(self):
        return clean_phone(self.cleaned_data.get("reply_to"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(_("The message could not be sent."))
        return cleaned


class ExportForm(forms.Form):
    org = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    phones = forms.BooleanField(
        label=_("Include phone numbers (the export is logged)"), required=False
    )


class HandOverForm(forms.Form):
    holder_member = forms.ModelChoiceField(
        label=_("Member"), queryset=None, required=False, empty_label=_("(a household instead)")
    )
    holder_name = forms.CharField(
        label=_("Household"),
        max_length=80,
        required=False,
        help_text=_("For a household, for example 王建国家"),
    )
    on = forms.DateField(label=_("From"), initial=timezone.localdate, widget=DATE_INPUT)
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder_member"].queryset = members
