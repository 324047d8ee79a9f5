"""Reads for the two lists and the catalogue: what a member sees (their organisation and the
ones above it publish to them) and what a secretary sees (their subtree, by the branch
workspace's rule in learning.branch.access)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.models import Member, Organisation
from learning.branch.access import may_use_workspace, organisations_visible_to
from learning.models import Ledger, PointsEntry, PointsReason
from learning.service_tasks.models import (
    HOLDING,
    CatalogueItem,
    ClaimStatus,
    CodeOfConduct,
    Redemption,
    RedemptionStatus,
    ServiceTask,
    TaskClaim,
)

LIST_LIMIT = 200
REPORT_NAMES = 30  # the report names the first few; the service page lists them all


def ancestor_paths(organisation) -> list[str]:
    """The paths of the organisation and every one above it (treebeard's fixed-width steps)."""
    step = Organisation.steplen
    return [organisation.path[:end] for end in range(step, len(organisation.path) + 1, step)]


def current_codes(*, organisation) -> list[CodeOfConduct]:
    """The current version of each code that applies to the organisation (its own and those
    of the organisations above it), top of the tree first."""
    codes = CodeOfConduct.objects.filter(
        organisation__path__in=ancestor_paths(organisation)
    ).select_related("organisation")
    latest = {}
    for code in codes.order_by("organisation__path", "-version"):
        latest.setdefault(code.organisation_id, code)
    return list(latest.values())


def member_codes(*, member) -> list[dict]:
    codes = current_codes(organisation=member.organisation)
    done = set(
        member.code_acknowledgements.filter(code__in=codes).values_list("code_id", flat=True)
    )
    return [{"code": code, "acknowledged": code.pk in done} for code in codes]


def member_tasks(*, member):
    """Open tasks of the member's organisation and those above it, with places still held."""
    return (
        ServiceTask.objects.filter(
            organisation__path__in=ancestor_paths(member.organisation),
            is_open=True,
            due_on__gte=timezone.localdate(),
        )
        .select_related("organisation")
        .annotate(held=Count("claims", filter=Q(claims__status__in=HOLDING)))
    )


def member_claims(*, member):
    return (
        TaskClaim.objects.filter(member=member)
        .select_related("task", "task__organisation", "points_entry")
        .prefetch_related("photos")
    )


def member_catalogue(*, member):
    return CatalogueItem.objects.filter(
        organisation__path__in=ancestor_paths(member.organisation), is_active=True
    ).select_related("organisation")


def member_redemptions(*, member):
    return Redemption.objects.filter(member=member).select_related("item")


def member_balances(*, member) -> dict:
    totals = dict(
        PointsEntry.objects.filter(member=member)
        .values_list("ledger")
        .annotate(total=Sum("points"))
        .values_list("ledger", "total")
    )
    return {ledger.value: totals.get(ledger.value, 0) for ledger in Ledger}


def member_overview(*, member) -> dict:
    claims = list(member_claims(member=member))
    claimed = {claim.task_id: claim for claim in claims}
    tasks = list(member_tasks(member=member))
    for task in tasks:
        task.my_claim = claimed.get(task.pk)
        task.places_left = max(0, task.capacity - task.held)
    return {
        "codes": member_codes(member=member),
        "tasks": tasks,
        "claims": claims,
        "catalogue": list(member_catalogue(member=member)),
        "redemptions": list(member_redemptions(member=member)[:LIST_LIMIT]),
        "balances": member_balances(member=member),
    }


# --- the secretary's view -----------------------------------------------------------------


def secretary_organisations(user):
    """What this user manages here; PermissionDenied for a user with no workspace."""
    if not may_use_workspace(user):
        raise PermissionDenied(_("Only branch secretaries and committee members can see this."))
    return organisations_visible_to(user)


def _in_scope(user, queryset, organisation_field):
    found = queryset.filter(
        **{f"{organisation_field}__in": secretary_organisations(user).values("pk")}
    ).first()
    if found is None:
        raise Http404(_("There is no such item."))
    return found


def secretary_claim(user, claim_id) -> TaskClaim:
    """A claim on a task of an organisation the user manages; 404 for any other."""
    queryset = TaskClaim.objects.filter(pk=claim_id).select_related("task", "member")
    return _in_scope(user, queryset, "task__organisation")


def secretary_redemption(user, redemption_id) -> Redemption:
    queryset = Redemption.objects.filter(pk=redemption_id).select_related("item", "member")
    return _in_scope(user, queryset, "item__organisation")


def members_not_acknowledged(*, organisation, code):
    return Member.objects.filter(organisation__path__startswith=organisation.path).exclude(
        code_acknowledgements__code=code
    )


def branch_service(*, organisation) -> dict:
    """The secretary's work list for the subtree: who has not acknowledged each code, claims
    to confirm, reports to verify, redemptions to hand over."""
    subtree = Q(organisation__path__startswith=organisation.path)
    codes = []
    for code in current_codes(organisation=organisation):
        missing = members_not_acknowledged(organisation=organisation, code=code).select_related(
            "organisation"
        )
        codes.append(
            {"code": code, "missing": list(missing[:LIST_LIMIT]), "missing_count": missing.count()}
        )
    claims = TaskClaim.objects.filter(
        task__organisation__path__startswith=organisation.path
    ).select_related("task", "member", "member__organisation")
    return {
        "codes": codes,
        "to_confirm": list(claims.filter(status=ClaimStatus.PENDING)[:LIST_LIMIT]),
        "to_verify": list(
            claims.filter(status=ClaimStatus.REPORTED).prefetch_related("photos")[:LIST_LIMIT]
        ),
        "to_hand_over": list(
            Redemption.objects.filter(
                item__organisation__path__startswith=organisation.path,
                status=RedemptionStatus.REQUESTED,
            ).select_related("item", "member", "member__organisation")[:LIST_LIMIT]
        ),
        "tasks": list(
            ServiceTask.objects.filter(subtree).annotate(
                held=Count("claims", filter=Q(claims__status__in=HOLDING))
            )[:LIST_LIMIT]
        ),
    }


def branch_figures(*, organisation) -> dict:
    """The report's figures for the subtree, in a handful of aggregate queries."""
    members = Member.objects.filter(organisation__path__startswith=organisation.path)
    member_count = members.count()
    acknowledged = 0
    codes = current_codes(organisation=organisation)
    if codes:
        acknowledged = (
            members.filter(code_acknowledgements__code=codes[-1]).distinct().count()
        )  # the nearest code: the one the secretary publishes or is closest to
    tasks = ServiceTask.objects.filter(organisation__path__startswith=organisation.path)
    claim_counts = TaskClaim.objects.filter(
        member__organisation__path__startswith=organisation.path
    ).aggregate(
        claimed=Count("pk", filter=Q(status__in=HOLDING)),
        verified=Count("pk", filter=Q(status=ClaimStatus.VERIFIED)),
    )
    paid = (
        PointsEntry.objects.filter(
            member__organisation__path__startswith=organisation.path,
            reason=PointsReason.SERVICE_TASK,
        ).aggregate(total=Sum("points"))["total"]
        or 0
    )
    redemptions = Redemption.objects.filter(
        member__organisation__path__startswith=organisation.path
    ).aggregate(
        requested=Count("pk", filter=Q(status=RedemptionStatus.REQUESTED)),
        handed_over=Count("pk", filter=Q(status=RedemptionStatus.HANDED_OVER)),
        points=Sum("points", filter=~Q(status=RedemptionStatus.CANCELLED)),
    )
    missing = (
        list(
            members_not_acknowledged(organisation=organisation, code=codes[-1]).values_list(
                "name", flat=True
            )[:REPORT_NAMES]
        )
        if codes
        else []
    )
    return {
        "code": codes[-1] if codes else None,
        "not_acknowledged_names": missing,
        "members": member_count,
        "acknowledged": acknowledged,
        "not_acknowledged": member_count - acknowledged if codes else 0,
        "tasks_open": tasks.filter(is_open=True, due_on__gte=timezone.localdate()).count(),
        "claimed": claim_counts["claimed"],
        "verified": claim_counts["verified"],
        "points_paid": paid,
        "redemptions_requested": redemptions["requested"],
        "redemptions_handed_over": redemptions["handed_over"],
        "redemption_points": redemptions["points"] or 0,
    }


def member_record(*, member) -> dict | None:
    claims = list(member_claims(member=member))
    redemptions = list(member_redemptions(member=member)[:LIST_LIMIT])
    if not claims and not redemptions:
        return None
    return {
        "claims": claims,
        "verified": [claim for claim in claims if claim.status == ClaimStatus.VERIFIED],
        "points": sum(
            claim.points_entry.points for claim in claims if claim.points_entry is not None
        ),
        "redemptions": redemptions,
    }
