"""Form widgets of the site's forms."""

from django import forms


class DateInput(forms.DateInput):
    """A browser date picker. Its value must be YYYY-MM-DD whatever the locale's formats say
    (the Chinese ones start with 2027/03/02, which the picker refuses and shows empty)."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs, format)
