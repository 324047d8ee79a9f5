"""Reads for selections: the stage a selection is in, and who may see what.

The tree decides (learning.branch.access): a member takes part in the selections opened at
their organisation or above it; a secretary's workspace shows the selections opened above,
at or below its organisation, and of their candidates those of its own subtree; the
committee of the opening organisation sees every candidate and the objections. Anything
else is a 404, so another subtree's selection is never confirmed to exist.
"""

from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.members import member_of
from cms.models import Organisation, OrganisationKind
from learning.branch.access import organisations_visible_to
from learning.selections.models import (
    Candidate,
    Objection,
    ObjectionStatus,
    Selection,
    Stage,
)


def selection_stage(selection: Selection, *, now=None) -> Stage:
    now = now or timezone.now()
    today = timezone.localdate(now)
    if selection.finalised_at is not None:
        return Stage.DONE
    if selection.notice_published_at is not None:
        return Stage.NOTICE if now < selection.notice_ends_at else Stage.NOTICE_ENDED
    if today < selection.self_assessment_opens_on:
        return Stage.UPCOMING
    if today <= selection.self_assessment_closes_on:
        return Stage.SELF_ASSESSMENT
    if today <= selection.recommendation_closes_on:
        return Stage.RECOMMENDATION
    return Stage.REVIEW


def ancestor_paths(organisation) -> list[str]:
    """The paths of the organisation and every organisation above it."""
    step = Organisation.steplen
    return [organisation.path[:end] for end in range(step, len(organisation.path) + 1, step)]


def branch_of(organisation):
    """The branch whose committee rates a member: the nearest branch at or above the member's
    organisation (a party group's branch), else the organisation itself."""
    if organisation.kind == OrganisationKind.BRANCH:
        return organisation
    found = (
        Organisation.objects.filter(
            path__in=ancestor_paths(organisation), kind=OrganisationKind.BRANCH
        )
        .order_by("-depth")
        .first()
    )
    return found or organisation


# --- members -------------------------------------------------------------------------------


def selections_for_member(member):
    """Selections opened at the member's organisation or above it."""
    return (
        Selection.objects.filter(organisation__path__in=ancestor_paths(member.organisation))
        .select_related("organisation")
        .order_by("-year", "-pk")
    )


def selection_for_member(member, selection_id) -> Selection:
    found = selections_for_member(member).filter(pk=selection_id).first()
    if found is None:
        raise Http404(_("There is no such selection."))
    return found


def candidacy_of(selection, member) -> Candidate | None:
    return (
        Candidate.objects.filter(selection=selection, member=member)
        .prefetch_related("photos", "pledges")
        .first()
    )


def honours_of(member):
    """The member's candidacies that ended in an honour."""
    return (
        Candidate.objects.filter(member=member, chosen=True, selection__finalised_at__isnull=False)
        .select_related("selection", "profile")
        .order_by("-selection__year")
    )


# --- the workspace -------------------------------------------------------------------------


def is_committee_of(user, selection) -> bool:
    """Whether the user decides for the organisation that opened the selection."""
    if user.is_authenticated and user.is_superuser:
        return True
    member = member_of(user)
    return (
        member is not None
        and member.is_secretary
        and member.organisation_id == selection.organisation_id
    )


def workspace_selections(organisation):
    """Selections opened above, at or below the organisation."""
    return (
        Selection.objects.filter(
            Q(organisation__path__in=ancestor_paths(organisation))
            | Q(organisation__path__startswith=organisation.path)
        )
        .select_related("organisation")
        .order_by("-year", "-pk")
    )


def selection_for_workspace(organisation, selection_id) -> Selection:
    found = workspace_selections(organisation).filter(pk=selection_id).first()
    if found is None:
        raise Http404(_("There is no such selection."))
    return found


def visible_candidates(user, selection, organisation):
    """The candidates a workspace shows: all to the committee, else its subtree's."""
    candidates = Candidate.objects.filter(selection=selection).select_related(
        "member", "branch", "selection"
    )
    if not is_committee_of(user, selection):
        candidates = candidates.filter(branch__path__startswith=organisation.path)
    return candidates.prefetch_related("ratings")


def candidate_for_workspace(user, candidate_id) -> Candidate:
    candidate = (
        Candidate.objects.select_related("selection__organisation", "member", "branch")
        .filter(pk=candidate_id)
        .first()
    )
    if candidate is None or not (
        is_committee_of(user, candidate.selection)
        or organisations_visible_to(user).filter(pk=candidate.branch_id).exists()
    ):
        raise Http404(_("There is no such candidate."))
    return candidate


def may_rate(member, candidate) -> bool:
    """Committee members (secretary or committee role) of the candidate's own branch, never
    the candidate themselves."""
    return (
        member is not None
        and member.is_secretary
        and member.organisation_id == candidate.branch_id
        and member.pk != candidate.member_id
    )


def combined_stars(candidate) -> dict:
    """The average of the branch's ratings per dimension (one decimal), {} with none."""
    ratings = list(candidate.ratings.all())
    if not ratings:
        return {}
    return {
        name: round(sum(r.stars.get(name, 0) for r in ratings) / len(ratings), 1)
        for name in candidate.selection.dimensions
    }


def candidate_row(candidate, *, rater=None) -> dict:
    ratings = list(candidate.ratings.all())
    mine = next((r for r in ratings if rater is not None and r.rater_id == rater.pk), None)
    return {
        "candidate": candidate,
        "average": combined_stars(candidate),
        "ratings": len(ratings),
        "mine": mine.stars if mine else None,
        "may_rate": may_rate(rater, candidate),
    }


def objections_for(selection):
    return (
        Objection.objects.filter(candidate__selection=selection)
        .select_related("candidate__member", "answered_by")
        .order_by("created_at")
    )


def pending_objections(selection) -> int:
    return objections_for(selection).filter(status=ObjectionStatus.PENDING).count()


# --- the public notice ---------------------------------------------------------------------


def public_selection(selection_id) -> Selection:
    """A selection whose shortlist has been published (the notice page is public)."""
    found = (
        Selection.objects.filter(pk=selection_id, notice_published_at__isnull=False)
        .select_related("organisation")
        .first()
    )
    if found is None:
        raise Http404(_("There is no such public notice."))
    return found


def shortlist(selection):
    return (
        Candidate.objects.filter(selection=selection, chosen=True)
        .select_related("member", "branch")
        .order_by("branch__path", "member__name")
    )
