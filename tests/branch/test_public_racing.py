"""The public 赛马 pages (/racing/): organisations compared for everyone, no member named or
counted alone unless the organisation switched the ranking of individuals on."""

import datetime

import pytest
from django.db.models import Sum
from django.urls import reverse

from cms.models import Member, Organisation
from learning.models import LectureProgress, ProgressEvent
from learning.selectors import STUDY_HOUR_SECONDS

pytestmark = pytest.mark.django_db


def page(tree):
    return reverse("branch:racing-organisation", args=[tree.town.pk])


def names_in(html):
    return [name for name in Member.objects.values_list("name", flat=True) if name in html]


def cell(html, org, key):
    """The text of one figure of one child's row (data-org row, data-<key> cell)."""
    row = html.split(f'data-org="{org.pk}"', 1)[1].split("</tr>", 1)[0]
    return row.split(f"data-{key}>", 1)[1].split("<", 1)[0]


def test_the_index_lists_organisations_and_campaigns(tree, client):
    response = client.get(reverse("branch:racing"))
    html = response.content.decode()
    assert response.status_code == 200
    assert page(tree) in html and "测试镇党委" in html
    # A leaf (a party group) has nobody to compare.
    assert reverse("branch:racing-organisation", args=[tree.east_group.pk]) not in html
    assert "data-campaigns" in html  # the demo's pledge walls
    assert not names_in(html)


def test_anonymous_visitors_see_the_comparison_without_names(tree, client):
    response = client.get(page(tree))
    html = response.content.decode()
    assert response.status_code == 200
    assert "data-racing-chart" in html and "<svg" in html
    assert "东村党支部" in html and "西村党支部" in html
    assert names_in(html) == []
    assert "data-ranking-off" in html and "data-ranking-table" not in html
    assert "成员排名" in html and "本组织未开启个人排名" in html
    assert "public" in response["Cache-Control"]


def test_members_see_the_same_page_without_names(tree, signed_in):
    for member in (tree.e1, tree.west_secretary, tree.outsider):
        response = signed_in(member).get(page(tree))
        assert response.status_code == 200
        assert names_in(response.content.decode()) == []
        assert "public" not in response.get("Cache-Control", "")


def test_the_figures_match_the_database(tree, client):
    html = client.get(page(tree)).content.decode()
    for org in (tree.east, tree.west):
        members = Member.objects.filter(organisation__path__startswith=org.path)
        assert cell(html, org, "members") == str(members.count())
        seconds = ProgressEvent.objects.filter(member__in=members).aggregate(
            s=Sum("credited_seconds")
        )["s"]
        average = seconds / STUDY_HOUR_SECONDS / members.count()
        assert cell(html, org, "average") == f"{average:.1f}"
    # 东村: the town's lecture reaches 4 members, 东一 completed it; 西村: two lectures to
    # 3 members each, 西一 completed one.
    done = LectureProgress.objects.filter(completed_at__isnull=False)
    assert done.filter(member__organisation__path__startswith=tree.east.path).count() == 1
    assert cell(html, tree.east, "completion") == "25"
    assert cell(html, tree.west, "completion") == str(round(100 / 6))
    assert cell(html, tree.east, "fulfilled") == "1"
    assert cell(html, tree.west, "fulfilled") == "0"


def test_ranking_is_off_by_default(tree):
    assert Organisation._meta.get_field("rank_members_publicly").default is False
    assert not Organisation.objects.filter(rank_members_publicly=True).exists()


def test_ranking_switched_on_ranks_members_by_points_this_year(tree, client):
    client.get(page(tree))  # the figures are kept for a minute: the switch must not wait
    tree.town.rank_members_publicly = True
    tree.town.save()
    html = client.get(page(tree)).content.decode()
    assert "data-ranking-table" in html and "data-ranking-off" not in html
    # 东一 15 points, 西一 7; nobody else has points, 外人 is in another subtree.
    assert html.index("东一") < html.index("西一")
    assert sorted(names_in(html)) == ["东一", "西一"]
    east = client.get(reverse("branch:racing-organisation", args=[tree.east.pk]))
    assert names_in(east.content.decode()) == []  # 东村's own switch is off

    tree.town.rank_members_publicly = False
    tree.town.save()
    assert names_in(client.get(page(tree)).content.decode()) == []


def test_an_organisation_without_children_says_so(tree, client):
    response = client.get(reverse("branch:racing-organisation", args=[tree.east_group.pk]))
    assert response.status_code == 200
    assert "data-no-children" in response.content.decode()


def test_bad_ids_are_a_404_not_a_500(tree, client):
    for path in (
        "/racing/0/",
        "/racing/2147483647/",
        "/racing/99999999999999999999/",
        "/racing/abc/",
        "/racing/-1/",
        "/racing/３/",
    ):
        assert client.get(path).status_code == 404, path


def test_a_repeat_is_served_from_the_kept_figures(tree, client, django_assert_max_num_queries):
    first = client.get(page(tree)).content
    with django_assert_max_num_queries(4):
        again = client.get(page(tree)).content
    assert again == first


def test_the_switch_is_edited_with_the_organisation_in_the_admin(tree, client):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("racing_admin", password="pw-admin")
    client.force_login(admin)
    response = client.get(reverse("organisations:edit", args=[tree.town.pk]))
    assert response.status_code == 200
    assert 'name="rank_members_publicly"' in response.content.decode()


def test_every_page_links_to_the_comparison(tree, client):
    assert reverse("branch:racing") in client.get("/").content.decode()


def test_the_ranking_counts_this_years_points_only_and_shares_ranks_on_ties(tree):
    import datetime

    from learning.branch.comparison import members_ranked
    from learning.models import Ledger, PointsEntry, PointsReason

    tree.town.rank_members_publicly = True
    last_year = datetime.datetime(datetime.date.today().year - 1, 6, 1, tzinfo=datetime.UTC)
    PointsEntry.objects.filter(member=tree.e1, ledger=Ledger.SERVICE).update(created_at=last_year)
    PointsEntry.objects.create(
        member=tree.e3,
        ledger=Ledger.BASE,
        reason=PointsReason.QUIZ_PASSED,
        points=7,
        source_key="test:tie",
    )
    ranked = members_ranked(organisation=tree.town)
    assert [(r["rank"], r["name"], r["points"]) for r in ranked] == [
        (1, "东一", 10),
        (2, "东三", 7),
        (2, "西一", 7),
    ]
    tree.town.rank_members_publicly = False
    assert members_ranked(organisation=tree.town) == []


def test_small_sub_organisations_are_not_shown_and_the_page_says_so(tree, client):
    """东村's only child, 东村第一党小组, has one member (东二): its average hours, completion
    and pledges would be 东二's own, so the public page leaves it out and says why."""
    html = client.get(reverse("branch:racing-organisation", args=[tree.east.pk])).content.decode()
    assert f'data-org="{tree.east_group.pk}"' not in html
    assert "东村第一党小组" not in html
    assert "data-hidden-children" in html and "少于 3 名" in html
    assert "data-no-children" not in html and "data-racing-chart" not in html
    # Three members are enough (西村: 西书记, 西一, 西二), and the town's page shows both.
    town = client.get(page(tree)).content.decode()
    assert f'data-org="{tree.west.pk}"' in town and "data-hidden-children" not in town


def test_fulfilled_pledges_count_only_fulfilled_ones(tree, client):
    from cms.models import Pledge, PledgeStatus, PledgeWallPage

    wall = PledgeWallPage.objects.get(slug="qijiang-qibi")
    for status in PledgeStatus:  # one pledge of 西一's in every status
        Pledge.objects.create(
            wall=wall,
            author=tree.w1.user,
            member_name=tree.w1.name,
            organisation=tree.west,
            organisation_name=tree.west.name,
            text="为民服务",
            category="为民服务",
            due_on=datetime.date.today(),
            status=status,
        )
    html = client.get(page(tree)).content.decode()
    assert cell(html, tree.west, "fulfilled") == "1"
    assert cell(html, tree.east, "fulfilled") == "1"
