"""A request's view of the workspace: the organisation it may see and the filters it asked
for, checked once for pages, exports and the API alike."""

from dataclasses import dataclass

from django.http import Http404
from django.utils.translation import gettext as _

from cms.models import Organisation
from learning.branch.access import organisation_for
from learning.branch.forms import BranchFilterForm


class FilterError(Exception):
    def __init__(self, form):
        super().__init__("invalid filters")
        self.form = form


@dataclass(frozen=True)
class BranchView:
    organisation: Organisation
    lecture_id: int | None = None
    status: str = ""
    sub_organisation: Organisation | None = None
    page: int = 1

    def query(self, **changes) -> dict:
        """The query string of this view (for links and exports), with changes."""
        values = {
            "org": self.organisation.pk,
            "lecture": self.lecture_id,
            "status": self.status,
            "sub": self.sub_organisation.pk if self.sub_organisation else None,
            **changes,
        }
        return {key: value for key, value in values.items() if value not in (None, "")}

    def selector_filters(self) -> dict:
        return {
            "organisation": self.organisation,
            "lecture_id": self.lecture_id,
            "status": self.status or None,
            "sub_organisation": self.sub_organisation,
        }


def branch_view_for(user, params) -> BranchView:
    """The view a request's query asks for. PermissionDenied without a workspace, Http404 for
    an organisation (or sub-organisation) this user may not see, FilterError for bad input."""
    form = BranchFilterForm(params)
    if not form.is_valid():
        raise FilterError(form)
    data = form.cleaned_data
    organisation = organisation_for(user, data["org"])
    sub = None
    if data["sub"] is not None:
        sub = Organisation.objects.filter(
            pk=data["sub"], path__startswith=organisation.path
        ).first()
        if sub is None:
            raise Http404(_("There is no such organisation."))
    return BranchView(
        organisation=organisation,
        lecture_id=data["lecture"],
        status=data["status"] or "",
        sub_organisation=sub,
        page=data["page"] or 1,
    )
