"""Listing queries compiled once per process (cms.query_plans): the same objects as the
plain queryset, always fresh rows, and a key that misses an input caught in tests."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms import query_plans
from cms.models import BrandPage, HomePage, StoryIndexPage, StoryPage
from cms.query_plans import planned
from cms.selectors import home_sections, live_pages
from cms.services import ensure_child_page

pytestmark = pytest.mark.django_db


def field_values(objects):
    """Every loaded field of each object, and of the related rows select_related brought."""
    rows = []
    for obj in objects:
        row = {key: value for key, value in obj.__dict__.items() if not key.startswith("_")}
        for name, related in obj._state.fields_cache.items():
            row[f"related:{name}"] = related and field_values([related])[0]
        rows.append((type(obj), row))
    return rows


@pytest.mark.parametrize("model", [StoryPage, BrandPage])
def test_a_plan_gives_the_same_objects_as_the_queryset(demo_site, model):
    def build():
        return live_pages(model, cards=True).order_by("pk")

    first, again, plain = planned(("t", model), build), planned(("t", model), build), list(build())
    assert plain, "the demo has pages of this type"
    assert field_values(first) == field_values(again) == field_values(plain)
    assert [obj._state.adding for obj in again] == [False] * len(plain)
    assert {obj._state.db for obj in again} == {"default"}


def test_related_rows_come_with_the_plan_without_another_query(demo_site):
    def build():
        return BrandPage.objects.select_related("organisation").exclude(organisation=None)

    planned(("brands with organisations",), build)
    with CaptureQueriesContext(connection) as queries:
        brands = planned(("brands with organisations",), build)
        names = [brand.organisation.name for brand in brands]
    assert len(queries) == 1
    assert names and all(names)


def test_rows_are_read_fresh_on_every_call(demo_site):
    index = StoryIndexPage.objects.get()

    def build():
        return live_pages(StoryPage, cards=True).order_by("-pk")

    before = planned(("stories",), build)
    story, _created = ensure_child_page(
        index, StoryPage, slug="plan-fresh", title="计划之后发布的故事", date="2026-11-30"
    )
    after = planned(("stories",), build)
    assert story.pk not in [page.pk for page in before]
    assert [page.pk for page in after][0] == story.pk


def test_the_home_sections_with_plans_match_them_without(demo_site, monkeypatch):
    home = HomePage.objects.get()
    home_sections(home)  # makes the plans
    with_plans = home_sections(home)
    monkeypatch.setattr("cms.selectors.planned", lambda key, build: list(build()))
    without = home_sections(home)
    assert with_plans.keys() == without.keys()
    for name in with_plans:
        if name == "indexes":
            assert with_plans[name] == without[name]
        else:
            assert field_values(with_plans[name]) == field_values(without[name]), name


def test_a_key_that_misses_an_input_fails_under_the_check(demo_site, settings):
    settings.QUERY_PLANS_CHECK = True
    slugs = iter(["miyun-xianfeng", "another"])
    planned(("by slug",), lambda: StoryPage.objects.filter(slug=next(slugs)))
    with pytest.raises(AssertionError, match="does not name every input"):
        planned(("by slug",), lambda: StoryPage.objects.filter(slug=next(slugs)))


def test_querysets_a_plan_cannot_describe_run_the_plain_way(demo_site):
    assert planned(("nothing",), lambda: StoryPage.objects.filter(pk__in=[])) == []
    assert ("nothing",) not in query_plans._plans
    titles = planned(("prefetch",), lambda: StoryPage.objects.prefetch_related("tags"))
    assert titles and ("prefetch",) not in query_plans._plans


def test_plans_are_bounded(demo_site, monkeypatch):
    monkeypatch.setattr(query_plans, "MAX_PLANS", 3)
    for pk in range(6):
        planned(("one", pk), lambda pk=pk: StoryPage.objects.filter(pk=pk))
    assert list(query_plans._plans) == [("one", 3), ("one", 4), ("one", 5)]


def test_values_list_rows_come_as_the_same_tuples(demo_site):
    def build():
        return StoryPage.objects.order_by("pk").values_list("pk", "date", "organisation__path")

    planned(("story tuples",), build)
    rows = planned(("story tuples",), build)
    assert rows == list(build()) and rows
    assert all(isinstance(row, tuple) for row in rows)


def test_a_story_shows_its_saved_tags_and_a_preview_its_unsaved_ones(client, demo_site, settings):
    from django.test import RequestFactory

    settings.PAGE_CACHE_ENABLED = False
    settings.CONTENT_CACHE_ENABLED = False
    story = StoryPage.objects.get(slug="miyun-xianfeng")
    story.tags.set(["乡村振兴", "党员先锋"])
    story.save_revision().publish()
    html = client.get(story.url).content.decode()
    tags = html.split('<p class="tags">', 1)[1].split("</p>", 1)[0]
    shown = [chip.split("</span>")[0] for chip in tags.split('<span class="chip">')[1:]]
    assert shown == sorted(["乡村振兴", "党员先锋"])  # by name
    story.tags.set(["未保存的标签"])  # an editor's unsaved change, as a preview renders it
    request = RequestFactory().get(story.url)
    request.is_preview = True
    assert [tag.name for tag in story.get_context(request)["tags"]] == ["未保存的标签"]
    assert "未保存的标签" not in client.get(story.url).content.decode()
