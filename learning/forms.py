"""Admin form for members: pick the organisation from the tree, and either link an existing
account or create one for the member on the spot."""

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from cms.models import Organisation
from cms.pledges.screening import find_sensitive_words, member_text


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.indented_name}（{obj.get_kind_display()}）"


class MemberForm(WagtailAdminModelForm):
    new_username = forms.CharField(
        label=_("new account: username"),
        required=False,
        max_length=150,
        help_text=_("Leave the account above empty to create a new account with this name."),
    )
    new_password = forms.CharField(
        label=_("new account: password"),
        required=False,
        widget=forms.PasswordInput,
        help_text=_("The member can change it after signing in."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = OrganisationChoiceField(
            queryset=Organisation.objects.order_by("path"), label=_("organisation")
        )
        if "user" in self.fields:
            self.fields["user"].required = False
            taken = get_user_model().objects.filter(member__isnull=False)
            if self.instance.pk:
                taken = taken.exclude(pk=self.instance.user_id)
            self.fields["user"].queryset = (
                get_user_model().objects.exclude(pk__in=taken.values("pk")).order_by("username")
            )

    def clean_name(self):
        """A name as pledges and cards will show it: no invisible or bidi characters, and
        through the same sensitive-word screen as what members write."""
        name = member_text(self.cleaned_data.get("name"))
        if not name:
            raise forms.ValidationError(_("Enter the member's name."))
        if find_sensitive_words(name):
            raise forms.ValidationError(_("The name contains words that may not be used."))
        return name

    def clean(self):
        cleaned = super().clean()
        user, username = cleaned.get("user"), (cleaned.get("new_username") or "").strip()
        if user and username:
            self.add_error(
                "new_username", _("Choose an existing account or create a new one, not both.")
            )
        elif not user and not username:
            self.add_error("user", _("Choose the member's account or create a new one."))
        elif username:
            if get_user_model().objects.filter(username=username).exists():
                self.add_error("new_username", _("This username is taken."))
            password = cleaned.get("new_password")
            if not password:
                self.add_error("new_password", _("Give the new account a password."))
            else:
                try:
                    password_validation.validate_password(
                        password, get_user_model()(username=username)
                    )
                except forms.ValidationError as error:
                    self.add_error("new_password", error)
        return cleaned

    def save(self, commit=True):
        username = (self.cleaned_data.get("new_username") or "").strip()
        if username and not self.cleaned_data.get("user"):
            self.instance.user = get_user_model().objects.create_user(
                username, password=self.cleaned_data["new_password"]
            )
        return super().save(commit=commit)


class ReversePointsForm(forms.Form):
    """The reason for a correction of the points ledger (冲正), shown to the member."""

    reason = forms.CharField(
        label=_("reason"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to the member in their study record."),
    )
