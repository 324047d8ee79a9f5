"""Residents' phones reach only the member linked to them and the secretaries above: every page,
API response and export that returns residents, for each kind of viewer."""

import io

import pytest
from openpyxl import load_workbook

from tests.residents.conftest import E1_MASKED, E1_PHONE, E1B_PHONE, W1_PHONE

pytestmark = pytest.mark.django_db

ALL_PHONES = (E1_PHONE, E1B_PHONE, W1_PHONE)


def text_of(response):
    return response.content.decode()


def assert_no_phone(body, *phones):
    for phone in phones or ALL_PHONES:
        assert phone not in body


def test_mask():
    from learning.residents.selectors import mask_phone

    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("12345") == "****"
    assert mask_phone("") == ""


def test_linked_member_sees_full_phones(client, roster):
    client.force_login(roster.tree.e1.user)
    mine = text_of(client.get("/residents/"))
    assert E1_PHONE in mine and E1B_PHONE in mine
    assert_no_phone(mine, W1_PHONE)
    assert E1_PHONE in text_of(client.get(f"/residents/{roster.e1a.pk}/"))
    api = client.get("/api/residents/").json()["results"]
    assert {row["phone"] for row in api} == {E1_PHONE, E1B_PHONE}
    detail = client.get(f"/api/residents/{roster.e1a.pk}/").json()
    assert detail["phone"] == E1_PHONE and detail["phone_full"] is True
    assert E1_PHONE in text_of(client.get("/me/"))


@pytest.mark.parametrize("who", ["east_secretary", "town_secretary"])
def test_secretary_above_sees_full_phones(client, roster, who):
    client.force_login(getattr(roster.tree, who).user)
    org = roster.tree.east.pk
    page = text_of(client.get(f"/branch/residents/?org={org}"))
    assert E1_PHONE in page and E1B_PHONE in page
    assert_no_phone(page, W1_PHONE)  # 西村 is not under 东村
    assert E1_PHONE in text_of(client.get(f"/residents/{roster.e1a.pk}/"))
    detail = client.get(f"/api/residents/{roster.e1a.pk}/").json()
    assert detail["phone"] == E1_PHONE
    listing = {row["id"]: row["phone"] for row in client.get("/api/residents/").json()["results"]}
    assert listing[roster.e1a.pk] == E1_PHONE
    # The overview's section shows figures, never phones.
    assert_no_phone(text_of(client.get(f"/branch/?org={org}")))


def test_member_of_same_branch_sees_masked(client, roster):
    client.force_login(roster.tree.e3.user)
    mine = text_of(client.get("/residents/"))
    assert E1_MASKED in mine
    assert_no_phone(mine)
    detail_page = text_of(client.get(f"/residents/{roster.e1a.pk}/"))
    assert E1_MASKED in detail_page
    assert_no_phone(detail_page)
    detail = client.get(f"/api/residents/{roster.e1a.pk}/").json()
    assert detail["phone"] == E1_MASKED and detail["phone_full"] is False
    assert detail["contacts"] == []
    listing = client.get("/api/residents/")
    assert_no_phone(text_of(listing))
    assert {row["id"] for row in listing.json()["results"]} == {roster.e1a.pk, roster.e1b.pk}
    assert_no_phone(text_of(client.get("/me/")))
    # No workspace for a member: the branch page and export refuse.
    assert client.get("/branch/residents/").status_code == 403
    assert client.post("/branch/residents/export.xlsx", {"phones": "on"}).status_code == 403


def test_other_branch_secretary_gets_404(client, roster):
    client.force_login(roster.tree.west_secretary.user)
    assert client.get(f"/residents/{roster.e1a.pk}/").status_code == 404
    response = client.get(f"/api/residents/{roster.e1a.pk}/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert client.get(f"/branch/residents/?org={roster.tree.east.pk}").status_code == 404
    export = client.post(
        "/branch/residents/export.xlsx", {"org": roster.tree.east.pk, "phones": "on"}
    )
    assert export.status_code == 404
    assert client.get(f"/api/residents/coverage/?org={roster.tree.east.pk}").status_code == 404
    listing = text_of(client.get("/api/residents/"))
    assert_no_phone(listing, E1_PHONE, E1B_PHONE)
    assert W1_PHONE in listing  # their own subtree


def test_visitor_sees_nothing(client, roster):
    for url in ("/residents/", f"/residents/{roster.e1a.pk}/", "/branch/residents/"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"]
    for url in ("/api/residents/", f"/api/residents/{roster.e1a.pk}/", "/api/residents/coverage/"):
        response = client.get(url)
        assert response.status_code in (401, 403)
        assert set(response.json()) >= {"code", "detail"}
        assert_no_phone(text_of(response))


def _sheet_text(response):
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    return " ".join(
        str(cell)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    )


def test_export_leaves_phones_out_unless_asked_and_logs_it(client, roster):
    from learning.residents.models import PhoneExport

    tree = roster.tree
    client.force_login(tree.east_secretary.user)
    plain = client.post("/branch/residents/export.xlsx", {"org": tree.east.pk})
    assert plain.status_code == 200
    text = _sheet_text(plain)
    assert "张大娘" in text
    assert_no_phone(text)
    assert "138****" not in text
    assert not PhoneExport.objects.exists()

    with_phones = client.post(
        "/branch/residents/export.xlsx", {"org": tree.east.pk, "phones": "on"}
    )
    text = _sheet_text(with_phones)
    assert E1_PHONE in text and E1B_PHONE in text
    assert_no_phone(text, W1_PHONE)
    log = PhoneExport.objects.get()
    assert (log.user, log.organisation, log.rows) == (tree.east_secretary.user, tree.east, 2)


def test_export_by_get_is_refused(client, roster):
    client.force_login(roster.tree.east_secretary.user)
    assert client.get("/branch/residents/export.xlsx?phones=on").status_code == 405
