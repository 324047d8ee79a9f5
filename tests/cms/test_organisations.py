"""The organisation tree is edited in the admin; placements that break the tree are refused."""

import pytest
from django.urls import reverse

from cms.models import Organisation, OrganisationKind
from cms.services import ensure_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client, django_user_model):
    user = django_user_model.objects.create_superuser("boss", "b@example.cn", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def tree():
    committee = ensure_organisation("区委", OrganisationKind.COMMITTEE, "北京市密云区")
    general = ensure_organisation(
        "镇党总支", OrganisationKind.GENERAL_BRANCH, "北京市密云区", committee
    )
    branch = ensure_organisation("村党支部", OrganisationKind.BRANCH, "北京市密云区", general)
    group = ensure_organisation("第一党小组", OrganisationKind.GROUP, "北京市密云区", branch)
    return committee, general, branch, group


def form(name, kind, region, parent=None):
    return {"name": name, "kind": kind, "region": region, "parent": parent.pk if parent else ""}


def snapshot():
    return list(Organisation.objects.order_by("path").values_list("name", "path", "kind"))


def test_add_a_branch_under_a_committee(admin_client_, tree):
    committee = tree[0]
    response = admin_client_.post(
        reverse("organisations:add"), form("新党支部", OrganisationKind.BRANCH, "北京市", committee)
    )
    assert response.status_code == 302
    node = Organisation.objects.get(name="新党支部")
    assert node.get_parent() == committee and node.depth == 2


def test_add_a_top_level_committee(admin_client_, tree):
    response = admin_client_.post(
        reverse("organisations:add"), form("市委", OrganisationKind.COMMITTEE, "浙江省嘉兴市")
    )
    assert response.status_code == 302
    assert Organisation.objects.get(name="市委").is_root()


def test_move_a_branch_to_another_parent(admin_client_, tree):
    committee, general, branch, group = tree
    response = admin_client_.post(
        reverse("organisations:edit", args=[branch.pk]),
        form("村党支部", OrganisationKind.BRANCH, "北京市密云区", committee),
    )
    assert response.status_code == 302
    branch.refresh_from_db()
    group.refresh_from_db()
    assert branch.get_parent() == committee
    assert group.get_parent() == branch  # its subtree moved with it


@pytest.mark.parametrize("target", ["self", "descendant"])
def test_a_cycle_is_refused_and_changes_nothing(admin_client_, tree, target):
    committee, general, branch, group = tree
    parent = general if target == "self" else branch
    before = snapshot()
    response = admin_client_.post(
        reverse("organisations:edit", args=[general.pk]),
        form("镇党总支", OrganisationKind.GENERAL_BRANCH, "北京市密云区", parent),
    )
    assert response.status_code == 200
    assert "组织不能放在自身或其下级组织之下" in response.content.decode()
    assert snapshot() == before


def test_a_group_cannot_have_children(admin_client_, tree):
    group = tree[3]
    response = admin_client_.post(
        reverse("organisations:add"), form("小组下的小组", OrganisationKind.GROUP, "北京", group)
    )
    assert response.status_code == 200
    assert "党小组下不能再设组织" in response.content.decode()
    assert not Organisation.objects.filter(name="小组下的小组").exists()


def test_a_committee_cannot_sit_under_a_branch(admin_client_, tree):
    branch = tree[2]
    response = admin_client_.post(
        reverse("organisations:add"), form("错位党委", OrganisationKind.COMMITTEE, "北京", branch)
    )
    assert response.status_code == 200
    assert "党委不能设在党支部之下" in response.content.decode()


def test_a_node_with_children_cannot_become_a_group(admin_client_, tree):
    branch = tree[2]
    before = snapshot()
    response = admin_client_.post(
        reverse("organisations:edit", args=[branch.pk]),
        form("村党支部", OrganisationKind.GROUP, "北京市密云区", tree[1]),
    )
    assert response.status_code == 200
    assert snapshot() == before


def test_required_fields(admin_client_, tree):
    response = admin_client_.post(reverse("organisations:add"), form("", "", ""))
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"name", "kind", "region"}


def test_subtree(tree):
    committee, general, branch, group = tree
    assert set(general.subtree()) == {general, branch, group}


def test_a_node_with_sub_organisations_is_not_deleted(admin_client_, tree):
    committee = tree[0]
    before = snapshot()
    response = admin_client_.post(
        reverse("organisations:delete", args=(committee.pk,)), follow=True
    )
    assert "还有 1 个下级组织" in response.content.decode()
    assert snapshot() == before


def test_a_node_with_members_is_not_deleted(admin_client_, tree, django_user_model):
    from cms.models import Member

    group = tree[3]
    user = django_user_model.objects.create_user("dangyuan1", password="pw")
    Member.objects.create(user=user, name="王芳", organisation=group)
    before = snapshot()
    response = admin_client_.post(reverse("organisations:delete", args=(group.pk,)), follow=True)
    assert "还有 1 名党员" in response.content.decode()
    assert snapshot() == before
    # The confirmation page is not even offered.
    assert admin_client_.get(reverse("organisations:delete", args=(group.pk,))).status_code == 302


def test_an_empty_leaf_node_is_deleted(admin_client_, tree):
    group = tree[3]
    admin_client_.post(reverse("organisations:delete", args=(group.pk,)))
    assert not Organisation.objects.filter(pk=group.pk).exists()
    assert Organisation.objects.get(pk=tree[2].pk).numchild == 0
