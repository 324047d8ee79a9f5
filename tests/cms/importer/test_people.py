from cms.importer.parse import parse_article
from cms.importer.people import find_people, name_ok, read_name


def names(paragraphs, exclude=frozenset()):
    return [p.name_simplified for p in find_people(paragraphs, set(exclude))]


def test_role_before_name_and_role_after_name():
    people = find_people(
        [
            "东湖区委组织部副部长王建国说，今年全区将继续推进。",
            "刘晓燕是青石村党支部书记，也是远近闻名的“养蜂专家”。",
        ]
    )
    wang, liu = people
    assert (wang.name, wang.role, wang.organisation, wang.place) == (
        "王建国",
        "东湖区委组织部副部长",
        "东湖区委组织部",
        "东湖区",
    )
    assert liu.name == "刘晓燕" and liu.role == "青石村党支部书记" and liu.place == "青石村"


def test_traditional_names_become_one_person():
    people = find_people(
        ["退休黨員任連東熱心助人。", "提起任连东，居民都豎大拇指。任連東說，應該的。"]
    )
    assert [(p.name, p.name_simplified) for p in people] == [("任連東", "任连东")]


def test_honorific_maps_to_full_name_not_new_person():
    assert names(
        ["赵春梅是村党支部书记。", "都是赵书记一点一点教我的。", "居民李先生感激地说。"]
    ) == ["赵春梅"]


def test_bylines_excluded():
    assert names(["记者张小川在现场看到，市民孙红霞正在排队。"], exclude={"张小川"}) == ["孙红霞"]


def test_places_brands_and_organisations_are_not_people():
    text = [
        "王家庄村的“周末课堂”吸引了很多人。",
        "许继配电公司和林草局联合开展活动。",
        "党员管自家、带周边，居民全都点赞。",
        "党员成为群众的主心骨。",
        "“老李茶馆”成了网红打卡地。",
    ]
    assert names(text) == []


def test_plain_resident_and_household_roles():
    people = find_people(
        [
            "建档立卡贫困户马秀英今年42岁。",
            "为了帮助马秀英家脱贫，村里安排她到工厂工作。",
            "市民钱丽华点赞说，环境非常好。",
        ]
    )
    assert [p.name_simplified for p in people] == ["马秀英", "钱丽华"]
    assert people[0].role == "建档立卡贫困户" and people[1].role == "市民"


def test_minority_and_compound_names():
    assert names(["区林业局副局长扎西多吉，带领团队植树。"]) == ["扎西多吉"]
    assert names(["社区主任欧阳明华介绍，活动很受欢迎。"]) == ["欧阳明华"]


def test_name_boundary_uses_following_word():
    t = "党支部书记王罗那收获满满。"
    assert read_name(t, t.index("王")) == "王罗那"
    t = "副书记陈谦高兴地说。"
    assert read_name(t, t.index("陈")) == "陈谦"
    assert not name_ok("何书记") and not name_ok("成为") and not name_ok("李先生")


def test_made_up_article_end_to_end():
    raw = """青山鎮打造“紅色驛站”
本報記者 周文 通訊員 鄭敏
青山鎮黨委書記黃志強介紹，全鎮已建成驛站12個。
65歲的老黨員蔡國平每天到驛站值班。蔡國平說，能為大家服務很開心。
村民吳小紅常來驛站看書。“這裡很溫暖。”吳小紅說。"""
    a = parse_article(raw)
    assert a.byline == ["周文", "郑敏"]
    assert [p.name_simplified for p in a.people] == ["黄志强", "蔡国平", "吴小红"]
    assert a.people[0].name == "黃志強" and a.people[0].role == "青山鎮黨委書記"
