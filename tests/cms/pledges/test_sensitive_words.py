"""The sensitive-word screen cannot be slipped past with look-alike or invisible characters,
and what members write is stored without invisible or bidi characters."""

import pytest
from django.core.exceptions import ValidationError

from cms.models import Member, PledgeStatus, SensitiveWord
from cms.pledges import services
from cms.pledges.screening import find_sensitive_words

pytestmark = pytest.mark.django_db

DISGUISES = {
    "Traditional characters": "我承诺远离賭博，做好本职工作。",
    "zero-width space": "我承诺远离赌\u200b博，做好本职工作。",
    "zero-width joiner and BOM": "我承诺远离赌\u200d\ufeff博，做好本职工作。",
    "word joiner": "我承诺远离赌\u2060博，做好本职工作。",
    "soft hyphen": "我承诺远离赌\u00ad博，做好本职工作。",
    "bidi override": "我承诺远离赌\u202e博\u202c，做好本职工作。",
    "Hangul filler": "我承诺远离赌\u3164博，做好本职工作。",
    "emoji between": "我承诺远离赌🎲博，做好本职工作。",
    "spaces and punctuation": "我承诺远离 赌 · 博 ，做好本职工作。",
    "full-width ideographic space": "我承诺远离赌\u3000博，做好本职工作。",
}


@pytest.fixture
def words(wall):
    SensitiveWord.objects.create(word="赌博")
    SensitiveWord.objects.create(word="casino")


@pytest.mark.parametrize("text", DISGUISES.values(), ids=DISGUISES.keys())
def test_disguised_words_are_found(words, text):
    assert find_sensitive_words(text) == ["赌博"]


@pytest.mark.parametrize("text", ["ＣＡＳＩＮＯ之夜", "Ca\u200bSi\u00adNo", "c a s i n o"])
def test_full_width_and_upper_case_latin_is_found(words, text):
    assert find_sensitive_words(text) == ["casino"]


def test_a_word_entered_in_traditional_finds_simplified_text(wall):
    SensitiveWord.objects.create(word="賭博")
    assert find_sensitive_words("我承诺远离赌博") == ["賭博"]


def test_clean_text_is_not_flagged(words):
    assert find_sensitive_words("我承诺每月走访十户困难群众，帮助解决实际困难。") == []


def test_a_disguised_pledge_waits_for_review(words, wall, member, due):
    wall.moderation_mode = "after"
    wall.save()
    pledge = services.post_pledge(
        wall=wall,
        user=member,
        text=DISGUISES["Traditional characters"],
        category="为民服务",
        due_on=due,
    )
    assert pledge.status == PledgeStatus.SUBMITTED and pledge.flagged_words == "赌博"
    # What is stored keeps the member's own script: matching uses the normal form only.
    assert "賭博" in pledge.text


@pytest.mark.parametrize("field", ["progress", "outcome"])
def test_disguised_progress_and_outcome_notes_are_refused(words, wall, member, editor, due, field):
    pledge = services.post_pledge(
        wall=wall, user=member, text="我承诺每月走访十户困难群众。", category="为民服务", due_on=due
    )
    services.moderate(pledge=pledge, editor=editor, approve=True)
    with pytest.raises(ValidationError) as error:
        if field == "progress":
            services.add_progress(pledge=pledge, user=member, text="今天去了赌\u200b博场所")
        else:
            services.report_outcome(
                pledge=pledge, user=member, fulfilled=False, note="没做到，因为賭博"
            )
    assert "赌博" in str(error.value)


def test_invisible_and_bidi_characters_are_removed_before_storing(wall, member, editor, due):
    Member.objects.filter(user=member).update(name="张\u202e三\u200b")
    text = "\u2066我承诺\u202e每月走访\u200b十户\u00ad困难群众\u061c。\u2069\u200e"
    pledge = services.post_pledge(
        wall=wall, user=member, text=text, category="为民服务", due_on=due
    )
    pledge.refresh_from_db()
    assert pledge.text == "我承诺每月走访十户困难群众。"
    assert pledge.member_name == "张三"
    services.moderate(pledge=pledge, editor=editor, approve=True)
    update = services.add_progress(pledge=pledge, user=member, text="已走访\u202d三户\u202c")
    assert update.text == "已走访三户"
    services.report_outcome(pledge=pledge, user=member, fulfilled=True, note="完成\u2067了\u2069")
    pledge.refresh_from_db()
    assert pledge.outcome_note == "完成了"


def test_text_of_only_invisible_characters_is_refused(wall, member, editor, due):
    with pytest.raises(ValidationError) as error:
        services.post_pledge(
            wall=wall,
            user=member,
            text="\u200b" * 20 + "\u202e" * 5,
            category="为民服务",
            due_on=due,
        )
    assert "text" in error.value.message_dict
