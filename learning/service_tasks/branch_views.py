"""The secretary's pages (/branch/service/): acknowledgements, claims to confirm, reports to
verify, redemptions to hand over. Every object is looked up within the user's subtree
(selectors.secretary_*), so another branch's claim or redemption is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from learning.branch.access import organisation_for, organisations_visible_to
from learning.sections import branch_tabs
from learning.service_tasks import redemption as redeem
from learning.service_tasks import services
from learning.service_tasks.selectors import (
    branch_service,
    secretary_claim,
    secretary_redemption,
)
from xianfeng.converters import MAX_ID


def _org_id(value):
    if value in (None, ""):
        return None
    if not str(value).isdigit() or not 1 <= int(value) <= MAX_ID:
        raise Http404(_("There is no such organisation."))
    return int(value)


@login_required
def service(request):
    organisation = organisation_for(request.user, _org_id(request.GET.get("org")))
    return render(
        request,
        "service_tasks/branch.html",
        {
            "organisation": organisation,
            "view": {"organisation": organisation},
            "organisations": organisations_visible_to(request.user).order_by("path"),
            "extra_tabs": branch_tabs(),
            **branch_service(organisation=organisation),
        },
    )


def _back(request):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(reverse("service_tasks:branch"))


def _act(request, action, done_message):
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done_message)
    return _back(request)


@login_required
@require_POST
def claim_action(request, claim_id, action):
    claim = secretary_claim(request.user, claim_id)
    reason = request.POST.get("reason", "")
    actions = {
        "confirm": (lambda: services.claim_confirm(claim=claim), _("Claim confirmed.")),
        "decline": (
            lambda: services.claim_decline(claim=claim, reason=reason),
            _("Claim declined."),
        ),
        "verify": (
            lambda: services.claim_verify(claim=claim),
            _("Verified; the service points are paid."),
        ),
        "send-back": (
            lambda: services.claim_send_back(claim=claim, reason=reason),
            _("Report sent back."),
        ),
    }
    if action not in actions:
        raise Http404
    return _act(request, *actions[action])


@login_required
@require_POST
def redemption_action(request, redemption_id, action):
    redemption = secretary_redemption(request.user, redemption_id)
    actions = {
        "hand-over": (
            lambda: redeem.redemption_hand_over(redemption=redemption),
            _("Marked as handed over."),
        ),
        "cancel": (
            lambda: redeem.redemption_cancel(
                redemption=redemption, reason=request.POST.get("reason", ""), by=request.user
            ),
            _("Redemption cancelled; the points are refunded."),
        ),
    }
    if action not in actions:
        raise Http404
    return _act(request, *actions[action])
