"""A 流动党委 with two second-level committees beside the workspace's tree (测试镇党委)."""

from types import SimpleNamespace

import pytest

from tests.branch.conftest import PASSWORD, make_member, signed_in, tree  # noqa: F401


@pytest.fixture
def hosts(tree):  # noqa: F811
    from cms.models import Member, Organisation, OrganisationKind
    from cms.services import ensure_organisation

    mobile = ensure_organisation("测试流动党委", OrganisationKind.COMMITTEE, "浙江省嘉兴市")
    mobile.hosts_members_away = True
    mobile.save(update_fields=["hosts_members_away"])
    north = ensure_organisation(
        "北区流动党总支", OrganisationKind.GENERAL_BRANCH, "浙江省嘉兴市", mobile
    )
    south = ensure_organisation(
        "南区流动党总支", OrganisationKind.GENERAL_BRANCH, "浙江省嘉兴市", mobile
    )
    # A new root sorted by name renumbers the other roots' paths: re-read the tree's rows.
    for name, value in vars(tree).items():
        if isinstance(value, (Organisation, Member)):
            setattr(tree, name, type(value).objects.get(pk=value.pk))
    mobile.refresh_from_db()
    h = SimpleNamespace(tree=tree, mobile=mobile, north=north, south=south, password=PASSWORD)
    h.mobile_secretary = make_member("mobile_sec", mobile, role="committee", name="流委员")
    h.north_secretary = make_member("north_sec", north, role="secretary", name="北书记")
    h.south_secretary = make_member("south_sec", south, role="secretary", name="南书记")
    return h
