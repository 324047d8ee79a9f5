"""The demo: a member with ten residents and a log, the coverage live on 密云先锋's 成效, and a
党员示范户 plaque with three holders; loading it again changes nothing."""

import pytest

pytestmark = pytest.mark.django_db


def test_demo_roster_plaque_and_live_figure(demo_site, client):
    from cms.models import BrandPage
    from learning.residents.demo import PLAQUE_TITLE, demo_member, load_demo_residents
    from learning.residents.models import Contact, HonourPlaque, HonourTenure, Resident

    load_demo_residents(log=lambda message: None)  # a second time
    member = demo_member()
    assert Resident.objects.filter(member=member).count() == 10
    assert Contact.objects.filter(member=member).count() >= 5
    plaque = HonourPlaque.objects.get(organisation=member.organisation, title=PLAQUE_TITLE)
    tenures = HonourTenure.objects.filter(plaque=plaque)
    assert tenures.count() == 3 and tenures.filter(ended_on__isnull=True).count() == 1

    brand = BrandPage.objects.get(slug="miyun-xianfeng")
    assert [b.block_type for b in brand.impact].count("live_figure") == 1
    body = client.get(brand.url).content.decode()
    assert 'data-live-figure="residents.residents_covered"' in body
    assert client.get(f"/honours/{plaque.pk}/").status_code == 200
