"""Listings (stories, profiles, brands) with crafted ?page=, ?org= and ?region=: the listing,
never a 500 (cms.models.base.ListingPage, cms.selectors.listing_filters)."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "params",
    [
        {"page": "²"},  # isdigit() but int() fails
        {"org": "²"},
        {"org": "9" * 30},  # past the id column
        {"region": "北京\x00"},  # PostgreSQL refuses NUL in a query
        {"page": "５", "org": "３"},  # full-width digits: not an id, not a page
    ],
)
def test_a_listing_with_crafted_filters_still_answers(demo_site, params):
    from cms.models import StoryIndexPage

    listing = StoryIndexPage.objects.live().first()
    response = Client().get(listing.url, params)
    assert response.status_code == 200
    assert listing.title in response.content.decode()
