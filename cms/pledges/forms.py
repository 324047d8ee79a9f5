"""Forms members fill in on the wall and on their pledge's page (validation in services)."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.pledges.services import NOTE_MAX, PROGRESS_MAX, TEXT_MAX
from cms.widgets import DateInput


class PledgeForm(forms.Form):
    text = forms.CharField(
        label=_("My pledge"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you will do, concretely, by when. At most 300 characters."),
    )
    category = forms.ChoiceField(label=_("Category"))
    due_on = forms.DateField(label=_("Due date"), widget=DateInput)

    def __init__(self, *args, wall, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("Choose…"))] + [
            (c, c) for c in wall.category_list
        ]
        self.fields["due_on"].initial = timezone.localdate() + datetime.timedelta(days=90)


class ProgressForm(forms.Form):
    text = forms.CharField(
        label=_("Progress"), max_length=PROGRESS_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    happened_on = forms.DateField(label=_("Date"), required=False, widget=DateInput)


class RatingForm(forms.Form):
    """A resident's rating of a fulfilled pledge (评诺), without an account."""

    satisfied = forms.ChoiceField(
        label=_("Are you satisfied with how this pledge was kept?"),
        widget=forms.RadioSelect,
        choices=[("yes", _("Satisfied")), ("no", _("Not satisfied"))],
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the pledge's page once it has been checked. At most 200 characters."),
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        widget=forms.RadioSelect,
        choices=[
            ("fulfilled", _("I fulfilled this pledge")),
            ("not_fulfilled", _("I could not fulfil it")),
        ],
    )
    note = forms.CharField(
        label=_("Explanation"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required if the pledge was not fulfilled."),
    )
