"""Input of the review pages and API: ids within the database's range, the four grades, text
lengths. The services check the rest (stage, permission, once per colleague)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learning.reviews.models import Grade
from learning.reviews.services import OPINION_MAX, SELF_MAX
from xianfeng.parsing import MAX_ID


class IdField(forms.IntegerField):
    """An id in ASCII digits: int("１") is 1, a different object than the one the page showed."""

    def to_python(self, value):
        if isinstance(value, str) and value.strip() and not value.strip().isascii():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


def id_field(label, required=True):
    return IdField(label=label, required=required, min_value=1, max_value=MAX_ID)


class OrgForm(forms.Form):
    org = id_field(_("Organisation"), required=False)


class OpenReviewForm(forms.Form):
    organisation = id_field(_("Organisation"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class SelfAssessmentForm(forms.Form):
    text = forms.CharField(
        label=_("My self-assessment"),
        max_length=SELF_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What you did this year: study, work, service, shortcomings. 10–2000 characters."
        ),
    )


class RatingForm(forms.Form):
    ratee = id_field(_("Colleague"))
    grade = forms.ChoiceField(label=_("Grade"), choices=Grade.choices)


class GradeForm(forms.Form):
    grade = forms.ChoiceField(label=_("Final grade"), choices=Grade.choices)
    opinion = forms.CharField(
        label=_("Committee's opinion"),
        required=False,
        max_length=OPINION_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PledgeVerdictForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Verdict"),
        widget=forms.RadioSelect,
        choices=[("confirmed", _("Confirm the report")), ("disputed", _("Dispute it"))],
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when disputing."),
    )
