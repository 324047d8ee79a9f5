"""Demo content: one of each page type, enough to walk the site end to end.

Idempotent: running it again finds what it made before and changes nothing.
The full site built from ../shared/seeds comes with the article importer.
"""

import datetime
import io
import math
import struct
import wave

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.rich_text import RichText

from cms.demo_images import ensure_image
from cms.models import (
    BrandIndexPage, BrandPage, BrandProfileLink, BrandStoryLink, OrganisationKind,
    PledgeWallIndexPage, PledgeWallPage, ProfileIndexPage, ProfilePage, StoryIndexPage,
    StoryPage, StoryProfileLink,
)
from cms.services import ensure_child_page, ensure_home_page, ensure_organisation
from learning.models import LectureIndexPage, LecturePage, LectureSection, LectureSeriesPage

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "xianfeng-admin"  # noqa: S105 - the demo site's published login


def ensure_admin():
    User = get_user_model()
    user = User.objects.filter(username=ADMIN_USERNAME).first()
    if user is None:
        user = User.objects.create_superuser(ADMIN_USERNAME, "admin@example.cn", ADMIN_PASSWORD)
    return user


def tone_wav(seconds=30, frequency=440):
    """A quiet sine tone as a WAV file, standing in for a recorded micro-lecture."""
    rate = 8000
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        frames = (int(3000 * math.sin(2 * math.pi * frequency * i / rate))
                  for i in range(rate * seconds))
        out.writeframes(b"".join(struct.pack("<h", f) for f in frames))
    return buffer.getvalue()


def ensure_audio(title, seconds):
    Document = get_document_model()
    existing = Document.objects.filter(title=title).first()
    if existing:
        return existing
    document = Document(title=title)
    document.file.save("demo-lecture-audio.wav", ContentFile(tone_wav(seconds)), save=False)
    document.save()
    return document


def paragraphs(*texts):
    return [("paragraph", RichText(f"<p>{t}</p>")) for t in texts]


@transaction.atomic
def load_demo(log=print):
    ensure_admin()
    miyun = ensure_organisation("中共北京市密云区委员会", OrganisationKind.COMMITTEE, "北京市密云区")
    town = ensure_organisation("河南寨镇党委", OrganisationKind.COMMITTEE, "北京市密云区", miyun)
    village = ensure_organisation("套里村党支部", OrganisationKind.BRANCH, "北京市密云区", town)
    ensure_organisation("套里村第一党小组", OrganisationKind.GROUP, "北京市密云区", village)
    jiaxing = ensure_organisation("中共嘉兴市委员会", OrganisationKind.COMMITTEE, "浙江省嘉兴市")
    haiyan = ensure_organisation("通元镇党委", OrganisationKind.COMMITTEE, "浙江省嘉兴市海盐县",
                                 jiaxing)
    xueshuigang = ensure_organisation("雪水港村党总支", OrganisationKind.GENERAL_BRANCH,
                                      "浙江省嘉兴市海盐县", haiyan)

    home, _ = ensure_home_page(
        "先锋",
        intro=RichText("<p>讲述身边的先锋故事，展示基层党建品牌，随时随地学党课、践承诺。</p>"),
        figures=[("figure", {"value": "4.2万", "unit": "名党员", "label": "亮身份"}),
                 ("figure", {"value": "47万", "unit": "余名群众", "label": "联系服务"})],
    )
    stories, _ = ensure_child_page(home, StoryIndexPage, "stories", title="先锋故事",
                                   show_in_menus=True)
    profiles, _ = ensure_child_page(home, ProfileIndexPage, "people", title="先锋人物",
                                    show_in_menus=True)
    brands, _ = ensure_child_page(home, BrandIndexPage, "brands", title="党建品牌",
                                  show_in_menus=True)
    lectures, _ = ensure_child_page(home, LectureIndexPage, "lectures", title="网上大讲堂",
                                    show_in_menus=True)
    walls, _ = ensure_child_page(home, PledgeWallIndexPage, "pledges", title="承诺墙",
                                 show_in_menus=True)

    he, _ = ensure_child_page(
        profiles, ProfilePage, "he-xiuling", title="何秀玲",
        role="套里村党支部书记", organisation=village, region="北京市密云区",
        photo=ensure_image("何秀玲（示意头像）", "何", size=(480, 480),
                           background=(140, 13, 23)),
        bio="河南寨镇套里村党支部书记，远近闻名的农业种植“土专家”，"
            "在“1+10”机制中就近联系服务10名村民。",
        honours=[("honour", {"title": "优秀共产党员", "conferred_by": "中共北京市密云区委员会",
                             "conferred_on": datetime.date(2021, 6, 28)})],
        deeds=paragraphs("她把育苗大棚里的种植经验一点一点教给村民，帮助大家管好病虫害。"),
    )
    story, _ = ensure_child_page(
        stories, StoryPage, "miyun-xianfeng", title="北京密云打造“密云先锋”特色党建品牌",
        date=datetime.date(2021, 7, 5), source="人民日报", byline="本报记者 王可心 通讯员 钱蕾",
        organisation=miyun,
        summary="4.2万名党员亮身份、当先锋、办实事、做示范，密切联系服务47万余名群众。",
        cover_image=ensure_image("密云先锋（示意封面）", "密云先锋"),
        body=[("figure", {"value": "4.2万", "unit": "名党员", "label": "亮身份、当先锋"})]
        + paragraphs(
            "一名先锋一盏灯，一枚党徽一面旗。今年3月以来，密云区深入开展“密云先锋”行动，"
            "六大先锋行动随之展开。",
            "在“密云先锋”行动中，密云创新建立“1+10”党员联系群众机制，每名党员就近就便"
            "联系服务10名左右群众，打通基层治理“末梢循环”。")
        + [("quote", {"text": "都是何书记一点一点教我，才有了现在的好收成。",
                      "speaker": "套里村村民"})],
        profile_links=[StoryProfileLink(profile=he)],
    )
    ensure_child_page(
        brands, BrandPage, "miyun-xianfeng", title="密云先锋", organisation=miyun,
        logo=ensure_image("密云先锋（标志）", "先锋", size=(480, 480)),
        slogan="一名先锋一盏灯，一枚党徽一面旗", launched_on=datetime.date(2021, 3, 1),
        meaning=RichText("<p>党员亮身份、当先锋、办实事、做示范，用“最小单元”凝聚起“最强力量”。</p>"),
        vehicle=[("action", {"title": "“1+10”党员联系群众机制",
                             "description": "每名党员就近就便联系服务10名左右群众。"}),
                 ("action", {"title": "六大先锋行动",
                             "description": "保水、防疫、创城、乡村振兴等一线先锋行动。"})],
        impact=[("figure", {"value": "4.2万", "unit": "名党员", "label": "亮身份"}),
                ("figure", {"value": "47万", "unit": "余名群众", "label": "联系服务"})],
        profile_links=[BrandProfileLink(profile=he)],
        story_links=[BrandStoryLink(story=story)],
    )
    series, _ = ensure_child_page(
        lectures, LectureSeriesPage, "nanhu-chuxin", title="南湖·初心讲堂",
        organisation=jiaxing,
        intro=RichText("<p>嘉兴创设的党课品牌，线上线下同步开讲。</p>"),
    )
    ensure_child_page(
        series, LecturePage, "red-boat-spirit", title="红船精神的时代内涵",
        speaker="嘉兴市委党校讲师", organisation=jiaxing, points=10,
        summary="从南湖红船出发，理解“七讲七比、争先攀高”行动的来龙去脉。",
        sections=[
            LectureSection(title="导学：红船起航", kind="reading", min_reading_seconds=60,
                           body="<p>100年前，中国共产党从“南湖红船”开启新征程。</p>"),
            LectureSection(title="微党课音频", kind="audio", duration_seconds=30,
                           media_file=ensure_audio("红船精神微党课（示例音频）", 30)),
            LectureSection(title="七讲七比", kind="reading", min_reading_seconds=90,
                           body="<p>讲政治、比忠诚；讲担当、比作为……党员作出先锋承诺，"
                                "接受群众监督。</p>"),
        ],
    )
    ensure_child_page(
        walls, PledgeWallPage, "qijiang-qibi", title="“七讲七比”先锋承诺墙",
        organisation=xueshuigang,
        intro=RichText("<p>党员亮出承诺、接受监督：承诺 → 示诺 → 践诺 → 评诺。</p>"),
        opens_on=datetime.date(2021, 9, 1), categories="为民服务\n岗位建功\n乡村振兴",
    )
    log(f"Demo content ready: {StoryPage.objects.count()} stories, "
        f"{ProfilePage.objects.count()} profiles, {BrandPage.objects.count()} brands.")
    return home
