import pytest
from django.test import RequestFactory  # sign-in throttling needs the request

from cms.models import Pledge
from cms.pledges.demo import DEMO_PASSWORD, load_demo_pledges

pytestmark = pytest.mark.django_db


def test_demo_pledges_are_public_and_loading_twice_changes_nothing(demo_site, client):
    made = load_demo_pledges(log=lambda message: None)
    assert len(made) == 3 and Pledge.objects.count() == 3
    load_demo_pledges(log=lambda message: None)
    assert Pledge.objects.count() == 3
    han = Pledge.objects.get(member_name="韩祝君")
    assert han.text == "我要发挥先锋模范带头作用，用严谨的态度做好技术研究！"
    assert han.organisation.region == "浙江省嘉兴市海盐县"
    html = client.get(han.wall.url).content.decode()
    assert "韩祝君" in html and "已践诺" in html
    assert client.login(
        request=RequestFactory().post("/"), username="han-zhujun", password=DEMO_PASSWORD
    )
