"""Each cleaning rule on its own, on short made-up lines (both scripts)."""

import pytest

from cms.importer import cleaning as c
from cms.importer.text import fix_entities, normalise_line


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("密云區(qū)鼓樓", "密云區鼓樓"),
        ("游客絡(luò )繹不絕", "游客絡繹不絕"),
        ("部長(zhǎng)說", "部長說"),
        ("长（cháng）江", "长江"),
        ("世界卫生組織(WHO)发布", "世界卫生組織(WHO)发布"),  # not a reading: uppercase
        ("他叫小明(ming)吗", "他叫小明(ming)吗"),  # reading of 明 → removed? no: see below
    ],
)
def test_strip_pinyin_readings(raw, expected):
    if "小明(ming)" in raw:
        assert c.strip_pinyin_readings(raw) == "他叫小明吗"  # 'ming' does fit 明
    else:
        assert c.strip_pinyin_readings(raw) == expected


def test_reading_that_does_not_fit_is_kept():
    assert c.strip_pinyin_readings("山东(abc)省") == "山东(abc)省"
    assert c.strip_pinyin_readings("公司(ltd)") == "公司(ltd)"
    assert (
        c.reading_fits("絡", "luò")
        and c.reading_fits("絡繹", "luòyì")
        and c.reading_fits("絡繹", "yì")
    )
    assert not c.reading_fits("組織", "who")


def test_garbled_reading_and_entities():
    s = c.strip_garbled_readings("很快變?yōu)榱?ldquo;10+N”")
    assert fix_entities(s) == "很快變“10+N”"
    assert fix_entities("&ldquo;好&rdquo;&nbsp;") == "“好”\xa0"


@pytest.mark.parametrize(
    "line",
    [
        "找回密码",
        "立即注册",
        "[复制链接]",
        "回复",
        "使用道具 举报",
        "快速回复 返回顶部 返回列表",
        "找回密碼",
        "立即註冊",
        "使用道具 舉報",
        "返回頂部",
        "abc.com 发表于 3 小时前 | 显示全部楼层 |阅读模式",
        "某某 發表於 2天前",
        "Powered by Discuz! X3.5",
        "GMT+8, 2025-12-9 17:31 , Processed in 0.1 second(s), 19 queries .",
    ],
)
def test_forum_chrome(line):
    assert c.is_forum_chrome(line)


@pytest.mark.parametrize(
    "line",
    [
        "共产党员网 版权所有 京ICP备12024993号-1",
        "某某網 版權所有",
        "浙公网安备 33010602000001号",
        "本文版权归某报社所有，未经授权不得转载。",
        "Copyright © 2020 Example News",
        "未經許可，不得轉載",
    ],
)
def test_legal_footer(line):
    assert c.is_legal_footer(line)


@pytest.mark.parametrize(
    "line", ["分享让更多人看到", "分享讓更多人看到", "分享到：", "扫一扫分享本页"]
)
def test_share_prompt(line):
    assert c.is_share_prompt(line)


@pytest.mark.parametrize("line", ["歡迎使用手機瀏覽", "欢迎访问某某网", "当前位置：首页 > 新闻"])
def test_greeting(line):
    assert c.is_greeting(line)


@pytest.mark.parametrize(
    "line",
    [
        "关于我们 联系我们 网站地图 用户调查",
        "關於我們 | 聯繫我們 | 網站地圖",
        "设为首页 加入收藏 投稿",
        "首頁 | 新聞 | 評論 | 某某頻道",
    ],
)
def test_footer_links(line):
    assert c.is_footer_links(line)


@pytest.mark.parametrize(
    "line",
    [
        "密云區鼓樓街道，志愿者正在值守。密云區委組織部供圖",
        "图片来源：网络",
        "記者 張三 攝",
        "图为村民在田间劳作（资料图片）",
    ],
)
def test_photo_caption(line):
    assert c.is_photo_caption(line)


@pytest.mark.parametrize(
    "line",
    [
        "何秀玲是套里村党支部书记，也是远近闻名的“土专家”。",
        "他回复了群众的留言，并举报了违法行为。",  # words inside prose are not chrome
        "分享经验是我们的传统。",
        "关于我们村的发展，他有很多想法。",
        "组织部副部长李斌说，要欢迎更多年轻人回乡。",
        "他正在拍摄",
    ],
)
def test_prose_is_not_boilerplate(line):
    assert c.boilerplate_kind(line) is None


def test_normalise_line_width_and_punctuation():
    assert normalise_line("密云區,身穿紅色馬甲:  ＡＢＣ１２３") == "密云區，身穿紅色馬甲：ABC123"
    assert normalise_line("名为 “韶曜先锋・五星党员” 的机制") == "名为“韶曜先锋·五星党员”的机制"
    assert normalise_line("\u3000\u3000正文(含括号说明)") == "正文（含括号说明）"


def test_clean_lines_drops_debris_and_keeps_prose():
    raw = "歡迎使用手機瀏覽\n標題一\n正文第一段(duàn)。\n\n分享讓更多人看到\n關於我們 聯繫我們\n某網 版權所有"
    kept, dropped = c.clean_lines(raw)
    assert kept == ["標題一", "正文第一段。"]
    assert {k for k, _ in dropped} == {"greeting", "share", "forum", "legal"} or len(dropped) == 4
    assert c.debris_count(kept) == 0


def test_trailing_share_prompt_is_cut_from_paragraph():
    assert c.strip_trailing_chrome("最后一段话。分享让更多人看到") == "最后一段话。"
