"""Pages of 党员找组织 / 组织找党员: a member applies to a host and ends a hosting (/host/); a
host's secretaries and administrators answer applications, see their members away from home
and find people by name (/host/manage/). Thin: access and services decide."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from cms.host_organisations import access, services
from cms.host_organisations.finding import host_find_members
from cms.host_organisations.forms import ApplyForm, ReasonForm
from cms.members import member_of
from cms.models import HostMembership, HostStatus

PER_PAGE = 50


def _errors(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def _apply_choices(member):
    home = member.organisation
    return (
        access.open_host_organisations()
        .exclude(path__startswith=home.path)
        .exclude(pk__in=home.get_ancestors().values("pk"))
        .order_by("path")
    )


def _member_or_403(request):
    member = member_of(request.user)
    if member is None:
        raise PermissionDenied(_("Only party members can apply to a host organisation."))
    return member


@never_cache
@login_required
def member_home(request, form=None, status=200):
    member = _member_or_403(request)
    context = {
        "member": member,
        "memberships": HostMembership.objects.filter(member=member).select_related("organisation"),
        "form": form or ApplyForm(organisations=_apply_choices(member)),
        "may_manage": access.may_use_host_pages(request.user),
    }
    return TemplateResponse(request, "host/member.html", context, status=status)


@never_cache
@login_required
def member_apply(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    member = _member_or_403(request)
    form = ApplyForm(request.POST, organisations=_apply_choices(member))
    if form.is_valid():
        try:
            services.host_membership_apply(member=member, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, _("Your application has been sent to the host organisation."))
            return HttpResponseRedirect(reverse("host:home"))
    return member_home(request, form=form, status=400)


@never_cache
@login_required
def member_end(request, membership_id):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    member = _member_or_403(request)
    membership = HostMembership.objects.filter(pk=membership_id, member=member).first()
    if membership is None:
        raise Http404(_("There is no such record."))
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["reason"])
        services.host_membership_end(
            membership=membership, by=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(_errors(error)))
    else:
        messages.success(request, _("Ended. Your home organisation and the host can see this."))
    return HttpResponseRedirect(reverse("host:home"))


def _manager_or_403(request):
    if not access.may_use_host_pages(request.user):
        raise PermissionDenied(_("Only branch secretaries and committee members can see this."))


def _chosen_organisation(request, organisations):
    raw = request.GET.get("organisation") or ""
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 10:
        raise Http404(_("There is no such organisation."))
    found = organisations.filter(pk=int(raw)).first()
    if found is None:
        raise Http404(_("There is no such organisation."))
    return found


@never_cache
@login_required
def manage(request):
    _manager_or_403(request)
    hosts = access.managed_host_organisations(request.user).order_by("path")
    chosen = _chosen_organisation(request, hosts)
    rows = access.managed_memberships(request.user)
    if chosen is not None:
        rows = rows.filter(organisation__path__startswith=chosen.path)
    status = request.GET.get("status", "")
    if status in HostStatus.values:
        rows = rows.filter(status=status)
    else:
        status = ""
    page = Paginator(rows.order_by("status", "-created_at"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    # 双重管理: the home side sees its own members' hostings elsewhere (not what it decides).
    away = (
        access.home_memberships(request.user)
        .exclude(pk__in=access.managed_memberships(request.user).values("pk"))
        .exclude(status=HostStatus.DECLINED)
        .order_by("status", "-created_at")[:PER_PAGE]
    )
    context = {
        "hosts": hosts,
        "chosen": chosen,
        "status": status,
        "status_choices": HostStatus.choices,
        "page": page,
        "away": away,
        "reason_form": ReasonForm(),
    }
    return TemplateResponse(request, "host/manage.html", context)


@never_cache
@login_required
def decide(request, membership_id, action):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    _manager_or_403(request)
    membership = access.managed_membership(request.user, membership_id)
    steps = {
        "accept": lambda reason: services.host_membership_accept(
            membership=membership, by=request.user
        ),
        "decline": lambda reason: services.host_membership_decline(
            membership=membership, by=request.user, reason=reason
        ),
        "end": lambda reason: services.host_membership_end(
            membership=membership, by=request.user, reason=reason
        ),
    }
    if action not in steps:
        raise Http404(_("There is no such page."))
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["reason"])
        steps[action](form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(_errors(error)))
    else:
        messages.success(request, _("Saved; the member has been told."))
    return HttpResponseRedirect(reverse("host:manage"))


@never_cache
@login_required
def find(request):
    _manager_or_403(request)
    hosts = access.managed_host_organisations(request.user).order_by("path")
    chosen = _chosen_organisation(request, hosts) or hosts.first()
    query = request.GET.get("q", "")
    results, error, status = None, "", 200
    if chosen is None:
        error, status = _("You do not decide for any host organisation."), 200
    elif "q" in request.GET:
        try:
            results = host_find_members(organisation=chosen, query=query)
        except ValidationError as invalid:
            error, status = " ".join(_errors(invalid)), 400
    context = {"hosts": hosts, "chosen": chosen, "query": query[:60], "results": results}
    context["error"] = error
    return TemplateResponse(request, "host/find.html", context, status=status)
