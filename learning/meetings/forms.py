"""Forms of the meeting pages: scheduling, reply and leave, decisions, marking, minutes and
photos. They validate shape only; the services decide what is allowed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from learning.branch.forms import IdField
from learning.meetings.models import MeetingKind, Reply
from xianfeng.converters import MAX_ID

LOCAL_INPUT = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
MAX_PHOTO_BYTES = 8 * 1024 * 1024


class LocalDateTimeField(forms.DateTimeField):
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, **kwargs):
        super().__init__(input_formats=LOCAL_INPUT, **kwargs)


class OrgForm(forms.Form):
    org = IdField(min_value=1, max_value=MAX_ID, required=False)


class ScheduleForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    agenda = forms.CharField(
        label=_("Agenda"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    starts_at = LocalDateTimeField(label=_("Starts at"))
    ends_at = LocalDateTimeField(label=_("Ends at"))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    lecture = forms.ModelChoiceField(
        label=_("Session of a lecture"),
        queryset=None,
        required=False,
        help_text=_("Members sign up for a lecture session themselves, up to the capacity."),
    )
    capacity = forms.IntegerField(
        label=_("Capacity"), min_value=1, max_value=100000, required=False
    )
    members = forms.MultipleChoiceField(
        label=_("Expected members"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty to expect every member of the organisation."),
    )

    def __init__(self, *args, member_choices=(), **kwargs):
        from learning.models import LecturePage

        super().__init__(*args, **kwargs)
        self.fields["lecture"].queryset = LecturePage.objects.live().order_by("title")
        self.fields["members"].choices = member_choices

    def member_ids(self):
        chosen = self.cleaned_data.get("members") or []
        return {int(pk) for pk in chosen} or None


class ReplyForm(forms.Form):
    reply = forms.ChoiceField(
        choices=[(Reply.COMING, _("Coming")), (Reply.LEAVE, _("Ask for leave"))]
    )
    reason = forms.CharField(label=_("Reason for leave"), max_length=300, required=False)


class DecisionForm(forms.Form):
    attendance = IdField(min_value=1, max_value=MAX_ID)
    approve = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1")


class MarkForm(forms.Form):
    STATES = [("present", _("Present")), ("late", _("Late")), ("absent", _("Not there"))]
    member = IdField(min_value=1, max_value=MAX_ID)
    state = forms.ChoiceField(label=_("Attendance"), choices=STATES)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Meeting minutes"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8})
    )
    resolutions = forms.CharField(
        label=_("Resolutions"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PhotoForm(forms.Form):
    image = forms.ImageField(label=_("Photo"))  # Pillow opens and verifies it
    caption = forms.CharField(label=_("Caption"), max_length=120, required=False)

    def clean_image(self):
        image = self.cleaned_data["image"]
        if image.size > MAX_PHOTO_BYTES:
            raise forms.ValidationError(_("A photo may be at most 8 MB."))
        return image
