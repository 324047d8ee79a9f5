"""Share cards: drawn with a real CJK font by Pillow, cached until the pledge changes."""

import io

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageStat

from cms.models import Pledge
from cms.pledges import services, share_card
from cms.pledges.tasks import make_share_card

pytestmark = pytest.mark.django_db
LONG = (
    "我承诺立足岗位、发挥先锋模范带头作用，用严谨的态度做好技术研究，"
    "带领团队完成生猪养殖关键技术攻关，每季度为养殖户开展一次免费培训，"
    "帮助周边二十户农户提高养殖效益；同时坚持每月参加一次社区志愿服务，"
    "认真学习党的创新理论，把学习成果转化为推动高质量发展的实际行动。"
    "<script>alert('card')</script> ABCdef 2025 " * 2
)[:300]


@pytest.fixture
def public_pledge(wall, member, editor, due):
    pledge = services.post_pledge(
        wall=wall, user=member, text=LONG, category="岗位建功", due_on=due
    )
    services.moderate(pledge=pledge, editor=editor, approve=True)
    return Pledge.objects.get(pk=pledge.pk)


def dark_fraction(image, box):
    region = image.crop(box).convert("L")
    histogram = region.histogram()
    return sum(histogram[:100]) / (region.width * region.height)


def test_long_pledge_card_is_legible(public_pledge, artifacts_dir):
    name = make_share_card.call(public_pledge.pk)
    public_pledge.refresh_from_db()
    assert name and public_pledge.share_card.name == name
    data = public_pledge.share_card.read()
    (artifacts_dir / "pledge-share-card-long.png").write_bytes(data)
    image = Image.open(io.BytesIO(data)).convert("RGB")
    assert image.size == (1080, 1440)
    text_box = (
        share_card.MARGIN,
        share_card.TEXT_TOP,
        share_card.WIDTH - share_card.MARGIN,
        share_card.TEXT_BOTTOM,
    )
    # Text was drawn: a good share of dark ink in the text box, spread over many lines.
    assert 0.04 < dark_fraction(image, text_box) < 0.5
    inked_rows = [
        y
        for y in range(share_card.TEXT_TOP, share_card.TEXT_BOTTOM, 4)
        if dark_fraction(image, (share_card.MARGIN, y, 1000, y + 4)) > 0.01
    ]
    assert len(inked_rows) > 60
    # Nothing runs into the right margin (the wrapping measured the glyphs).
    assert (
        dark_fraction(
            image,
            (
                share_card.WIDTH - share_card.MARGIN + 6,
                share_card.TEXT_TOP,
                share_card.WIDTH,
                share_card.TEXT_BOTTOM,
            ),
        )
        == 0
    )
    # The header band is party red with the wall name written on it.
    header = ImageStat.Stat(image.crop((0, 0, 1080, 230))).mean
    assert header[0] > 140 and header[1] < 60
    # The QR code: black and white modules bottom right.
    qr = image.crop((1080 - 80 - 300, 1080, 1000, 1380)).convert("L")
    black = sum(qr.histogram()[:60]) / (300 * 300)
    assert 0.3 < black < 0.7


def test_markup_is_drawn_as_plain_characters():
    face = share_card.font(share_card.REGULAR, 40)
    text = "我承诺<b>认真</b><script>alert(1)</script>"
    assert "".join(share_card.wrap(text, face, 300)) == text


def test_wrapping_keeps_latin_words_whole_and_lines_narrow():
    face = share_card.font(share_card.REGULAR, 40)
    lines = share_card.wrap("党员先锋岗 technology 研究院院长助理带头攻关，完成任务。", face, 360)
    assert all(face.getlength(line) <= 360 * 1.05 for line in lines)
    assert any("technology" in line for line in lines)
    assert not any(line.startswith(("，", "。")) for line in lines)


def test_the_font_comes_with_the_install_not_the_system():
    """A fresh machine has no CJK font: the face is the packaged Noto Sans SC, and it has real
    glyphs for Chinese (not the empty box drawn for characters a font lacks)."""
    from xianfeng import fonts

    assert "site-packages" in fonts.cjk_font_path() and "/usr/share" not in fonts.cjk_font_path()
    face = share_card.font(share_card.REGULAR, 40)
    assert face.getname()[0] == "Noto Sans SC"
    boxes = {face.getmask(char).getbbox() for char in "先锋党员承诺"}
    assert len(boxes) > 3  # distinct glyphs, not one repeated .notdef box
    assert share_card.font(share_card.BOLD, 40).getlength("先锋") == face.getlength("先锋")


def test_card_is_cached_until_the_pledge_changes(public_pledge, member):
    first = make_share_card.call(public_pledge.pk)
    storage = Pledge._meta.get_field("share_card").storage
    mtime = storage.get_modified_time(first)
    assert make_share_card.call(public_pledge.pk) == first
    assert storage.get_modified_time(first) == mtime
    services.report_outcome(pledge=public_pledge, user=member, fulfilled=True)
    second = make_share_card.call(public_pledge.pk)
    assert second != first and storage.exists(second) and not storage.exists(first)


def test_card_url_serves_the_png(client, public_pledge, wall):
    response = client.get(wall.url + f"pledges/{public_pledge.pk}/card/")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).size == (1080, 1440)


def test_no_card_for_a_pledge_that_is_not_public(client, wall, member, due):
    pledge = services.post_pledge(
        wall=wall, user=member, text=LONG[:50], category="岗位建功", due_on=due
    )
    assert client.get(wall.url + f"pledges/{pledge.pk}/card/").status_code == 404
    assert make_share_card.call(pledge.pk) == ""


def test_visitors_asking_for_a_card_being_drawn_queue_it_once(
    client, public_pledge, wall, settings
):
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    Pledge.objects.filter(pk=public_pledge.pk).update(share_card="", share_card_key="")
    url = wall.url + f"pledges/{public_pledge.pk}/card/"
    for _ in range(3):
        response = client.get(url)
        assert response.status_code == 202 and "几秒" in response.content.decode()
    assert len(default_task_backend.results) == 1


def line_image(text, size=64, draw=None):
    """One line of text drawn as the card draws it, on a white strip."""
    image = Image.new("L", (900, int(size * 1.6)), 255)
    face = share_card.font(share_card.REGULAR, size)
    if draw is None:
        share_card.draw_line(ImageDraw.Draw(image), (0, 0), text, face, 0)
    else:
        draw(ImageDraw.Draw(image), text, face)
    return image


def cell(image, left, right):
    return image.crop((int(left), 0, int(right), image.height))


def inked(image):
    return image.getbbox() is not None and ImageChops.invert(image).getbbox() is not None


def test_emoji_are_drawn_in_the_fallback_font_not_as_empty_boxes():
    face = share_card.font(share_card.REGULAR, 64)
    assert [(chosen is face, run) for chosen, run in share_card.runs("我😀🎉a", face)] == [
        (True, "我"),
        (False, "😀🎉"),
        (True, "a"),
    ]
    start = face.getlength("我承诺")
    width = share_card.text_length("😀", face)
    drawn = line_image("我承诺😀🎉认真")
    # What the CJK face alone draws for them: its .notdef box, the same for both.
    boxes = line_image("我承诺😀🎉认真", draw=lambda d, t, f: d.text((0, 0), t, font=f, fill=0))
    smile, party = cell(drawn, start, start + width), cell(drawn, start + width, start + 2 * width)
    assert inked(smile) and inked(party)
    assert ImageChops.difference(smile, party).getbbox() is not None  # two distinct glyphs
    end = start + max(width, face.getlength("😀"))
    assert (
        ImageChops.difference(cell(drawn, start, end), cell(boxes, start, end)).getbbox()
        is not None
    )  # no box
    # The Chinese around them is drawn by the CJK face, as before.
    assert ImageChops.difference(cell(drawn, 0, start), cell(boxes, 0, start)).getbbox() is None


def test_a_card_draws_each_emoji_and_never_reverses_text(wall):
    def card(text):
        data = share_card.draw_card(
            wall_title="先锋承诺墙",
            text=text,
            member="张三",
            organisation="雪水港村党总支",
            date_text="2026-01-01",
            status_text="",
            url="https://example.cn/p/1",
            labels={"pledge": "我的承诺", "scan": "扫码查看"},
        )
        return Image.open(io.BytesIO(data)).convert("L")

    text = "我承诺😀🎉认真做好本职工作。"
    first = card(text).crop(
        (share_card.MARGIN, share_card.TEXT_TOP, 1000, share_card.TEXT_TOP + 100)
    )
    other = card(text.replace("🎉", "😀")).crop(
        (share_card.MARGIN, share_card.TEXT_TOP, 1000, share_card.TEXT_TOP + 100)
    )
    # With empty boxes both texts would draw the same picture.
    assert ImageChops.difference(first, other).getbbox() is not None
    text_box = (share_card.MARGIN, share_card.TEXT_TOP, 1000, share_card.TEXT_BOTTOM)
    plain = card("我承诺认真做好本职工作 abc。").crop(text_box)
    tricked = card("我承诺\u202e认真做好本职工作 abc\u202c。").crop(text_box)
    assert ImageChops.difference(plain, tricked).getbbox() is None


def test_bidi_overrides_do_not_reverse_the_text():
    plain = line_image("我承诺认真学习 abc 2026")
    for trick in (
        "我承诺\u202e认真学习 abc 2026",
        "\u2067我承诺认真学习\u2069 abc\u200f 2026",
        "我承诺\u202b认真学习 abc\u202c 2026",
    ):
        assert ImageChops.difference(line_image(trick), plain).getbbox() is None, trick
    lines = share_card.wrap("我承诺\u202e认真学习", share_card.font(share_card.REGULAR, 40), 800)
    assert lines == ["我承诺认真学习"]


def test_characters_no_face_has_are_left_out_not_boxed():
    face = share_card.font(share_card.REGULAR, 64)
    assert "".join(run for _, run in share_card.runs("我\U000f0000\U0001d11e们", face)) in (
        "我们",
        "我\U0001d11e们",
    )  # a private-use character never draws as a box
    assert ImageChops.difference(line_image("我\U000f0000们"), line_image("我们")).getbbox() is None
