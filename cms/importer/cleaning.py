"""Scraping-debris removal. Each rule is a small function so it can be tested on its own.

Boilerplate is matched on the Simplified form of a line, so one phrase list covers both scripts.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .text import CJK, fix_entities, normalise_line, normalise_newlines, to_simplified

TONE_LETTERS = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ"
# A bracketed lowercase syllable run right after a Han character, e.g. 區(qū), 絡(luò ), 長（zhǎng）.
_READING_RE = re.compile(
    f"([{CJK}]{{1,4}})[(（]\\s*([{TONE_LETTERS}]+(?:\\s+[{TONE_LETTERS}]+)*)\\s*\\d?\\s*[)）]"
)
# Mojibake left where a reading was garbled: '?yōu)' plus a stray glyph before a '?'.
_GARBLED_READING_RE = re.compile(f"\\?[{TONE_LETTERS}]+\\s*\\)(?:[^\\s?]{{0,2}}(?=\\?))?")
# For measurement: any Han character still followed by a bracketed syllable.
PINYIN_DEBRIS_RE = re.compile(
    f"[{CJK}][(（]\\s*[{TONE_LETTERS}]+\\s*\\d?\\s*[)）]|\\?[{TONE_LETTERS}]+\\)"
)

_TONE_FOLD = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ", "aaaaeeeeiiiioooouuuuvvvvvennnm")


def _fold(s: str) -> str:
    return s.translate(_TONE_FOLD).replace("u:", "v").replace(" ", "")


@lru_cache(maxsize=4096)
def _readings(char: str) -> frozenset[str]:
    from pypinyin import Style, pinyin

    out = set()
    for style in (Style.TONE, Style.NORMAL):
        for r in pinyin(char, style=style, heteronym=True)[0]:
            out.add(_fold(r))
    out.discard(char)  # pypinyin echoes characters it does not know
    return frozenset(out)


def reading_fits(chars: str, reading: str) -> bool:
    """True if `reading` spells the last k characters of `chars` (k >= 1), per pypinyin heteronyms."""
    target = _fold(reading)

    def match(idx: int, rest: str) -> bool:
        # Consume characters right-to-left, syllables from the end of `rest`.
        if not rest:
            return idx < len(chars) - 1
        if idx < 0:
            return False
        return any(
            rest.endswith(r) and match(idx - 1, rest[: -len(r)]) for r in _readings(chars[idx]) if r
        )

    return match(len(chars) - 1, target)


def strip_pinyin_readings(text: str) -> str:
    """Remove '(reading)' after characters when the reading is a pronunciation of them."""

    def repl(m: re.Match) -> str:
        chars, reading = m.group(1), m.group(2)
        return chars if reading_fits(chars, reading) else m.group(0)

    return _READING_RE.sub(repl, text)


def strip_garbled_readings(text: str) -> str:
    """Drop mojibake such as '?yōu)榱' left where a reading and its neighbours were mis-decoded."""
    return _GARBLED_READING_RE.sub("", text)


# --- line rules (input: one normalised line; they look at its Simplified form) ---------------

FORUM_TOKENS = frozenset(
    """找回密码 立即注册 注册 登录 登入 退出 搜索 回复 发表回复 快速回复 使用道具 举报 返回顶部 返回列表 显示全部楼层
    阅读模式 只看该作者 只看楼主 倒序浏览 电梯直达 复制链接 [复制链接] 楼主 沙发 板凳 地板 收藏 分享 点评 评分 打印
    上一篇 下一篇 上一主题 下一主题 本版积分规则 高级模式 字号 大 中 小 关闭窗口 打印本页 我要评论 纠错 更多 相关新闻
    相关阅读 热门推荐 发帖 帖子 主题 积分 首页 手机版 客户端 扫码 标签 QQ 微信 微博 | - · >""".split()
)
NAV_TOKENS = frozenset(
    """关于我们 联系我们 网站地图 用户调查 设为首页 加入收藏 广告服务 意见反馈 免责声明 隐私政策 帮助中心 网站导航 投稿
    投稿邮箱 订阅 招聘信息 人才招聘 版权声明 法律声明 服务条款 使用条款 友情链接 网站简介 联系方式 留言板 帮助
    RSS 首页 手机版 网站声明 商务合作 广告投放 不良信息举报 新闻 评论 视频 图片 专题 要闻 国内 国际 财经 体育 娱乐
    社会 地方 时政 党建 登录 注册""".split()
)
_FORUM_LINE_RES = [
    re.compile(
        r"发表于\s*(\d+\s*(秒|分钟|小时|天|周|个月)前|昨天|前天|\d{4}[-/]\d{1,2}[-/]\d{1,2})"
    ),
    re.compile(r"^GMT[+-]\d+"),
    re.compile(r"Processed in [\d.]+ second", re.I),
    re.compile(r"Powered by", re.I),
    re.compile(r"^(本帖最后由|本帖最后编辑)"),
    re.compile(r"^(您需要登录后才可以回帖|马上注册|没有帐号|没有账号)"),
    re.compile(r"^(上一篇|下一篇|上一条|下一条|上一页|下一页|上一主题|下一主题)\s*[：:]"),
]
_LEGAL_RES = [
    re.compile(
        r"ICP\s*[备证]|ICP\d|公网安备|公安备案|网安备\s*\d|增值电信业务|新闻信息服务许可证|广播电视节目制作经营许可证"
    ),
    re.compile(r"版权所有|©|\(c\)\s*\d{4}|Copyright|All Rights Reserved", re.I),
    re.compile(
        r"版权(?:均|皆|全部)?(?:归属于|归属|归|属于|属|为).{1,20}所有"
    ),  # split: 版权均属…所有
    re.compile(r"违法和不良信息举报"),
]
_LICENCE_RE = re.compile(
    r"(未经|不得|禁止|严禁|请勿|转载请|如需转载).{0,20}(转载|授权|许可|复制|使用|注明出处|注明来源)"
    r"|(版权|著作权).{0,12}(归|属于)"
)
_SHARE_RES = [
    re.compile(r"分享让更多人看到|分享给(好友|朋友)|转发给(好友|朋友)"),
    re.compile(r"^(分享到|分享至|一键分享|点击分享)"),
    re.compile(r"扫(一扫|码|描二维码).{0,12}(分享|关注|阅读|打开|下载)"),
    re.compile(r"^(点赞|在看|转发|收藏)(\s+(点赞|在看|转发|收藏|分享))*$"),
    re.compile(r"^欢迎(分享|转发|关注|留言)"),
]
# WeChat public-account chrome: the account header line, follow prompts, END, 在看 prompts.
_WECHAT_RES = [
    re.compile(r"^原创\s+\S.{0,40}(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}"),
    re.compile(r"^(点击|点)?(上方|下方)?(蓝字|关注)"),
    re.compile(r"^(END|The End|-\s*END\s*-|—\s*END\s*—)$", re.I),
    re.compile(
        r"^(点个?在看|点亮在看|分享.{0,4}点赞.{0,4}在看|往期推荐|往期回顾|推荐阅读|长按.{0,6}(二维码|关注))"
    ),
]
_GREETING_RES = [
    re.compile(r"^欢迎(您)?(使用|访问|光临|来到|进入).{0,20}$"),
    re.compile(r"^(您)?(当前|现在)?(的)?(所在)?位置\s*[：:>]"),
    re.compile(r"^(切换到|进入|访问)?(手机版|电脑版|PC版|无障碍|繁体版|简体版|English)(\s|$)"),
]
# A photo credit ending a line: '…密云区委组织部供图', '记者 张三 摄', '图片来源：网络'.
_CAPTION_RES = [
    re.compile(f"[{CJK}]{{2,16}}\\s*(供图|(?<!拍)摄|摄影|提供图片)$"),
    re.compile(r"^(图片来源|图片提供|摄影|供图|图源|资料图|图/)[：:]?"),
    re.compile(r"^(图为|图注|上图|下图|左图|右图)[：:，]"),
    re.compile(r"[（(](资料图片?|图片来源[^）)]*|\S{0,10}摄)[）)]$"),
    # Captions without a credit: an image marker, or a dated scene line without a full stop.
    re.compile(r"^[▲△▼↑↓]"),
    re.compile("^(?:(?:19|20)\\d{2}年)?\\d{1,2}月\\d{1,2}日[，,][^。！？；]{4,40}$"),
]


def _tokens(line: str) -> list[str]:
    return [t for t in re.split(r"[\s|｜/·•]+", line) if t]


def is_forum_chrome(line: str) -> bool:
    s = to_simplified(line)
    toks = _tokens(s)
    if toks and all(t in FORUM_TOKENS or t in NAV_TOKENS for t in toks):
        return True
    return any(r.search(s) for r in _FORUM_LINE_RES)


def is_legal_footer(line: str) -> bool:
    s = to_simplified(line)
    if any(r.search(s) for r in _LEGAL_RES):
        return len(s) < 200
    return len(s) < 120 and bool(_LICENCE_RE.search(s))


def is_share_prompt(line: str) -> bool:
    s = to_simplified(line)
    return len(s) < 60 and any(r.search(s) for r in _SHARE_RES)


def is_greeting(line: str) -> bool:
    s = to_simplified(line)
    return len(s) < 40 and any(r.search(s) for r in _GREETING_RES)


def is_footer_links(line: str) -> bool:
    """A row of short link labels, most of them known navigation words."""
    s = to_simplified(line)
    toks = _tokens(s)
    if len(toks) < 2 or re.search(r"[，。！？；]", s) or any(len(t) > 8 for t in toks):
        return False
    if s.count("|") >= 2 and all(len(t) <= 6 for t in toks):
        return True  # an explicit '|'-separated menu: 首页 | 新闻 | 评论
    return sum(t in NAV_TOKENS or t in FORUM_TOKENS for t in toks) * 2 >= len(toks)


def is_wechat_chrome(line: str) -> bool:
    s = to_simplified(line)
    return len(s) < 60 and any(r.search(s) for r in _WECHAT_RES)


def is_ellipsis(line: str) -> bool:
    """A paragraph of nothing but an ellipsis ('……' marking omitted text in a scrape)."""
    return bool(re.fullmatch(r"[…．.。·⋯\s]+", line))


def is_photo_caption(line: str) -> bool:
    s = to_simplified(line)
    return len(s) < 120 and any(r.search(s) for r in _CAPTION_RES)


LINE_RULES = {
    "forum": is_forum_chrome,
    "legal": is_legal_footer,
    "share": is_share_prompt,
    "greeting": is_greeting,
    "links": is_footer_links,
    "caption": is_photo_caption,
    "wechat": is_wechat_chrome,
    "ellipsis": is_ellipsis,
}
BOILERPLATE_WORDS = (
    "找回密码",
    "立即注册",
    "复制链接",
    "使用道具",
    "返回顶部",
    "分享让更多人看到",
    "欢迎使用手机浏览",
    "版权所有",
    "ICP备",
    "公网安备",
    "Powered by",
)


def boilerplate_kind(line: str) -> str | None:
    for name, rule in LINE_RULES.items():
        if rule(line):
            return name
    return None


_TRAILING_SHARE_RE = re.compile(r"(分享让更多人看到|分享到[：:]?|返回顶部)\s*$")


def strip_trailing_chrome(line: str) -> str:
    """Share prompts glued to the end of a real paragraph."""
    while True:
        simp = to_simplified(line)
        m = _TRAILING_SHARE_RE.search(simp)
        if not m or m.start() == 0:
            return line
        line = line[: m.start()].rstrip()


_SENTENCE_RE = re.compile(r"[^。！？!?]*[。！？!?]?[”’」』]?")


def split_glued_footer(line: str) -> tuple[str, str]:
    """A copyright notice glued to the last paragraph ('…笑着說。本網站所有內容之版權均屬…所有，
    不得轉載。'): (paragraph, footer); the footer is '' when there is none."""
    sentences = [x for x in _SENTENCE_RE.findall(line) if x]
    k = len(sentences)
    while (
        k > 1
        and re.search("版权|转载|ICP|©", to_simplified(sentences[k - 1]), re.I)
        and (is_legal_footer(sentences[k - 1]))
    ):
        k -= 1
    if k == len(sentences):
        return line, ""
    return "".join(sentences[:k]), "".join(sentences[k:])


def clean_lines(text: str) -> tuple[list[str], list[tuple[str, str]]]:
    """Normalise the whole text and return (kept lines, [(rule, dropped line)])."""
    text = strip_pinyin_readings(fix_entities(strip_garbled_readings(normalise_newlines(text))))
    kept, dropped = [], []
    for raw in text.split("\n"):
        line = normalise_line(raw)
        if not line:
            continue
        kind = boilerplate_kind(line)
        if kind == "legal":  # a paragraph with the footer glued on keeps its prose
            head, tail = split_glued_footer(line)
            if tail and head and not boilerplate_kind(head):
                kind = None
        if kind:
            dropped.append((kind, line))
            continue
        line, footer = split_glued_footer(strip_trailing_chrome(line))
        if footer:
            dropped.append(("legal", footer))
        if line:
            kept.append(line)
    return kept, dropped


def debris_count(lines: list[str]) -> int:
    """Lines still holding pinyin debris or a boilerplate phrase (for measurement)."""
    n = 0
    for line in lines:
        s = to_simplified(line)
        if PINYIN_DEBRIS_RE.search(line) or any(w in s for w in BOILERPLATE_WORDS):
            n += 1
    return n
