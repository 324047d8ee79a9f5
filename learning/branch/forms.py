"""The workspace's query string: which organisation, and the filters of the members behind.
The same form reads the pages, the exports and the API (and states the API's parameters)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from learning.branch.comparison import MAX_WEEKS
from learning.branch.selectors import Status
from xianfeng.converters import MAX_ID


class IdField(forms.IntegerField):
    """An id in ASCII digits: int() would also read "١" or "３" as a number."""

    def to_python(self, value):
        if value not in self.empty_values and not str(value).strip().isascii():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


STATUS_CHOICES = [("", _("Any"))] + [(key, label) for key, label in Status.LABELS.items()]


class BranchFilterForm(forms.Form):
    org = IdField(
        label=_("Organisation"),
        min_value=1,
        max_value=MAX_ID,
        required=False,
        help_text=_("The organisation whose subtree is shown (default: your own)"),
    )
    lecture = IdField(label=_("Lecture"), min_value=1, max_value=MAX_ID, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    sub = IdField(
        label=_("Sub-organisation"),
        min_value=1,
        max_value=MAX_ID,
        required=False,
        help_text=_("Only this organisation under the one shown, and its own subtree"),
    )
    page = IdField(label=_("Page"), min_value=1, max_value=100000, required=False)


class ComparisonForm(forms.Form):
    """The sub-organisations compared and their weekly trend (learning.branch.comparison)."""

    org = IdField(
        label=_("Organisation"),
        min_value=1,
        max_value=MAX_ID,
        required=False,
        help_text=_("The organisation whose children are compared (default: your own)"),
    )
    weeks = IdField(
        label=_("Weeks"),
        min_value=1,
        max_value=MAX_WEEKS,
        required=False,
        help_text=_("How many weeks of trend, the current one included (default 12)"),
    )
