"""Forms of the selection pages. The services check the rules again; a form only reads
the request's fields into the services' arguments."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learning.branch.forms import IdField
from learning.selections.models import DEFAULT_DIMENSIONS, MAX_STARS
from xianfeng.converters import MAX_ID

STAR_CHOICES = [(n, "★" * n) for n in range(1, MAX_STARS + 1)]


class DateInput(forms.DateInput):
    """A browser date picker: its value must be ISO (the locale's format reads as empty)."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs, format)


class SelectionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    dimensions = forms.CharField(
        label=_("Dimensions"),
        widget=forms.Textarea(attrs={"rows": 5}),
        initial="\n".join(DEFAULT_DIMENSIONS),
        help_text=_("One a line"),
    )
    quota = forms.IntegerField(label=_("How many may be chosen"), min_value=1, max_value=1000)
    self_assessment_opens_on = forms.DateField(
        label=_("Self-assessment opens on"), widget=DateInput
    )
    self_assessment_closes_on = forms.DateField(
        label=_("Self-assessment closes on"), widget=DateInput
    )
    recommendation_closes_on = forms.DateField(
        label=_("Branch recommendation closes on"), widget=DateInput
    )
    review_closes_on = forms.DateField(label=_("Committee review closes on"), widget=DateInput)
    notice_days = forms.IntegerField(
        label=_("Days of public notice"), min_value=1, max_value=30, initial=5
    )
    conferring_body = forms.CharField(
        label=_("Conferring body"),
        max_length=120,
        required=False,
        help_text=_("Left empty: the organisation"),
    )

    @classmethod
    def with_defaults(cls):
        today = timezone.localdate()
        day = datetime.timedelta(days=1)
        return cls(
            initial={
                "year": today.year,
                "self_assessment_opens_on": today,
                "self_assessment_closes_on": today + 14 * day,
                "recommendation_closes_on": today + 28 * day,
                "review_closes_on": today + 35 * day,
            }
        )

    def service_arguments(self):
        data = dict(self.cleaned_data)
        data["dimensions"] = [line.strip() for line in data["dimensions"].splitlines()]
        return data


class CandidacyForm(forms.Form):
    """One text per dimension (fields d0, d1, …), own pledges, the study record, a photo."""

    pledges = forms.MultipleChoiceField(
        label=_("Link my pledges"), required=False, widget=forms.CheckboxSelectMultiple
    )
    tasks = forms.MultipleChoiceField(
        label=_("Link my verified service tasks"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    include_study_record = forms.BooleanField(
        label=_("Attach my study record for the year"), required=False
    )
    photo = forms.ImageField(label=_("Add a photo"), required=False)

    def __init__(self, *args, selection, pledges, tasks=(), candidate=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.selection = selection
        self.fields["pledges"].choices = [(str(p.pk), p.text[:60]) for p in pledges]
        self.fields["tasks"].choices = [(str(c.pk), c.task.title) for c in tasks]
        statements = candidate.statements if candidate else {}
        for index, name in enumerate(selection.dimensions):
            self.fields[f"d{index}"] = forms.CharField(
                label=name,
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=statements.get(name, ""),
            )
        # Order: the dimensions first.
        self.order_fields([f"d{i}" for i in range(len(selection.dimensions))])
        if candidate is not None:
            self.fields["pledges"].initial = [
                str(pk) for pk in candidate.pledges.values_list("pk", flat=True)
            ]
            self.fields["tasks"].initial = [
                str(pk) for pk in candidate.tasks.values_list("pk", flat=True)
            ]
            self.fields["include_study_record"].initial = bool(candidate.study_summary)

    def dimension_fields(self):
        return [self[f"d{i}"] for i in range(len(self.selection.dimensions))]

    def service_arguments(self):
        data = self.cleaned_data
        return {
            "statements": {name: data[f"d{i}"] for i, name in enumerate(self.selection.dimensions)},
            "pledge_ids": [int(pk) for pk in data["pledges"]],
            "task_ids": [int(pk) for pk in data["tasks"]],
            "include_study_record": data["include_study_record"],
            "photos": [data["photo"]] if data.get("photo") else [],
        }


class RatingForm(forms.Form):
    def __init__(self, *args, selection, initial_stars=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.selection = selection
        for index, name in enumerate(selection.dimensions):
            self.fields[f"s{index}"] = forms.TypedChoiceField(
                label=name,
                choices=STAR_CHOICES,
                coerce=int,
                initial=(initial_stars or {}).get(name, 3),
            )

    def stars(self):
        return {
            name: self.cleaned_data[f"s{i}"] for i, name in enumerate(self.selection.dimensions)
        }


class RecommendForm(forms.Form):
    recommended = forms.TypedChoiceField(
        choices=[("1", _("Recommend")), ("0", _("Do not recommend"))], coerce=lambda v: v == "1"
    )


class DecisionForm(forms.Form):
    chosen = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Choose")), ("0", _("Do not choose"))],
        coerce=lambda v: v == "1",
    )
    reason = forms.CharField(
        label=_("Reason (required when differing from the branch)"),
        max_length=500,
        required=False,
    )


class ObjectionForm(forms.Form):
    candidate = forms.TypedChoiceField(label=_("About"), coerce=int)
    text = forms.CharField(
        label=_("Your objection"), max_length=1000, widget=forms.Textarea(attrs={"rows": 4})
    )
    contact = forms.CharField(
        label=_("Your contact (telephone or address)"),
        max_length=80,
        help_text=_("Only the committee sees it, to reply to you."),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidate"].choices = [(c.pk, c.member.name) for c in candidates]


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("The committee's answer"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    dismiss = forms.BooleanField(label=_("Dismiss as abusive or unfounded"), required=False)


class OrgForm(forms.Form):
    org = IdField(min_value=1, max_value=MAX_ID, required=False)
