"""Demo content: one of each page type, enough to walk the site end to end, plus the party
organisations and brand showcases the seed articles describe.

`load_demo(seeds=True)` (what `manage.py load_demo` does) also imports the project's own
articles (`cms.demo_articles`, one in Traditional script) with the article importer, publishes
the imported stories and their people, links them to the brands and adds a second lecture built
from their texts. Nothing is read from outside the repository: the news articles in
../shared/seeds are test input only (`seeds_dir=` imports a folder instead, for tests). The default
(`seeds=False`, used by the page tests) keeps exactly one live story, one live profile and one
lecture, which those tests count on.

Idempotent: running it again finds what it made before and changes nothing.

Apps built on cms add their own demo content and logins through Wagtail hooks
(`xf_load_demo(site: DemoSite)` and `xf_demo_logins()`): learning adds the lecture hall, its
lectures, the demo member and the quiz. cms never imports them.
"""

import datetime
import io
import math
import struct
import wave
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.rich_text import RichText

from cms.demo_images import ensure_image
from cms.models import (
    BrandIndexPage,
    BrandPage,
    BrandProfileLink,
    BrandStoryLink,
    HomePage,
    Organisation,
    OrganisationKind,
    PledgeWallIndexPage,
    PledgeWallPage,
    ProfileIndexPage,
    ProfilePage,
    StoryIndexPage,
    StoryPage,
    StoryProfileLink,
)
from cms.pledges.demo import load_demo_pledges
from cms.services import ensure_child_page, ensure_home_page, ensure_organisation
from xianfeng.links import site_host_and_port

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "xianfeng-admin"  # noqa: S105 - the demo site's published login


@dataclass
class DemoSite:
    """What the demo hooks of the apps built on cms get to add their content to."""

    home: HomePage
    organisations: dict[str, Organisation]  # by key: "miyun", "jiaxing", "village", ...
    admin: object
    seeds_loaded: bool  # the seed articles are imported (passages to quote)
    log: Callable[[str], None]


def demo_logins():
    """(label, path, username, password) of each demo login: the admin's, then the apps'."""
    logins = [("Admin login", "/admin/", ADMIN_USERNAME, ADMIN_PASSWORD)]
    for fn in hooks.get_hooks("xf_demo_logins"):
        logins.extend(fn())
    return logins


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
        frames = (
            int(3000 * math.sin(2 * math.pi * frequency * i / rate)) for i in range(rate * seconds)
        )
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
def load_demo(log=print, *, seeds=False, seeds_dir=None):
    admin = ensure_admin()
    miyun = ensure_organisation(
        "中共北京市密云区委员会", OrganisationKind.COMMITTEE, "北京市密云区"
    )
    town = ensure_organisation("河南寨镇党委", OrganisationKind.COMMITTEE, "北京市密云区", miyun)
    village = ensure_organisation("套里村党支部", OrganisationKind.BRANCH, "北京市密云区", town)
    ensure_organisation("套里村第一党小组", OrganisationKind.GROUP, "北京市密云区", village)
    jiaxing = ensure_organisation("中共嘉兴市委员会", OrganisationKind.COMMITTEE, "浙江省嘉兴市")
    haiyan = ensure_organisation(
        "通元镇党委", OrganisationKind.COMMITTEE, "浙江省嘉兴市海盐县", jiaxing
    )
    xueshuigang = ensure_organisation(
        "雪水港村党总支", OrganisationKind.GENERAL_BRANCH, "浙江省嘉兴市海盐县", haiyan
    )

    home, _ = ensure_home_page(
        "先锋",
        intro=RichText("<p>讲述身边的先锋故事，展示基层党建品牌，随时随地学党课、践承诺。</p>"),
        figures=[
            ("figure", {"value": "4.2万", "unit": "名党员", "label": "亮身份"}),
            ("figure", {"value": "47万", "unit": "余名群众", "label": "联系服务"}),
        ],
    )
    _site_at_configured_address()
    stories, _ = ensure_child_page(
        home, StoryIndexPage, "stories", title="先锋故事", show_in_menus=True
    )
    profiles, _ = ensure_child_page(
        home, ProfileIndexPage, "people", title="先锋人物", show_in_menus=True
    )
    brands, _ = ensure_child_page(
        home, BrandIndexPage, "brands", title="党建品牌", show_in_menus=True
    )
    walls, _ = ensure_child_page(
        home, PledgeWallIndexPage, "pledges", title="承诺墙", show_in_menus=True
    )

    he, _ = ensure_child_page(
        profiles,
        ProfilePage,
        "he-xiuling",
        title="何秀玲",
        role="套里村党支部书记",
        organisation=village,
        region="北京市密云区",
        photo=ensure_image("何秀玲（示意头像）", "何", size=(480, 480), background=(140, 13, 23)),
        bio="河南寨镇套里村党支部书记，远近闻名的农业种植“土专家”，"
        "在“1+10”机制中就近联系服务10名村民。",
        honours=[
            (
                "honour",
                {
                    "title": "优秀共产党员",
                    "conferred_by": "中共北京市密云区委员会",
                    "conferred_on": datetime.date(2021, 6, 28),
                },
            )
        ],
        deeds=paragraphs("她把育苗大棚里的种植经验一点一点教给村民，帮助大家管好病虫害。"),
    )
    story, _ = ensure_child_page(
        stories,
        StoryPage,
        "miyun-xianfeng",
        title="北京密云打造“密云先锋”特色党建品牌",
        date=datetime.date(2021, 7, 5),
        source="人民日报",
        byline="本报记者 王可心 通讯员 钱蕾",
        organisation=miyun,
        summary="4.2万名党员亮身份、当先锋、办实事、做示范，密切联系服务47万余名群众。",
        cover_image=ensure_image("密云先锋（示意封面）", "密云先锋"),
        body=[("figure", {"value": "4.2万", "unit": "名党员", "label": "亮身份、当先锋"})]
        + paragraphs(
            "一名先锋一盏灯，一枚党徽一面旗。今年3月以来，密云区深入开展“密云先锋”行动，"
            "六大先锋行动随之展开。",
            "在“密云先锋”行动中，密云创新建立“1+10”党员联系群众机制，每名党员就近就便"
            "联系服务10名左右群众，打通基层治理“末梢循环”。",
        )
        + [
            (
                "quote",
                {"text": "都是何书记一点一点教我，才有了现在的好收成。", "speaker": "套里村村民"},
            )
        ],
        profile_links=[StoryProfileLink(profile=he)],
    )
    ensure_child_page(
        brands,
        BrandPage,
        "miyun-xianfeng",
        title="密云先锋",
        organisation=miyun,
        logo=ensure_image("密云先锋（标志）", "先锋", size=(480, 480)),
        slogan="一名先锋一盏灯，一枚党徽一面旗",
        launched_on=datetime.date(2021, 3, 1),
        meaning=RichText(
            "<p>党员亮身份、当先锋、办实事、做示范，用“最小单元”凝聚起“最强力量”。</p>"
        ),
        vehicle=[
            (
                "action",
                {
                    "title": "“1+10”党员联系群众机制",
                    "description": "每名党员就近就便联系服务10名左右群众。",
                },
            ),
            (
                "action",
                {
                    "title": "六大先锋行动",
                    "description": "保水、防疫、创城、乡村振兴等一线先锋行动。",
                },
            ),
        ],
        impact=[
            ("figure", {"value": "4.2万", "unit": "名党员", "label": "亮身份"}),
            ("figure", {"value": "47万", "unit": "余名群众", "label": "联系服务"}),
        ],
        profile_links=[BrandProfileLink(profile=he)],
        story_links=[BrandStoryLink(story=story)],
    )
    ensure_child_page(
        walls,
        PledgeWallPage,
        "qijiang-qibi",
        title="“七讲七比”先锋承诺墙",
        organisation=xueshuigang,
        intro=RichText("<p>党员亮出承诺、接受监督：承诺 → 示诺 → 践诺 → 评诺。</p>"),
        opens_on=datetime.date(2021, 9, 1),
        categories="为民服务\n岗位建功\n乡村振兴",
    )
    orgs = ensure_organisation_tree(miyun, jiaxing)
    seed_brands = ensure_seed_brands(brands, orgs)
    load_demo_pledges(log)
    seeds_loaded = seeds and load_seed_articles(
        seed_files(seeds_dir),
        stories,
        profiles,
        orgs,
        {**seed_brands, "miyun-xianfeng": BrandPage.objects.get(slug="miyun-xianfeng")},
        admin,
        log,
    )
    site = DemoSite(
        home=home,
        organisations={**orgs, "village": village},
        admin=admin,
        seeds_loaded=bool(seeds_loaded),
        log=log,
    )
    for fn in hooks.get_hooks("xf_load_demo"):
        fn(site)
    log(
        f"Demo content ready: {StoryPage.objects.count()} stories, "
        f"{ProfilePage.objects.count()} profiles, {BrandPage.objects.count()} brands."
    )
    return home


# --- organisations and brands of the seed articles -----------------------------------------


def ensure_organisation_tree(miyun, jiaxing):
    """The party organisations of the places the seed stories are set in; returns them by key."""
    C, G, B = OrganisationKind.COMMITTEE, OrganisationKind.GENERAL_BRANCH, OrganisationKind.BRANCH
    org = {"miyun": miyun, "jiaxing": jiaxing}
    guoyuan = ensure_organisation("果园街道党工委", C, "北京市密云区", miyun)
    ensure_organisation("上河湾北区社区党支部", B, "北京市密云区", guoyuan)
    ensure_organisation("溪翁庄镇党委", C, "北京市密云区", miyun)
    org["tongkun"] = ensure_organisation("桐昆集团党委", C, "浙江省嘉兴市桐乡市", jiaxing)
    tongxiang = ensure_organisation("中共桐乡市委员会", C, "浙江省嘉兴市桐乡市", jiaxing)
    ensure_organisation("石门镇党委", C, "浙江省嘉兴市桐乡市", tongxiang)
    org["jiashan"] = ensure_organisation("中共嘉善县委员会", C, "浙江省嘉兴市嘉善县", jiaxing)
    org["nongye"] = ensure_organisation("嘉兴市农业农村局党委", C, "浙江省嘉兴市", jiaxing)
    ensure_organisation("中共南湖区委员会", C, "浙江省嘉兴市南湖区", jiaxing)
    xuchang = org["xuchang"] = ensure_organisation("中共许昌市委员会", C, "河南省许昌市")
    weidu = ensure_organisation("中共魏都区委员会", C, "河南省许昌市魏都区", xuchang)
    baling = ensure_organisation("灞陵街道党工委", C, "河南省许昌市魏都区", weidu)
    ensure_organisation("延中社区党支部", B, "河南省许昌市魏都区", baling)
    wunudian = ensure_organisation("五女店镇党委", C, "河南省许昌市", xuchang)
    ensure_organisation("大王寨村党支部", B, "河南省许昌市", wunudian)
    ensure_organisation("许继配电党支部", B, "河南省许昌市", xuchang)
    ensure_organisation("许继晶锐党支部", B, "河南省许昌市", xuchang)
    org["mianchi"] = ensure_organisation("渑池县烟草专卖局党委", C, "河南省三门峡市渑池县")
    org["sangzi"] = ensure_organisation("桑梓镇党委", C, "湖南省")
    org["yangkou"] = ensure_organisation("羊口镇党委", C, "山东省寿光市")
    maoming = ensure_organisation("观珠镇党委", C, "广东省茂名市电白区")
    ensure_organisation("木师村党支部", B, "广东省茂名市电白区", maoming)
    ensure_organisation("平田村党支部", B, "广西岑溪市梨木镇")
    ensure_organisation("兴安社区党总支", G, "云南省瑞丽市")
    ensure_organisation("旄儿港社区党总支", G, "浙江省湖州市南太湖新区")
    return org


def actions(*pairs):
    return [("action", {"title": title, "description": text}) for title, text in pairs]


def figures(*triples):
    return [("figure", {"value": v, "unit": u, "label": label}) for v, u, label in triples]


# The brands the seed articles name, with the 五有 fields taken from what the articles say.
SEED_BRANDS = [
    (
        "shaoyao-wuxing",
        "韶曜先锋·五星党员",
        "mianchi",
        "点亮一颗星、带动一群人",
        "把党员的评价标准具体化为争先创优、为民服务、敬业奉献、创新突破、业务攻坚五个可量化的维度，"
        "让抽象的党员先进性变得可见、可学、可比。",
        actions(
            (
                "五星党员评选",
                "遵循“自下而上、层层推荐、综合评定”原则：党员自评、支部推荐、党委审核、"
                "党组研究、群众监督。",
            ),
            ("党员先锋榜", "评选结果上榜公示，支部之间比学赶超，岗位之间互帮互促。"),
        ),
        figures(("5", "个维度", "五星评价"), ("5", "份", "国家专利")),
        "营造了“逢旗必扛、逢先必争”的浓厚氛围，选树的典型“立得住、叫得响、学得来”。",
    ),
    (
        "qijiang-qibi",
        "七讲七比·争先攀高",
        "jiaxing",
        "红船领航，矢志求高",
        "讲政治、比忠诚，讲首创、比能力，讲奋斗、比担当，讲奉献、比服务，讲标准、比执行，"
        "讲规矩、比作风，讲品牌、比形象。",
        actions(
            ("先锋承诺", "党员亮出承诺、接受群众监督。"),
            ("南湖·初心讲堂", "线上线下同步开讲的党课品牌。"),
            ("“七讲七比、争先攀高”专栏", "在市级媒体和组织部公众号定期亮实招硬招，提供前行标杆。"),
            ("创建长效机制", "网格工作室、“田保姆”为农服务机制、“书记来敲门”连心走访等。"),
        ),
        figures(("10余", "条", "创建长效机制"), ("28.5万", "人", "台风中转移群众")),
        "强台风“烟花”正面袭击时，全市党员干部冲锋在一线，没有发生重大险情灾情，没有出现人员伤亡。",
    ),
    (
        "hongse-yikezhong",
        "红色一刻钟",
        "tongkun",
        "见缝插针学党课",
        "桐昆集团党委打造的微党课品牌，满足生产一线员工“见缝插针”学习的需求。",
        actions(("一刻钟微党课", "利用生产间隙开展短小精悍的党课学习。")),
        [],
        "",
    ),
    (
        "shancheng-daai",
        "善城大爱",
        "jiashan",
        "以党建高质量发展引领基层治理",
        "嘉善县打造的城市基层党建品牌，以党建高质量发展引领基层治理创新发展。",
        actions(("城市基层党建", "以党建引领基层治理创新发展。")),
        [],
        "",
    ),
    (
        "nituizi",
        "泥腿子",
        "nongye",
        "服务队扎根田间地头",
        "市农业农村局成立服务队，叫响“泥腿子”党建服务品牌，深受群众欢迎。",
        actions(("农业服务队", "党员服务队深入田间地头为农服务。")),
        figures(("9", "支", "服务队")),
        "",
    ),
    (
        "shuangliang-shuangbi-shuangzheng",
        "双亮双比双争",
        "sangzi",
        "亮身份、亮承诺",
        "亮身份、亮承诺、比作风、比贡献、争创优、争表率，把党员从“幕后”推向“台前”。",
        actions(
            ("双亮双比双争行动", "亮身份、亮承诺、比作风、比贡献、争创优、争表率。"),
            ("金牌和事佬", "从先进党员中选树调解专家，专攻基层矛盾纠纷化解。"),
        ),
        [],
        "制度创新激活了党组织，重塑了党员与群众的关系，有效提升群众满意度。",
    ),
    (
        "huoli-xianfeng",
        "活力先锋",
        "yangkou",
        "十为十不为",
        "为党员量身定制“两张清单”：共性清单明确行为底线与高线，个性清单让党员按特长认领任务。",
        actions(
            ("两张清单", "“十为十不为”共性清单与“活力先锋任务个性清单”。"),
            ("双积分量化模式", "基本义务基础分加服务任务加分，积分可兑换物资。"),
            ("流动挂牌", "党员示范户的荣誉流动起来，形成动态激励机制。"),
        ),
        figures(("1982", "名", "党员认领清单"), ("23", "项", "个性任务")),
        "",
    ),
]


def ensure_seed_brands(brands, orgs):
    made = {}
    for slug, title, org_key, slogan, meaning, vehicle, impact, impact_text in SEED_BRANDS:
        made[slug], _ = ensure_child_page(
            brands,
            BrandPage,
            slug,
            title=title,
            organisation=orgs[org_key],
            slogan=slogan,
            meaning=RichText(f"<p>{meaning}</p>"),
            vehicle=vehicle,
            impact=impact,
            impact_text=RichText(f"<p>{impact_text}</p>") if impact_text else "",
        )
    return made


# --- the seed articles ---------------------------------------------------------------------

# Seed file prefix -> (organisation key, brand slugs the story belongs to).
SEED_PLACES = {
    "000": ("miyun", ["miyun-xianfeng"]),
    "001": (None, ["shaoyao-wuxing", "shuangliang-shuangbi-shuangzheng", "huoli-xianfeng"]),
    "002": ("jiaxing", ["qijiang-qibi", "hongse-yikezhong", "shancheng-daai", "nituizi"]),
    "004": ("xuchang", []),
}
# Brand slug -> exemplars (Simplified names) the brand features.
# The project's articles name the first ones; the shared seeds (test input) the others.
BRAND_PEOPLE = {
    "miyun-xianfeng": ["孙立新", "高春燕", "任连东", "张海印"],
    "shaoyao-wuxing": ["韩志远", "吕晓辉"],
    "qijiang-qibi": ["沈建国", "顾晓梅", "陈余良", "吴雪红"],
}


def publish(page, user, **fields):
    """Publish `page`'s latest draft (with `fields` changed) unless it is live already."""
    if page.live:
        return page
    draft = page.get_latest_revision_as_object()
    for name, value in fields.items():
        setattr(draft, name, value)
    draft.save_revision(user=user).publish(user=user)
    return draft


def ensure_links(page, relation, target_field, targets, user):
    """Add links from a live page to `targets` that it lacks, publishing the change."""
    page = type(page).objects.get(pk=page.pk)  # fresh: earlier calls may have published it
    have = set(getattr(page, relation).values_list(f"{target_field}_id", flat=True))
    missing = [t for t in targets if t.pk not in have]
    if not missing:
        return
    model = getattr(page, relation).model
    page = page.get_latest_revision_as_object()
    getattr(page, relation).add(*[model(**{target_field: t}) for t in missing])
    page.save_revision(user=user).publish(user=user)


def seed_files(folder=None):
    """(file name, bytes) of the articles to import: the project's own (`cms.demo_articles`),
    or, for tests, the *.txt files of `folder`."""
    if folder is None:
        from cms.demo_articles import DEMO_ARTICLES

        return [(name, text.encode()) for _key, name, text in DEMO_ARTICLES]
    folder = Path(folder)
    paths = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    return [(path.name, path.read_bytes()) for path in paths]


def load_seed_articles(files, stories, profiles, orgs, brands, user, log):
    """Import, publish and link the articles `files` ((name, bytes)); returns whether there
    were any."""
    from cms.importer.services import FAILED, import_article

    if not files:
        log("No articles to import; skipped.")
        return False
    imported = {}
    for name, content in files:
        result = import_article(
            content, name, story_index=stories, profile_index=profiles, user=user
        )
        if result.status == FAILED or result.story is None:
            log(f"Article {name}: {result.status} {result.message}")
            continue
        org_key, brand_slugs = SEED_PLACES.get(name[:3], (None, []))
        fields = {"organisation": orgs[org_key], "region": orgs[org_key].region} if org_key else {}
        story = publish(result.story, user, **fields)
        for profile in ProfilePage.objects.filter(story_links__page=story):
            publish(profile, user)
        for slug in brand_slugs:
            ensure_links(brands[slug].specific, "story_links", "story", [story], user)
        imported[name[:3]] = story
    for slug, names in BRAND_PEOPLE.items():
        people = list(ProfilePage.objects.live().filter(title__in=names))
        ensure_links(brands[slug].specific, "profile_links", "profile", people, user)
    log(f"Articles: {len(imported)} of {len(files)} stories live.")
    return True


def seed_passage(needle):
    """The first paragraph of a live story that mentions `needle`, in Simplified script."""
    from django.utils.html import strip_tags

    from cms.importer.text import to_simplified

    for story in StoryPage.objects.live().order_by("pk"):
        for block in story.body:
            if block.block_type == "paragraph":
                text = to_simplified(strip_tags(block.value.source))
                if needle in text:
                    return text
    return ""


def _site_at_configured_address():
    """Absolute links (share-card QR codes, the content API's html_url) come from the default
    Site: give it the address `make run` serves on (WAGTAILADMIN_BASE_URL), also in a database
    made before that was so."""
    from wagtail.models import Site

    hostname, port = site_host_and_port()
    site = Site.objects.filter(is_default_site=True).first()
    if site and (site.hostname, site.port) != (hostname, port):
        site.hostname, site.port = hostname, port
        site.save()  # through save(): the routing caches are cleared by its signal
