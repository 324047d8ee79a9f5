"""Organisation paths in the index follow the tree: a move (in the admin or in code), a
rename, and a new organisation that renumbers its sorted siblings each re-index the pages
concerned through the outbox, so the organisation filter is right once the outbox drained.
Both backends."""

import pytest

from search.models import SearchOutbox
from search.services import drain_outbox
from tests.search.conftest import refresh

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def settled(indexed):
    """The index is complete: what loading the demo queued is done already."""
    SearchOutbox.objects.all().delete()


def org(name):
    from cms.models import Organisation

    return Organisation.objects.get(name=name)


def filtered(client, q, organisation):
    response = client.get("/api/search/", {"q": q, "org": organisation.pk})
    assert response.status_code == 200
    return [hit["title"] for hit in response.json()["results"]]


def drained(backend):
    outcome = drain_outbox(backend)
    refresh(backend)
    assert outcome["failed"] == 0 and not SearchOutbox.objects.exists()


def test_moving_a_sub_organisation_in_the_admin_moves_its_pages_in_the_filter(
    indexed, admin_client, client
):
    town = org("河南寨镇党委")  # 何秀玲's branch (套里村党支部) is below it
    assert "何秀玲" in filtered(client, "何秀玲", org("中共北京市密云区委员会"))
    assert "何秀玲" not in filtered(client, "何秀玲", org("中共嘉兴市委员会"))

    response = admin_client.post(
        f"/admin/organisations/edit/{town.pk}/",
        {
            "name": town.name,
            "kind": town.kind,
            "region": town.region,
            "parent": org("中共嘉兴市委员会").pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert org("河南寨镇党委").get_parent().name == "中共嘉兴市委员会"
    drained(indexed)

    assert "何秀玲" in filtered(client, "何秀玲", org("中共嘉兴市委员会"))
    assert "何秀玲" in filtered(client, "何秀玲", org("河南寨镇党委"))
    assert "何秀玲" in filtered(client, "何秀玲", org("套里村党支部"))
    assert "何秀玲" not in filtered(client, "何秀玲", org("中共北京市密云区委员会"))


def test_moving_in_code_reindexes_the_whole_subtree(indexed, client):
    """The page sits two levels below the moved node, not on the node itself."""
    from cms.models import ProfilePage

    org("河南寨镇党委").move(org("中共许昌市委员会"), "sorted-child")
    profile = ProfilePage.objects.get(title="何秀玲")
    assert SearchOutbox.objects.filter(page_id=profile.pk, action="index").exists()
    drained(indexed)
    assert "何秀玲" in filtered(client, "何秀玲", org("中共许昌市委员会"))
    assert "何秀玲" not in filtered(client, "何秀玲", org("中共北京市密云区委员会"))


def test_a_new_organisation_that_renumbers_its_siblings_keeps_the_filter_right(indexed, client):
    """Organisations are kept sorted by name: one added before 河南寨镇党委 shifts its
    path (and everything under it)."""
    from cms.services import ensure_organisation

    town_path = org("河南寨镇党委").path
    new = ensure_organisation(
        "安居社区党委", "committee", "北京市密云区", org("中共北京市密云区委员会")
    )
    assert org("河南寨镇党委").path != town_path  # treebeard made room
    drained(indexed)
    assert "何秀玲" in filtered(client, "何秀玲", org("河南寨镇党委"))
    assert "何秀玲" not in filtered(client, "何秀玲", new)


def test_renaming_an_organisation_reindexes_the_pages_below_it(indexed, client):
    town = org("河南寨镇党委")
    village = org("套里村党支部")
    village.name = "套里村党委"
    village.save()
    drained(indexed)
    assert "何秀玲" in filtered(client, "套里村党委", town)


def test_deleting_an_organisation_clears_it_from_its_pages_entries(indexed, client):
    """Its pages keep no organisation; a new organisation that takes over the freed path
    must not find them."""
    from cms.models import Member, Organisation
    from cms.services import ensure_organisation

    village = org("套里村党支部")
    Member.objects.filter(organisation__path__startswith=village.path).update(
        organisation=org("河南寨镇党委")
    )
    village.get_children().delete()
    Organisation.objects.get(pk=village.pk).delete()
    drained(indexed)
    successor = ensure_organisation("套里村新党支部", "branch", "北京市密云区", org("河南寨镇党委"))
    assert successor.path == village.path  # treebeard gave it the freed path
    assert "何秀玲" not in filtered(client, "何秀玲", successor)
    assert "何秀玲" not in filtered(client, "何秀玲", org("河南寨镇党委"))
