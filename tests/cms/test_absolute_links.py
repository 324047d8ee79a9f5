"""Absolute links come from the configured site address (`make run`: 127.0.0.1:8000), not
from Wagtail's placeholder localhost:80."""

import pytest
from wagtail.models import Site

from cms.models import HomePage, Pledge
from cms.pledges import share_card
from cms.pledges.tasks import make_share_card

pytestmark = pytest.mark.django_db
RUN_ADDRESS = "http://127.0.0.1:8000/"


def test_the_demo_site_answers_at_the_make_run_address(demo_site, client):
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)
    home = HomePage.objects.get()
    response = client.get(f"/api/v2/pages/{home.pk}/")
    assert response.status_code == 200
    assert response.json()["meta"]["html_url"] == RUN_ADDRESS


def test_share_card_qr_code_points_at_the_configured_address(demo_site, monkeypatch, settings):
    pledge = Pledge.objects.public().first()
    drawn = []
    real_qr_image = share_card.qr_image

    def qr_image(url, size):
        drawn.append(url)
        return real_qr_image(url, size)

    monkeypatch.setattr(share_card, "qr_image", qr_image)
    Pledge.objects.filter(pk=pledge.pk).update(share_card="", share_card_key="")
    assert make_share_card.call(pledge.pk)
    wall_path = pledge.wall.url
    assert drawn == [f"{RUN_ADDRESS.rstrip('/')}{wall_path}pledges/{pledge.pk}/"]

    # In production the address comes from the environment (WAGTAILADMIN_BASE_URL).
    settings.WAGTAILADMIN_BASE_URL = "https://xianfeng.example.cn"
    assert Pledge.objects.get(pk=pledge.pk).get_full_url() == (
        f"https://xianfeng.example.cn{wall_path}pledges/{pledge.pk}/"
    )


def test_an_existing_placeholder_site_is_moved_to_the_configured_address(demo_site):
    from cms.demo import load_demo

    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80)
    load_demo(log=lambda message: None)
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)
