"""A brand's 成效 shows a live figure an editor picked (cms.live_figures, registered by
learning.residents): the page shows the computed coverage."""

import pytest

pytestmark = pytest.mark.django_db


def test_registered_figures():
    from cms.live_figures import LIVE_FIGURES, format_figure

    assert "residents.residents_covered" in LIVE_FIGURES
    assert (
        format_figure(12345) == "1.2万"
        and format_figure(20000) == "2万"
        and format_figure(7) == "7"
    )


def test_brand_page_shows_the_computed_figure(client, roster):
    from cms.models import BrandPage
    from learning.residents.selectors import coverage

    tree = roster.tree
    brand = BrandPage.objects.get(slug="miyun-xianfeng")
    brand.impact = [
        (
            "live_figure",
            {
                "figure": "residents.residents_covered",
                "organisation": str(tree.town.pk),
                "unit": "名群众",
                "label": "结对联系",
            },
        ),
        ("live_figure", {"figure": "residents.gone", "organisation": "", "unit": "", "label": "x"}),
    ]
    brand.save_revision().publish()
    expected = coverage(organisation=tree.town)["residents_covered"]
    assert expected == 3
    body = client.get(brand.url).content.decode()
    assert 'data-live-figure="residents.residents_covered"' in body
    assert f'<span class="stat-value">{expected}</span>' in body
    assert 'data-live-figure="residents.gone"' not in body  # an unknown key shows nothing


def test_demo_brand_uses_the_live_figure(demo_site):
    from cms.models import BrandPage

    brand = BrandPage.objects.get(slug="miyun-xianfeng")
    assert any(block.block_type == "live_figure" for block in brand.impact)
