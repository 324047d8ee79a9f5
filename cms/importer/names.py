"""Reference tables for person detection (Simplified script). General data, not tied to any article."""

# Common single-character surnames (百家姓, roughly the 300 most frequent today).
ALL_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟"
    "谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安"
    "齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛"
    "靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚"
    "皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦"
    "戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信"
    "展阴昝智幸奉植衡富尧闭由"
)
# Rare as surnames but very common as ordinary words; they caused more false names than they found.
# They are read as surnames only right after a role title (乡党委副书记时雪梅).
RARE_SURNAMES = frozenset(
    "和都来但由那信元支计相初门位区商应党公时国平花强原乐容敬利居干斯衣展阴富闭植幸智束冶呼揭勾宾亢危战隆宿况母阿羊"
    "薄伏普宣盖豆权练满盘海云南"
)
SURNAMES = ALL_SURNAMES - RARE_SURNAMES
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 令狐 端木 夏侯 宇文 长孙 澹台 司徒 申屠 呼延 轩辕 南宫 西门 独孤".split()
)
# Frequent elements of Tibetan personal names, which have no surname: 次仁顿珠, 扎西卓玛.
TIBETAN_ELEMENTS = frozenset(
    """次仁 扎西 顿珠 卓玛 格桑 多吉 央金 旦增 丹增 尼玛 达瓦 洛桑 平措 拉姆 罗布 白玛 普布 边巴 索朗 德吉 曲珍 巴桑 次旦
    仁青 群培 强巴 益西 桑珠 卓嘎 措姆 米玛 加措 嘉措 贡嘎 拉巴 旺堆 旺姆 琼达 阿旺 才让 才旦 多杰 更登 斯朗 泽仁 降措
    次珍 德央 玉珍 曲措 巴珠 格勒 土登 欧珠 晋美 次仁拉姆""".split()
)

# Role titles that stand right before a name: '…党支部书记何秀玲', '市民朱玲'.
ROLE_TITLES = tuple(
    sorted(
        set(
            """书记 副书记 部长 副部长 主任 副主任 委员 常委 党员 村民 市民 居民 院长 副院长 助理 经营者 干部 处长 副处长 局长
    副局长 镇长 副镇长 县长 副县长 市长 副市长 区长 副区长 村长 乡长 董事长 总经理 副总经理 经理 贫困户 低保户 困难户
    工人 骨干 校长 副校长 教师 老师 医生 护士 主席 副主席 会长 副会长 队长 副队长 站长 所长 厂长 社长 组长 代表
    标兵 志愿者 网格员 民警 辅警 硕士 博士 教授 研究员 工程师 技术员 负责人 农民 村医 老人 大学生 创始人 理事长
    秘书长 馆长 行长 警官 战士 老兵 退役军人 退伍军人 监督员 调解员 指导员 联系人 户主 养殖户 种植户 专业户 店主
    老板 司机 快递员 外卖员 创业者 带头人 致富带头人 楼长 栋长 党小组长 成员 支委 模范 先锋 能手 之星 科长 主管
    法官 检察官 律师 记者 作家 画家 艺术家 运动员 学生 儿子 女儿 妻子 丈夫 母亲 父亲 老伴 妈妈 爸爸 主持人 讲解员
    宣讲员 第一书记 驻村第一书记 主任科员 科员 会计 出纳 文书 专干 网格长 河长 林长 护士长 里长 志工 义工
    召集人 青年 厨师 社员 队员""".split()
        ),
        key=len,
        reverse=True,
    )
)

# Words after a bare surname that make it a form of address, not a name: 何书记, 李先生, 褚大姐.
HONORIFICS = tuple(
    sorted(
        set(
            """先生 女士 小姐 大姐 大哥 大爷 大妈 大娘 大叔 阿姨 师傅 老师 同志 奶奶 爷爷 婆婆 老汉 老太 姐 哥 叔 婶 嫂 伯 总 工
    老 家 某 氏 阿婆 阿公 阿嬷 阿嫲 阿伯 阿叔 阿婶 阿姐 阿哥 阿妹 老伯 大伯 伯伯 婶婶 嬢嬢""".split()
        )
        | set(ROLE_TITLES),
        key=len,
        reverse=True,
    )
)

# What typically follows a name in running text.
SPEECH_VERBS = (
    "说",
    "介绍",
    "表示",
    "告诉",
    "坦言",
    "指出",
    "认为",
    "回忆",
    "感慨",
    "强调",
    "评价",
    "解释",
    "笑着说",
    "说道",
)
PERSON_NEXT = (
    "也",
    "还",
    "就",
    "曾",
    "已",
    "又",
    "便",
    "正",
    "家",
    "一家",
    "夫妻",
    "夫妇",
    "同志",
    "今年",
    "每天",
    "带领",
    "坚持",
    "来到",
    "一直",
    "始终",
    "点赞",
    "感激",
    "高兴",
    "激动",
    "笑着",
    "自豪",
    "动情",
    "是",
    "正是",
    "作为",
    "主动",
    "积极",
    "和",
    "与",
    "的名字",
    "自己",
)
IS_VERBS = (
    "是",
    "正是",
    "就是",
    "系",
    "现任",
    "担任",
    "作为",
    "被认定为",
    "被评为",
    "成为",
    "是一名",
    "为",
)
# Role nouns end in one of these characters (消防员, 厨师, 护士长, 茶农, 技工): a noun with this ending
# right before a name is read as a role title even when it is not in ROLE_TITLES.
ROLE_NOUN_ENDINGS = "员师长农工"
# '…被镇党委培养为村党支部副书记': the role is what follows 为.
APPOINTED_RE = "被[^，。；！？]{0,15}?(?:培养|选拔|推选|选举|任命|提拔|聘任|聘请|评选|选|评|聘)为"
# Adverbs between a name and 是/担任: 倪春燕还是县人大代表.
IS_ADVERBS = (
    "后来",
    "随后",
    "目前",
    "如今",
    "现在",
    "还",
    "也",
    "又",
    "曾",
    "现",
    "则",
    "便",
    "已",
    "都",
    "原",
)
# A candidate followed by one of these is part of a place or organisation name: 王寨村, 许继配电公司.
PLACE_ORG_SUFFIX = tuple(
    """村 镇 乡 县 区 市 省 街 路 巷 里 屯 庄 寨 湾 桥 山 河 湖 江 港 岛 公司 集团 社区 小区 合作社 厂 店
                          中学 小学 大学 学院 医院 银行 酒店 宾馆 广场 公园 大道 花园 新城 工程 品牌 模式 精神 牌""".split()
)
PLACE_SUFFIXES = "省|自治区|市|地区|州|盟|区|县|旗|镇|乡|街道|村|社区|小区"
ORG_SUFFIXES = (
    "党支部",
    "党总支",
    "党委",
    "支委会",
    "工委",
    "组织部",
    "委员会",
    "办事处",
    "政府",
    "公司",
    "集团",
    "研究院",
    "学院",
    "合作社",
    "联合会",
    "协会",
    "中心",
    "局",
    "部",
    "委",
    "厅",
    "院",
    "所",
    "站",
    "厂",
    "社区",
    "村",
    "镇",
    "街道",
    "学校",
    "医院",
    "银行",
)
