"""The printable contact card, and the public contact form it leads to: no account, rate
limited, Chinese errors, delivered to the member's inbox."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def card_token(client, member):
    from learning.residents.models import ContactCard

    client.force_login(member.user)
    page = client.get("/residents/card/")
    assert page.status_code == 200
    body = page.content.decode()
    assert member.name in body and member.organisation.name in body and "<svg" in body
    token = ContactCard.objects.get(member=member).token
    assert f"/contact/{token}/" in body
    # A random token, not the member's id (a short id may appear in it by chance).
    assert len(token) >= 16 and token != str(member.pk) and not token.isdigit()
    client.logout()
    return token


def test_message_reaches_the_members_inbox(client, roster):
    from learning.models import InboxMessage, MessageKind

    e1 = roster.tree.e1
    token = card_token(client, e1)
    form = client.get(f"/contact/{token}/")
    assert form.status_code == 200 and e1.name in form.content.decode()
    sent = client.post(
        f"/contact/{token}/",
        {"name": "楼下李阿姨", "reply_to": "13500001111", "message": "楼道灯坏了，麻烦帮忙报修。"},
    )
    assert sent.status_code == 200 and "data-sent" in sent.content.decode()
    message = InboxMessage.objects.get(member=e1)
    assert message.kind == MessageKind.RESIDENT
    assert "楼道灯坏了" in message.body and "13500001111" in message.body


@pytest.mark.parametrize(
    "data, message",
    [
        ({"name": "", "message": "楼道灯坏了"}, "请填写您的称呼"),
        ({"name": "李", "message": "短"}, "至少 5 个字"),
        ({"name": "李", "message": "x" * 501}, "500"),
        ({"name": "李", "message": "楼道灯坏了", "reply_to": "call me"}, "数字"),
    ],
)
def test_bad_input_is_a_chinese_error(client, roster, data, message):
    token = card_token(client, roster.tree.e1)
    response = client.post(f"/contact/{token}/", data)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_unknown_or_renewed_token_is_404(client, roster):
    e1 = roster.tree.e1
    token = card_token(client, e1)
    assert client.get("/contact/not-a-token/").status_code == 404
    client.force_login(e1.user)
    assert client.post("/residents/card/renew/").status_code == 302
    client.logout()
    assert client.get(f"/contact/{token}/").status_code == 404


@override_settings(
    RATE_LIMITS={
        **__import__("django.conf").conf.settings.RATE_LIMITS,
        "resident_message": "2/hour",
    }
)
def test_contact_form_is_rate_limited(client, roster):
    token = card_token(client, roster.tree.e1)
    data = {"name": "李阿姨", "message": "楼道灯坏了，麻烦帮忙报修。"}
    assert client.post(f"/contact/{token}/", data).status_code == 200
    assert client.post(f"/contact/{token}/", data).status_code == 200
    refused = client.post(f"/contact/{token}/", data)
    assert refused.status_code == 429 and "Retry-After" in refused
    assert "太频繁" in refused.content.decode() or "稍后" in refused.content.decode()
    # Reading the form is not a write.
    assert client.get(f"/contact/{token}/").status_code == 200


def test_secretary_prints_the_subtrees_cards(client, roster):
    from learning.residents.models import ContactCard

    tree = roster.tree
    client.force_login(tree.east_secretary.user)
    page = client.get(f"/branch/residents/cards/?org={tree.east.pk}")
    assert page.status_code == 200
    body = page.content.decode()
    for member in (tree.east_secretary, tree.e1, tree.e2, tree.e3):
        assert member.name in body
        assert f"/contact/{ContactCard.objects.get(member=member).token}/" in body
    assert tree.w1.name not in body
    assert body.count("data-contact-card") == 4
    assert client.get(f"/branch/residents/cards/?org={tree.west.pk}").status_code == 404
    client.force_login(tree.e1.user)
    assert client.get("/branch/residents/cards/").status_code == 403
