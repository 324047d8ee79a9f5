"""The party organisation tree: 党委 → 党总支 → 党支部 → 党小组."""

from django.core.exceptions import ValidationError
from django.db import models
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

# Sent after a node moved with its subtree (sender=Organisation, instance=the node, with its
# new path). treebeard rewrites the paths in bulk and sends no post_save, and may renumber
# the new siblings too; whatever keeps organisation paths (the search index) re-reads them.
organisation_moved = Signal()


class OrganisationKind(models.TextChoices):
    COMMITTEE = "committee", _("Party committee")
    GENERAL_BRANCH = "general_branch", _("General branch")
    BRANCH = "branch", _("Party branch")
    GROUP = "group", _("Party group")


# Rank of each kind in the tree; a child never ranks above its parent,
# and a party group (the smallest unit) has no children.
KIND_RANK = {
    OrganisationKind.COMMITTEE: 0,
    OrganisationKind.GENERAL_BRANCH: 1,
    OrganisationKind.BRANCH: 2,
    OrganisationKind.GROUP: 3,
}


class Organisation(MP_Node):
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("type"), max_length=20, choices=OrganisationKind.choices)
    region = models.CharField(
        _("region"),
        max_length=80,
        help_text=_("For example 北京市密云区 or 浙江省嘉兴市"),
    )
    # Off by default (PRODUCT.md capability 6): visitors see figures per organisation only.
    rank_members_publicly = models.BooleanField(
        _("rank members publicly"),
        default=False,
        help_text=_(
            "When on, this organisation's public comparison page (赛马) ranks the members of "
            "its whole subtree by name and points this year."
        ),
    )

    # 党员找组织: members away from home may apply to this organisation and those under it
    # (a mobile party committee, 流动党委, and its second-level committees); cms.host_organisations.
    hosts_members_away = models.BooleanField(
        _("hosts members away from home"),
        default=False,
        help_text=_(
            "When on, members who work or live away from home (流动党员) may apply to this "
            "organisation or any organisation under it as their host organisation."
        ),
    )

    node_order_by = ["name"]

    class Meta:
        verbose_name = _("party organisation")
        verbose_name_plural = _("party organisations")

    def __str__(self):
        return self.name

    @property
    def indented_name(self):
        return "　" * (self.depth - 1) + self.name

    def move(self, target, pos=None):
        moved = super().move(target, pos)
        organisation_moved.send(sender=Organisation, instance=self)
        return moved

    def subtree(self):
        """This node and every node below it."""
        return Organisation.objects.filter(path__startswith=self.path)

    @staticmethod
    def check_placement(kind, parent):
        """Raise ValidationError if a node of `kind` may not sit under `parent`."""
        if parent is None:
            return
        if parent.kind == OrganisationKind.GROUP:
            raise ValidationError(_("A party group cannot contain other organisations."))
        if KIND_RANK[OrganisationKind(kind)] < KIND_RANK[OrganisationKind(parent.kind)]:
            raise ValidationError(
                _("A %(kind)s cannot be placed under a %(parent)s.")
                % {
                    "kind": OrganisationKind(kind).label,
                    "parent": OrganisationKind(parent.kind).label,
                }
            )
