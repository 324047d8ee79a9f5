"""Sharing and search engines: the sitemap, canonical links, Open Graph tags with the page's
picture; the favicon; the home page's title; our Chinese 404 page also with DEBUG on."""

import importlib
import re

import pytest
from django.urls import clear_url_caches

pytestmark = pytest.mark.django_db


def head(html):
    return html.split("</head>", 1)[0]


def meta(html, prop):
    found = re.search(rf'<meta property="{prop}" content="([^"]*)"', html)
    return found and found.group(1)


def test_sitemap_lists_the_live_pages(client, demo_site):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    text = response.content.decode()
    assert "<urlset" in text and "/stories/miyun-xianfeng/</loc>" in text
    assert "/brands/miyun-xianfeng/</loc>" in text


def test_story_has_canonical_link_and_open_graph_with_its_cover(client, demo_site, settings):
    from cms.models import StoryPage

    settings.PAGE_CACHE_ENABLED = False
    story = StoryPage.objects.get(slug="miyun-xianfeng")
    html = head(client.get("/stories/miyun-xianfeng/?utm_source=wechat").content.decode())
    assert '<link rel="canonical" href="http://testserver/stories/miyun-xianfeng/">' in html
    assert meta(html, "og:title") == story.title
    assert meta(html, "og:type") == "article"
    assert meta(html, "og:description").startswith("4.2万名党员亮身份")
    image = meta(html, "og:image")
    assert image.startswith("http://testserver/images/")
    assert f"/{story.cover_image_id}/fill-1200x630/" in image
    # The address serves the picture at share size.
    response = client.get(image.removeprefix("http://testserver"))
    assert response.status_code == 200 and response["Content-Type"].startswith("image/")


def test_brand_and_profile_share_their_own_picture(client, demo_site):
    from cms.models import BrandPage, ProfilePage

    brand = BrandPage.objects.get(slug="miyun-xianfeng")
    html = head(client.get("/brands/miyun-xianfeng/").content.decode())
    assert f"/{brand.logo_id}/fill-1200x630/" in meta(html, "og:image")
    profile = ProfilePage.objects.get(slug="he-xiuling")
    html = head(client.get("/people/he-xiuling/").content.decode())
    assert f"/{profile.photo_id}/fill-1200x630/" in meta(html, "og:image")
    # A brand without a logo shares no picture rather than a broken one.
    html = head(client.get("/brands/nituizi/").content.decode())
    assert meta(html, "og:image") is None and meta(html, "og:title") == "泥腿子"


def test_home_title_is_the_site_name_once(client, demo_site):
    html = client.get("/").content.decode()
    assert "<title>先锋</title>" in html
    assert "<title>党建品牌 · 先锋</title>" in client.get("/brands/").content.decode()


def test_favicon_is_served(client, demo_site):
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"].endswith("favicon.svg")
    assert 'rel="icon"' in client.get("/").content.decode()


@pytest.fixture
def debug_urls(settings):
    """The URLconf as `make run` (DEBUG on) builds it."""
    import xianfeng.urls

    settings.DEBUG = True
    clear_url_caches()
    importlib.reload(xianfeng.urls)
    yield
    settings.DEBUG = False
    clear_url_caches()
    importlib.reload(xianfeng.urls)


@pytest.mark.parametrize("path", ["/no-such-page/", "/stories/no-such-story/", "/nothing.txt"])
def test_our_404_page_with_debug_on(client, demo_site, debug_urls, path):
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html and "Django" not in html
    assert client.get("/stories/miyun-xianfeng/").status_code == 200
