"""The synthetic corpus of bench/search_latency.py: Chinese exemplar profiles (names, roles,
places, bios with deeds) and the queries people type for them (names, pinyin, deeds, a town
with a deed). Also used by tests/search to compare the database backend with its plain scan.
"""

from __future__ import annotations

import pickle
import random
import time
from multiprocessing import Pool
from pathlib import Path

SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = list(
    "秀玲晓辉海印连东寿雄家化祝君向阳慧敏全国付友齐营建华明强春良名芳罗那继领丽娟志勇国庆红梅文杰桂英凤兰德胜永福玉珍建国淑珍卫东爱民金凤俊峰雪红余良佳和艳斌洋"
)
PROVINCES = [
    "北京市",
    "浙江省",
    "河南省",
    "广东省",
    "山东省",
    "云南省",
    "湖南省",
    "广西壮族自治区",
    "四川省",
    "江苏省",
    "河北省",
    "湖北省",
    "福建省",
    "安徽省",
    "江西省",
    "陕西省",
]
CITIES = [
    "密云区",
    "嘉兴市",
    "许昌市",
    "茂名市",
    "寿光市",
    "瑞丽市",
    "湖州市",
    "岑溪市",
    "桐乡市",
    "海盐县",
    "嘉善县",
    "渑池县",
    "魏都区",
    "电白区",
    "成都市",
    "苏州市",
    "保定市",
    "宜昌市",
]
TOWNS = [
    "河南寨",
    "通元",
    "观珠",
    "羊口",
    "桑梓",
    "五女店",
    "灞陵",
    "溪翁庄",
    "石门",
    "梨木",
    "果园",
    "大王寨",
    "木师",
    "平田",
    "兴安",
    "旄儿港",
    "延中",
    "套里",
    "雪水港",
    "上河湾",
]
ROLES = [
    "村党支部书记",
    "村党支部副书记",
    "社区党总支书记",
    "镇党委书记",
    "党小组组长",
    "村委会主任",
    "车间党支部书记",
    "驻村第一书记",
    "社区网格员",
    "退役军人服务站站长",
    "卫生院院长",
    "小学校长",
    "合作社理事长",
    "街道党工委副书记",
    "志愿服务队队长",
    "供电所所长",
]
DEEDS = [
    "带领村民发展荔枝种植，村集体年增收{n}万元。",
    "台风来袭时连夜转移群众{n}人，无一伤亡。",
    "推动老旧小区改造，加装电梯{n}部。",
    "开展党员一对一帮扶，帮助{n}户贫困户脱贫。",
    "创办扶贫工厂，解决{n}名群众就业。",
    "组织党员先锋岗，攻克技术难题{n}项。",
    "探索“1+10”联系服务群众机制，走访群众{n}户。",
    "成立“泥腿子”服务队，为农服务{n}次。",
    "牵头修建村道{n}公里，方便群众出行。",
    "发放“胞波卡”，服务外籍人员{n}人。",
    "疫情防控中坚守一线{n}天。",
    "建设蔬菜大棚{n}个，带动群众增收。",
    "调解矛盾纠纷{n}起，被誉为金牌和事佬。",
    "开展“红色一刻钟”微党课{n}期。",
    "推行双积分管理，党员认领任务{n}项。",
    "保水护林巡查{n}次。",
    "带头作出先锋承诺，兑现承诺{n}项。",
    "建立网格工作室，服务居民{n}户。",
    "发展乡村旅游，接待游客{n}万人次。",
    "组织义诊{n}场，惠及群众上千人。",
]
HONOURS = [
    "优秀共产党员",
    "五星党员",
    "全国劳动模范",
    "优秀党务工作者",
    "三八红旗手",
    "最美基层干部",
    "",
]


def make_profiles(n, seed=7):
    from search.documents import SearchDoc

    rng = random.Random(seed)
    docs = []
    for i in range(n):
        name = rng.choice(SURNAMES) + "".join(
            rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2)))
        )
        province, city, town = rng.choice(PROVINCES), rng.choice(CITIES), rng.choice(TOWNS)
        role = f"{town}{rng.choice(ROLES)}"
        honour = rng.choice(HONOURS)
        deeds = "".join(rng.choice(DEEDS).format(n=rng.randint(2, 900)) for _ in range(3))
        bio = (
            f"{name}，{rng.randint(24, 70)}岁，{rng.randint(1, 50)}年党龄，现任{province}{city}"
            f"{role}。{deeds}"
        )
        docs.append(
            SearchDoc(
                page_id=i + 1,
                type="profile",
                title=name,
                url=f"/people/p{i + 1}/",
                region=province + city,
                organisation=f"{town}党委",
                org_path=f"0001{rng.randint(1, 40):04d}",
                honours=[honour] if honour else [],
                names=[name],
                meta=f"{role}\n{province}{city}\n{honour}",
                body=bio,
            )
        )
    return docs


def analyse(doc):
    doc.analysed()
    return doc


def queries_for(docs, count, seed=11):
    from search.analysis import pinyin_forms

    rng = random.Random(seed)
    words = [
        "台风",
        "荔枝种植",
        "老旧小区改造",
        "扶贫",
        "党员先锋岗",
        "党支部书记 台风",
        "先锋承诺",
        "胞波卡",
        "红色一刻钟",
        "金牌和事佬",
        "蔬菜大棚",
        "乡村旅游",
        "疫情防控",
        "保水",
    ]
    out = []
    for i in range(count):
        doc = rng.choice(docs)
        kind = i % 4
        if kind == 0:
            out.append(doc.title)
        elif kind == 1:
            out.append(pinyin_forms(doc.title)[0])
        elif kind == 2:
            out.append(rng.choice(words))
        else:
            out.append(rng.choice(TOWNS) + " " + rng.choice(words))
    return out


def analysed_profiles(n, workers, cache):
    path = cache and Path(cache) / f"profiles-{n}.pickle"
    if path and path.exists():
        return pickle.loads(path.read_bytes()), None  # noqa: S301 - our own file
    t = time.perf_counter()
    docs = make_profiles(n)
    print(f"generated {len(docs)} profiles in {time.perf_counter() - t:.1f}s")
    t = time.perf_counter()
    with Pool(workers) as pool:
        docs = pool.map(analyse, docs, chunksize=500)
    analysis_s = time.perf_counter() - t
    print(
        f"analysis: {len(docs) / analysis_s:,.0f} docs/s ({workers} processes, {analysis_s:.1f}s)"
    )
    if path:
        path.write_bytes(pickle.dumps(docs))
    return docs, analysis_s
