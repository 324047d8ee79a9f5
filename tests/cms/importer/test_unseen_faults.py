"""One small example per fault class seen on articles the importer was not tuned on (issue 18).

The texts are made up for these tests and differ from the corpus in tests/corpus.
"""

import datetime as dt

from cms.importer.cleaning import clean_lines
from cms.importer.meta import copyright_owner, parse_byline, parse_date
from cms.importer.parse import parse_article
from cms.importer.people import find_people
from cms.importer.places import chain_at
from cms.importer.services import story_region


def names(paragraphs):
    return [p.name_simplified for p in find_people(paragraphs)]


def person(paragraphs, name):
    return next(p for p in find_people(paragraphs) if p.name_simplified == name)


# --- false names ----------------------------------------------------------------------------


def test_role_word_then_verb_and_pronoun_is_not_a_name():
    assert names(["居民管他叫“热心肠”，大家都这么叫。"]) == []
    assert names(["老人高兴地说，这件事总算谈妥了。"]) == []


def test_surname_inside_a_place_pair_abbreviation_is_not_a_name():
    assert names(["甘青两省联合开展生态巡护，湘黔两地也派人参加。"]) == []


def test_people_helped_named_by_kinship_term_are_not_people():
    assert names(["志愿者每周去看望独居的李阿婆，李阿婆说，孩子们比亲人还亲。"]) == []
    assert names(["受惠的林阿嬤說，每天最期待午餐。"]) == []


# --- roles ----------------------------------------------------------------------------------


def test_role_is_not_cut_at_a_one_character_verb():
    assert person(["县水利局驻石门村第一书记柏永福说，水渠下月完工。"], "柏永福").role == (
        "县水利局驻石门村第一书记"
    )


def test_city_abbreviation_is_expanded_from_earlier_in_the_article():
    paragraphs = [
        "安陵市位于平原地区，河网密布。",
        "市卫生健康委驻东岗村第一书记尤海平说，义诊每月一次。",
    ]
    assert person(paragraphs, "尤海平").role == "安陵市卫生健康委驻东岗村第一书记"
    # 市民 (a citizen) is a word of its own, not an abbreviation of the city.
    citizen = paragraphs + ["前来看病的市民魏小红说，家门口就能看病。"]
    assert person(citizen, "魏小红").role == "市民"


def test_every_role_is_kept_and_a_later_appointment_is_found():
    paragraphs = [
        "村党支部书记葛春林带头修路。",
        "葛春林还是县人大代表。",
        "返乡大学生闻一鸣说，他要把电商做起来。",
        "2023年，闻一鸣被镇党委培养为村党支部副书记。",
    ]
    assert person(paragraphs, "葛春林").role == "村党支部书记、县人大代表"
    assert "村党支部副书记" in person(paragraphs, "闻一鸣").role.split("、")


# --- places ---------------------------------------------------------------------------------


def test_place_is_taken_from_an_earlier_paragraph():
    paragraphs = ["在丰宁县石桥镇，山林覆盖了大半个镇子。", "护林员邓守田说，巡山是他一辈子的事。"]
    assert person(paragraphs, "邓守田").place == "丰宁县石桥镇"


def test_place_chain_stops_at_a_word_boundary_and_skips_organisations():
    assert chain_at("云阳县副县长", 0, {0, 3, 6}) == "云阳县"
    assert chain_at("柳州市柳南区", 0) == "柳州市柳南区"
    assert chain_at("市农业农村局", 0) == ""


def test_story_region_from_a_county_named_in_the_text():
    article = parse_article(
        "山路上的邮递员\n\n走进岚山县石门镇，山路弯弯。\n\n邮递员每天走三十公里。"
    )
    assert story_region(article) == "岚山县"


# --- bylines, sources, debris and dates -----------------------------------------------------


def test_byline_in_brackets_at_the_end_of_the_last_paragraph():
    article = parse_article(
        "渡口新貌\n\n渡口修好了。\n\n村民过河再也不用等船了。（记者 甘霖 通讯员 卓然）"
    )
    assert article.byline == ["甘霖", "卓然"]
    assert article.paragraphs[-1] == "村民过河再也不用等船了。"


def test_desk_staff_and_outlet_reporters_in_bylines():
    assert parse_byline("责任编辑：刘一帆") == []
    assert parse_byline("审核 | 秦雨") == []
    assert parse_byline("（北岭晨报记者 李想）") == ["李想"]
    assert parse_byline("作者 | 张帆") == ["张帆"]
    assert parse_byline("記者王小明／高雄報導") == ["王小明"]


def test_source_named_only_in_a_long_or_split_copyright_footer():
    long_footer = "本站刊登的各类新闻、图片和专题资料，均为北岭晨报版权所有，未经授权禁止使用。"
    assert copyright_owner(long_footer) == "北岭晨报"
    assert copyright_owner("本網站內容之版權均屬南風週報所有，未經許可不得轉載。") == "南風週報"
    assert copyright_owner("山城在线 © 2022 版权所有") == "山城在线"


def test_traditional_footer_glued_to_the_last_paragraph_is_split_off():
    raw = "渡輪上的笑聲\n\n船長每天第一個到碼頭。\n\n「這是我的家。」他笑着說。本網站內容之版權均屬南風週報所有，未經許可不得轉載。"
    article = parse_article(raw)
    assert article.paragraphs[-1] == "「這是我的家。」他笑着說。"
    assert article.source_site == "南風週報"


def test_captions_without_credit_and_lone_ellipsis_are_dropped():
    raw = (
        "车间里的“老师傅”\n5月2日，工人在车间调试机床\n\n"
        "他在车间干了三十年。\n\n▲ 老师傅在给徒弟讲解图纸\n\n……\n\n徒弟们都说他手艺好。"
    )
    article = parse_article(raw)
    assert article.title == "车间里的“老师傅”"
    assert article.paragraphs == ["他在车间干了三十年。", "徒弟们都说他手艺好。"]


def test_wechat_chrome_and_prev_next_links_are_dropped():
    kept, _ = clean_lines(
        "点击蓝字 关注我们\n正文一句。\nEND\n往期推荐\n上一篇：春耕忙\n下一篇：夏收"
    )
    assert kept == ["正文一句。"]


def test_dates_in_the_text_and_in_chinese_numerals():
    assert parse_date("二〇二三年三月八日上午") == dt.date(2023, 3, 8)
    assert parse_date("2023年3月8日 星期三") == dt.date(2023, 3, 8)
    article = parse_article("集市开张\n\n2022年10月3日，镇上的新集市开张了。\n\n赶集的人很多。")
    assert article.date == dt.date(2022, 10, 3)
