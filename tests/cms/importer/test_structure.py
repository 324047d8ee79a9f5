import datetime as dt

from cms.importer.parse import parse_article
from cms.importer.structure import merge_broken, parse_byline, parse_date, split_title

MADE_UP_TRAD = """歡迎訪問某某新聞網
引題：某縣扎實推進鄉村振興
紅色引擎激活發展新動能
發布時間：2022年3月8日 來源：某某日報
記者 趙明 通訊員 孫麗
2.6萬名黨員亮身份，帶動全縣群眾增收致富。
一、建強支部
青山鎮東坡村黨支部書記劉建華介紹，村裡成立了合作社。
分享讓更多人看到
某某網 版權所有 浙ICP備00000000號"""


def test_made_up_traditional_article_structure():
    a = parse_article(MADE_UP_TRAD.encode("utf-8"))
    assert a.title == "紅色引擎激活發展新動能"
    assert a.subtitle == "引題：某縣扎實推進鄉村振興"
    assert a.date == dt.date(2022, 3, 8)
    assert a.source_site == "某某日報"
    assert a.byline == ["赵明", "孙丽"]
    kinds = [b.kind for b in a.blocks]
    assert kinds == ["figure", "heading", "paragraph"]
    fig = a.blocks[0]
    assert (fig.value, fig.unit, fig.label) == ("2.6萬", "名", "黨員亮身份")
    assert "版權" not in a.original_text and "分享" not in a.original_text
    assert "红色引擎" in a.simplified_text


def test_reimport_hash_is_stable_and_script_independent():
    a = parse_article(MADE_UP_TRAD)
    b = parse_article(MADE_UP_TRAD + "\n\n返回頂部\n")
    assert a.content_hash == b.content_hash
    assert len(a.content_hash) == 64


def test_dates():
    assert parse_date("发布时间：2021-07-05 10:20") == dt.date(2021, 7, 5)
    assert parse_date("2021年7月5日") == dt.date(2021, 7, 5)
    assert parse_date("2021/7/5") == dt.date(2021, 7, 5)
    assert parse_date("9月19日清晨") is None


def test_bylines():
    assert parse_byline("本報記者 王可心 通訊員 錢蕾") == ["王可心", "钱蕾"]
    assert parse_byline("□ 记者 吕正子 文/图") == ["吕正子"]
    assert parse_byline("作者：张三") == ["张三"]
    assert parse_byline("记者在现场看到，群众排起长队。") is None


def test_two_line_and_one_line_headlines():
    assert split_title(["主标题", "——副标题", "正文。"])[:2] == ("主标题", "副标题")
    title, kicker, rest = split_title(
        ["某市开展活动后，全市党员积极行动，把精神落到实处 党员亮身份，服务到一线", "正文。"]
    )
    assert (title, kicker) == (
        "党员亮身份，服务到一线",
        "某市开展活动后，全市党员积极行动，把精神落到实处",
    )
    assert split_title(["第一段就是正文。"])[0] == ""


def test_broken_paragraph_rejoined_and_caption_dropped():
    lines = [
        "“我们要带头干！”某公司党支部书",
        "车间内设置的示范岗。",
        "记、经理王某某说，大家都很积极。",
    ]
    assert merge_broken(lines) == ["“我们要带头干！”某公司党支部书记、经理王某某说，大家都很积极。"]
    assert merge_broken(["“虽然困难，但我们对", "未来有信心！”他说。"]) == [
        "“虽然困难，但我们对未来有信心！”他说。"
    ]
    # A heading followed by a paragraph stays apart.
    assert merge_broken(["布新局：推动工作提质", "初秋时节，走进乡村。"]) == [
        "布新局：推动工作提质",
        "初秋时节，走进乡村。",
    ]


def test_headings():
    a = parse_article(
        "标题\n正文第一段。\n01 制度创新，激活基层\n正文二。\n强推力：比学晾晒促提升\n正文三。\n核心提示\n正文四。"
    )
    assert [b.kind for b in a.blocks] == [
        "paragraph",
        "heading",
        "paragraph",
        "heading",
        "paragraph",
        "heading",
        "paragraph",
    ]


def test_forum_source_and_no_title_warning():
    a = parse_article(
        "abc.example.org 发表于 2 小时前 | 显示全部楼层\n今天天气很好，大家一起去植树。"
    )
    assert a.source_site == "abc.example.org"
    assert a.title == "" and "未识别到标题，请手动填写" in a.warnings
