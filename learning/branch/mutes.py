"""Which reminder kinds reach a member: their mutes, and the kinds their organisation makes
mandatory (the nearest ReminderPolicy on the way up the tree; none: nothing mandatory).

Read per member for the inbox settings and the API, and once per sweep for the schedule
(Delivery), so a sweep over 100,000 members asks nothing per member."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from cms.models import Organisation
from learning.models import MUTABLE_KINDS, MessageKind, ReminderMute, ReminderPolicy


def ancestor_paths(path: str) -> list[str]:
    steplen = Organisation.steplen
    return [path[:end] for end in range(steplen, len(path) + 1, steplen)]


def mandatory_kinds_for(*, organisation: Organisation) -> set[str]:
    """The kinds the nearest policy at or above this organisation makes mandatory."""
    policy = (
        ReminderPolicy.objects.filter(organisation__path__in=ancestor_paths(organisation.path))
        .order_by("-organisation__depth")
        .values_list("mandatory_kinds", flat=True)
        .first()
    )
    return set(policy or ()) & set(MUTABLE_KINDS)


def mute_states(*, member) -> list[dict]:
    """Each kind a member could mute: its label, whether it is muted, whether it is mandatory
    (then it is delivered whatever the mute says)."""
    mandatory = mandatory_kinds_for(organisation=member.organisation)
    muted = set(ReminderMute.objects.filter(member=member).values_list("kind", flat=True))
    return [
        {
            "kind": kind.value,
            "label": str(kind.label),
            "muted": kind in muted and kind not in mandatory,
            "mandatory": kind in mandatory,
        }
        for kind in MUTABLE_KINDS
    ]


@transaction.atomic
def reminder_mutes_set(*, member, muted: list[str]) -> list[dict]:
    """Replace the member's mutes with `muted`. Refuses kinds that cannot be muted and those
    the member's organisation makes mandatory."""
    wanted = set(muted)
    unknown = wanted - set(MUTABLE_KINDS)
    if unknown:
        raise ValidationError(
            {"muted": _("These kinds cannot be muted: %(kinds)s.") % {"kinds": ", ".join(unknown)}}
        )
    mandatory = wanted & mandatory_kinds_for(organisation=member.organisation)
    if mandatory:
        labels = "、".join(str(MessageKind(kind).label) for kind in sorted(mandatory))
        raise ValidationError(
            {
                "muted": _("Your organisation requires these messages: %(kinds)s.")
                % {"kinds": labels}
            }
        )
    ReminderMute.objects.filter(member=member).exclude(kind__in=wanted).delete()
    ReminderMute.objects.bulk_create(
        [ReminderMute(member=member, kind=kind) for kind in sorted(wanted)],
        ignore_conflicts=True,
    )
    return mute_states(member=member)


def may_deliver(*, member, kind: str) -> bool:
    """Whether a message of this kind reaches this one member."""
    if kind not in MUTABLE_KINDS:
        return True
    if not ReminderMute.objects.filter(member=member, kind=kind).exists():
        return True
    return kind in mandatory_kinds_for(organisation=member.organisation)


@dataclass
class Delivery:
    """Mutes and policies read once for a sweep: `keep(kind)` is a Q that leaves out the
    members who muted the kind, except where their organisation makes it mandatory."""

    muted_kinds: set = field(default_factory=set)  # kinds somebody has muted
    mandatory_orgs: dict = field(default_factory=dict)  # kind -> {organisation id}

    @classmethod
    def load(cls) -> "Delivery":
        muted_kinds = set(ReminderMute.objects.values_list("kind", flat=True).distinct())
        policies = dict(
            ReminderPolicy.objects.filter(organisation__isnull=False).values_list(
                "organisation__path", "mandatory_kinds"
            )
        )
        mandatory_orgs = {}
        if policies and muted_kinds:
            under_a_policy = Q()
            for path in policies:
                under_a_policy |= Q(path__startswith=path)
            nodes = Organisation.objects.filter(under_a_policy).values_list("pk", "path")
            for pk, path in nodes.iterator(chunk_size=5000):
                nearest = next((p for p in reversed(ancestor_paths(path)) if p in policies), None)
                for kind in policies.get(nearest) or ():
                    mandatory_orgs.setdefault(kind, set()).add(pk)
        return cls(muted_kinds=muted_kinds, mandatory_orgs=mandatory_orgs)

    def keep(self, kind: str, *, member: str = "pk", organisation: str = "organisation_id"):
        """Q over rows naming a member (`member`: the path to its id) and its organisation."""
        if kind not in self.muted_kinds:
            return Q()
        muted = ReminderMute.objects.filter(member_id=OuterRef(member), kind=kind)
        kept = ~Exists(muted)
        if self.mandatory_orgs.get(kind):
            kept |= Q(**{f"{organisation}__in": self.mandatory_orgs[kind]})
        return kept
