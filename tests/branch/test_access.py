"""Who sees what: every page, export and endpoint of the workspace across subtrees.

The endpoints are looped over inside each test (the tree fixture costs seconds to build)."""

import pytest
from django.urls import reverse

from learning.models import InboxMessage

pytestmark = pytest.mark.django_db

PAGES = [
    "branch:overview",
    "branch:members",
    "branch:hours",
    "branch:export-xlsx",
    "branch:export-csv",
]
APIS = ["branch-api:overview", "branch-api:members", "branch-api:short-of-quota"]
ALL_GETS = PAGES + APIS
# Pages that name members (the overview shows figures only).
NAMING = [name for name in ALL_GETS if not name.endswith(":overview")]


def text(response):
    if hasattr(response, "streaming_content"):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    if response["Content-Type"].startswith("application/vnd.openxml"):
        return xlsx_text(content)
    return content.decode("utf-8")


def xlsx_text(content):
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True)
    return " ".join(
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
    )


def test_a_secretary_cannot_ask_for_another_subtree(tree, signed_in):
    client = signed_in(tree.east_secretary)
    for name in ALL_GETS:
        for query in ({"org": tree.west.pk}, {"org": tree.town.pk}, {"sub": tree.west.pk}):
            response = client.get(reverse(name), query)
            assert response.status_code == 404, (name, query)
            assert "西一" not in response.content.decode("utf-8")


def test_a_secretary_sees_only_their_own_subtree(tree, signed_in):
    client = signed_in(tree.east_secretary)
    for name in ALL_GETS:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        content = text(response)
        assert "西村" not in content and "外人" not in content, name
        if name in NAMING:
            assert "东三" in content, name
    # The group under the branch is part of its subtree.
    response = client.get(reverse("branch-api:members"), {"sub": tree.east_group.pk})
    assert [row["name"] for row in response.json()["results"]] == ["东二"]


def test_a_committee_member_sees_the_branches_below(tree, signed_in):
    client = signed_in(tree.town_secretary)
    for name in NAMING:
        response = client.get(reverse(name), {"org": tree.west.pk})
        assert response.status_code == 200, name
        assert "西二" in text(response), name
    response = client.get(reverse("branch-api:overview"))
    assert {child["organisation"]["name"] for child in response.json()["children"]} == {
        "东村党支部",
        "西村党支部",
    }


def test_members_and_visitors_have_no_workspace(tree, signed_in, client):
    for name in ALL_GETS:
        assert client.get(reverse(name)).status_code in (302, 401, 403), name
    member = signed_in(tree.e1)
    for name in ALL_GETS:
        assert member.get(reverse(name)).status_code == 403, name


def test_a_superuser_sees_any_subtree(tree, client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", password="x"))
    for name in NAMING:
        response = client.get(reverse(name), {"org": tree.west.pk})
        assert response.status_code == 200, name
        assert "西二" in text(response), name


def test_a_secretary_cannot_remind_another_subtree(tree, signed_in):
    client = signed_in(tree.east_secretary)
    before = InboxMessage.objects.count()  # other domains' demo data has messages of its own
    for data in ({"org": tree.west.pk}, {"sub": tree.west.pk}):
        assert client.post(reverse("branch:remind"), data).status_code == 404
    assert signed_in(tree.e1).post(reverse("branch:remind"), {}).status_code == 403
    assert InboxMessage.objects.count() == before


def test_bad_filters_are_refused_not_crashed(tree, signed_in):
    client = signed_in(tree.east_secretary)
    for query in ({"org": "x"}, {"status": "nope"}, {"lecture": "99999999999"}, {"org": "١"}):
        assert client.get(reverse("branch:members"), query).status_code == 404
        response = client.get(reverse("branch-api:members"), query)
        assert response.status_code == 400
        assert response.json()["code"] == "invalid"
