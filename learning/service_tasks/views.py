"""Member pages (/service/): the code to acknowledge, tasks to claim, my claims with their
reports, the catalogue and my redemptions; and an evidence photo for those who may see it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from learning.branch.access import organisations_visible_to
from learning.selectors import member_for
from learning.service_tasks import redemption as redeem
from learning.service_tasks import services
from learning.service_tasks.models import ClaimPhoto, ClaimStatus, CodeOfConduct, TaskClaim
from learning.service_tasks.photos import CONTENT_TYPES
from learning.service_tasks.selectors import (
    ancestor_paths,
    member_catalogue,
    member_overview,
    member_tasks,
)
from learning.views import no_member_page


def _member_or_none(request):
    return member_for(request.user)


def _home(anchor=""):
    return redirect(reverse("service_tasks:home") + anchor)


def _refused(request, error: ValidationError, anchor=""):
    messages.error(request, " ".join(error.messages))
    return _home(anchor)


@login_required
def home(request):
    member = _member_or_none(request)
    if member is None:
        return no_member_page(request)
    return render(
        request,
        "service_tasks/home.html",
        {"member": member, **member_overview(member=member)},
    )


def _member_post(view):
    """A member's POST: signed in, with a member profile."""

    @login_required
    @require_POST
    def wrapped(request, *args, **kwargs):
        member = _member_or_none(request)
        if member is None:
            return no_member_page(request)
        return view(request, member, *args, **kwargs)

    return wrapped


@_member_post
def acknowledge(request, member, code_id):
    code = get_object_or_404(
        CodeOfConduct, pk=code_id, organisation__path__in=ancestor_paths(member.organisation)
    )
    try:
        services.code_acknowledge(member=member, code=code)
    except ValidationError as error:
        return _refused(request, error, "#codes")
    messages.success(request, _("Thank you: you have acknowledged “%(code)s”.") % {"code": code})
    return _home("#codes")


@_member_post
def claim(request, member, task_id):
    task = get_object_or_404(member_tasks(member=member), pk=task_id)
    try:
        services.task_claim(member=member, task=task, note=request.POST.get("note", ""))
    except ValidationError as error:
        return _refused(request, error, "#tasks")
    messages.success(
        request, _("You claimed “%(task)s”; the secretary will confirm it.") % {"task": task}
    )
    return _home("#claims")


@login_required
def report(request, claim_id):
    member = _member_or_none(request)
    if member is None:
        return no_member_page(request)
    claim = get_object_or_404(TaskClaim.objects.select_related("task"), pk=claim_id, member=member)
    error = None
    if request.method == "POST":
        try:
            services.claim_report(
                claim=claim,
                evidence=request.POST.get("evidence", ""),
                photos=request.FILES.getlist("photos"),
            )
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, _("Report sent; the secretary will verify it."))
            return _home("#claims")
    elif claim.status != ClaimStatus.CONFIRMED:
        messages.error(request, _("Only a confirmed claim can be reported done."))
        return _home("#claims")
    return render(
        request,
        "service_tasks/report.html",
        {"claim": claim, "error": error, "evidence": request.POST.get("evidence", "")},
        status=400 if error else 200,
    )


@_member_post
def redeem_item(request, member, item_id):
    item = get_object_or_404(member_catalogue(member=member), pk=item_id)
    try:
        redeem.redemption_create(member=member, item=item)
    except ValidationError as error:
        return _refused(request, error, "#catalogue")
    messages.success(
        request,
        _("You redeemed “%(item)s”; the secretary will hand it over.") % {"item": item},
    )
    return _home("#redemptions")


@login_required
def photo(request, photo_id):
    """An evidence photo: to the member who sent it and the secretaries over the task."""
    found = get_object_or_404(ClaimPhoto.objects.select_related("claim__task"), pk=photo_id)
    member = _member_or_none(request)
    own = member is not None and found.claim.member_id == member.pk
    if not own and not (
        organisations_visible_to(request.user).filter(pk=found.claim.task.organisation_id).exists()
    ):
        raise Http404(_("There is no such photo."))
    try:
        handle = found.image.open("rb")
    except FileNotFoundError:
        raise Http404(_("There is no such photo.")) from None
    response = FileResponse(handle, content_type=CONTENT_TYPES.get(found.extension))
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
