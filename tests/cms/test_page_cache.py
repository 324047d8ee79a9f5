"""Anonymous visitors get pages from the cache; publishing invalidates it; members never share."""

import pytest

from cms.models import StoryPage
from cms.page_cache import HEADER

pytestmark = pytest.mark.django_db


def test_second_anonymous_visit_is_served_from_the_cache(
    client, demo_site, django_assert_num_queries
):
    first = client.get("/stories/")
    assert first[HEADER] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/stories/")
    assert second[HEADER] == "hit"
    assert second.content == first.content


def test_publishing_invalidates_the_cache(client, demo_site, django_capture_on_commit_callbacks):
    client.get("/stories/miyun-xianfeng/")
    assert client.get("/stories/miyun-xianfeng/")[HEADER] == "hit"
    story = StoryPage.objects.get(slug="miyun-xianfeng")
    story.title = "新的标题"
    with django_capture_on_commit_callbacks(execute=True):
        story.save_revision().publish()
    response = client.get("/stories/miyun-xianfeng/")
    assert response[HEADER] == "miss"
    assert "新的标题" in response.content.decode()
    # The listing and the home page change too.
    assert "新的标题" in client.get("/stories/").content.decode()


def test_unpublishing_invalidates_the_cache(client, demo_site, django_capture_on_commit_callbacks):
    assert client.get("/stories/miyun-xianfeng/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        StoryPage.objects.get(slug="miyun-xianfeng").unpublish()
    assert client.get("/stories/miyun-xianfeng/").status_code == 404


def test_signed_in_users_are_never_served_or_stored(client, demo_site, django_user_model):
    client.force_login(django_user_model.objects.get(username="admin"))
    response = client.get("/stories/")
    assert HEADER not in response
    client.logout()
    client.cookies.clear()
    assert client.get("/stories/")[HEADER] == "miss"


def test_errors_and_non_page_responses_are_not_cached(client, demo_site):
    assert client.get("/no-such-page/").status_code == 404
    assert HEADER not in client.get("/no-such-page/")
    assert HEADER not in client.get("/api/v2/pages/")


def test_private_pages_are_not_cached(client, demo_site):
    from wagtail.models import PageViewRestriction

    story = StoryPage.objects.get(slug="miyun-xianfeng")
    PageViewRestriction.objects.create(page=story, restriction_type="login")
    response = client.get("/stories/miyun-xianfeng/")
    assert response.status_code == 302
    assert HEADER not in response


def test_a_hit_carries_the_same_headers_as_the_fresh_page(client, demo_site, settings):
    settings.SECURE_CONTENT_TYPE_NOSNIFF = True
    settings.SECURE_REFERRER_POLICY = "same-origin"
    fresh = client.get("/brands/")
    hit = client.get("/brands/")
    assert hit[HEADER] == "hit"
    for header in ("Content-Type", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options"):
        assert hit[header] == fresh[header]


def test_a_clear_in_another_worker_reaches_this_one(client, demo_site, settings):
    """Workers keep a local copy of pages; a clear made elsewhere (simulated by clearing only
    the shared cache, as another process would) reaches this worker at its next check."""
    from cms.page_cache import local_pages, page_cache

    settings.PAGE_CACHE_CHECK_SECONDS = 0
    client.get("/stories/")
    assert client.get("/stories/")[HEADER] == "hit"
    assert local_pages.entries, "the hit should have been kept in the worker's memory"
    page_cache().clear()  # what clear_page_cache() in another process does to the shared tier
    assert client.get("/stories/")[HEADER] == "miss"


def test_local_copies_expire_with_the_shared_entry(client, demo_site, settings, monkeypatch):
    import time

    from cms.page_cache import local_pages

    client.get("/stories/")
    real = time.monotonic
    monkeypatch.setattr(time, "monotonic", lambda: real() + settings.PAGE_CACHE_SECONDS + 1)
    key = next(iter(local_pages.entries))
    assert local_pages.get(key) is None


def test_unknown_query_parameters_are_served_fresh_and_not_stored(client, demo_site):
    from cms.page_cache import local_pages

    response = client.get("/stories/?utm_source=abc")
    assert response.status_code == 200
    assert HEADER not in response
    assert not local_pages.entries
    # Known listing parameters are still cached.
    assert client.get("/stories/?page=1")[HEADER] == "miss"
    assert client.get("/stories/?page=1")[HEADER] == "hit"


def test_a_retirement_in_another_worker_reaches_this_one(client, demo_site, settings):
    """A pledge event or image save in another process (simulated: the shared record of
    retired pages changes, this worker's memory does not) reaches this worker's local copies
    at its next check."""
    import time

    from django.core.cache import cache

    from cms.content_cache import RETIRED_KEY, page_tag
    from cms.page_cache import local_pages

    settings.PAGE_CACHE_CHECK_SECONDS = 0
    story = StoryPage.objects.get(slug="miyun-xianfeng")
    client.get(story.url)
    assert client.get(story.url)[HEADER] == "hit" and local_pages.entries
    cache.set(RETIRED_KEY, {page_tag(story.pk): time.time()})
    assert client.get(story.url)[HEADER] == "miss"
    assert client.get("/brands/qijiang-qibi/")[HEADER] == "miss"  # first visit
    assert client.get("/brands/qijiang-qibi/")[HEADER] == "hit"


def test_deleting_a_page_clears_the_cache(client, demo_site, django_capture_on_commit_callbacks):
    client.get("/stories/")
    assert "密云" in client.get("/stories/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        StoryPage.objects.get(slug="miyun-xianfeng").delete()
    response = client.get("/stories/")
    assert response[HEADER] == "miss"
    assert "/stories/miyun-xianfeng/" not in response.content.decode()


def test_other_models_keep_djangos_fast_delete(db):
    """A post_delete receiver without a sender makes Django load every row it deletes, of every
    model, to send the signal; ours name their senders."""
    from django.db.models.deletion import Collector

    from cms.models import PledgeLike

    assert Collector(using="default", origin=None).can_fast_delete(PledgeLike.objects.all())
