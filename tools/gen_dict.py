#!/usr/bin/env python3
"""gen_dict.py: the shipped rows of scenario.sector_keyword, as SQL.

Usage: gen_dict.py <repo root> > src/dict_seed.sql
       gen_dict.py <repo root> --upgrade sql/scenario--0.1.0--0.2.0.sql
The second form writes the same rows between the "-- BEGIN dict seed" and
"-- END dict seed" lines of the upgrade script, which must ship exactly the
rows of a fresh install (the dump suite compares them).

Standard library only, deterministic output.  Sources:
  data/gbt4754_2017/gbt4754_2017.csv   names and explanatory notes (GB/T 4754-2017)
  src/dict_curated.csv                 the curated list of the priority sectors
  data/scenario_vocab/terms_*.csv      practitioners' terms of every class (zh, en)
  data/scenario_vocab/divisions.csv    practitioners' words of a section, division,
                                       group or class (zh, en), with their source
  data/scenario_vocab/links_*.csv      each class's ISIC Rev.4 correspondences and,
                                       for section C, its wholesale, retail,
                                       repair and rental counterparts
  data/isic_naics_concordance/         ISIC Rev.4 and NAICS 2017 titles (English)

Every row carries its source (the column sector_keyword.source):
  gbt4754-name        names of every level and their cores (weight 0.5)
  gbt4754-note        terms cut from the notes (weight 0.5)
  gbt4754-exclusion   a note's 不包括 clause that names another class: the
                      term becomes evidence for that class (weight 0.5)
  curated-priority    src/dict_curated.csv (its own weights)
  scenario-vocab      data/scenario_vocab terms (2 specific, 1 shared)
  scenario-division   data/scenario_vocab/divisions.csv, words of a whole section
                      or division (the firm, the place, the trade: 药企, brewery)
  scenario-word       data/scenario_vocab/divisions.csv, words of a group or class
  scenario-link       a manufacturing class's specific terms also count, at
                      LINK_WEIGHT, for its wholesale/retail/repair/rental/operation
                      counterpart: the activity cues of the text decide
  activity-cue        division- or section-level cue words of an activity
                      (批发, 零售, 租赁, 维修, 软件, 检测, 施工 ...)
  isic4-title         ISIC Rev.4 titles of the class's correspondences, cut to
                      their distinctive words (weight 0.4)
  naics2017-title     NAICS 2017 titles linked to those ISIC classes in full
                      (weight 0.3)
  role-customer       weight 0: "for", 面向, 用于 ...: the rest of the clause names
                      a customer or a use (counts 0.3, see src/dict.h)
  role-demand         weight 0: "seeks", 寻求 ...: before it in the clause the
                      buyer (0.3), after it the thing bought (2x)
  role-purchase       weight 0: 采购, 招标 ...: what follows in the clause is
                      the thing bought (2x); what precedes is the buyer (0.3)
                      only when something follows (Chinese often puts the
                      thing bought first: 商品混凝土采购); a vocabulary
                      term that ends with one is shipped as its stem, so
                      the cue is not hidden inside it
  role-extra          weight 0: 含, 包括, including ...: the activity cues after
                      it in its clause are bought with the thing (安装调试,
                      培训) and count 0.3
  instrument          weight 0: a drone flown as the tool of a service (用无人机,
                      无人机开展, by drone ...): matched, hiding the drone
                      inside it, worth nothing; the service words decide
  role-buyer          weight 0: 采购人, 招标人, contracting authority ...; their
                      sector (S92, government bodies) is the buyers': in a
                      text with a demand or purchase cue its evidence counts
                      0.3 (the organisation that buys, not what is bought)
  role-org            weight 0: organisation suffixes (局, 集团, 医院, bureau,
                      hospital ...), never matched: a keyword ending with one
                      names an organisation, which in a demand text outside
                      the thing bought is the buyer (0.3)
  boilerplate         weight 0: phrases every profile or business scope
                      carries (专精特新, 有限公司, 技术开发、技术咨询 ...); they
                      match, so they hide the keywords inside them, but count
                      for nothing
A vocabulary or link row naming an unknown code, language or weight fails
the build.  Every class ends up with at least one zh and one en keyword
(checked here too).

Terms of GB/T 4754 (the method, also in docs/dict.md):
  1. every code's name (weight 0.5), and its core: the name without a leading
     其他/其他未列明 and a trailing 制造业/制造/生产/加工/服务/活动/业 (weight 0.5);
     names are also split on 、 and the pieces taken the same way;
  2. notes (weight 0.5): cut into clauses at 。；, drop a clause from
     不包括/不含/除外 on (exclusions name other classes), cut the rest at
     punctuation and at the conjunctions 及 以及 及其 或 和 与 等; a piece
     with 的 keeps its head noun (what follows the last 的); leading verbs and
     fillers (指 包括 用于 各种 ...) and trailing 等/制造/生产/活动 are
     stripped; a piece is dropped when it reads like a clause (进行, 采用,
     用于, 具有 ..., or an inner 等), and kept when it has 3 to 8 characters with a Chinese
     one (two characters are mostly general words) or is a Latin word of 3+
     letters, and is not a generic word (产品, 设备, 零部件 ...);
  3. a note term found in the notes of more than 3 classes is dropped as
     too general to tell classes apart (document frequency filter), and a
     term is not repeated for a code that already has it as a name.
"""
import csv
import io
import os
import re
import sys

MAX_NOTE_DF = 3
MIN_CHARS, MAX_CHARS = 2, 8

NAME_PREFIXES = ("其他未列明", "其他")
NAME_SUFFIXES = ("制造业", "制造", "生产", "加工", "服务", "活动", "业")

LEAD = ("也包括", "还包括", "包括", "主要指", "专指", "是指", "指", "主要", "专门", "以", "对", "为",
        "如", "即", "从事", "用于", "利用", "通过", "各种", "各类", "其他", "其它", "一切", "所有",
        "进行", "提供", "开展", "经营", "将", "由", "经", "按", "并有", "并且", "并", "具有", "包含",
        "具备", "融合了", "配以", "附有", "仅对", "仅", "采用", "属于", "作为", "供", "把", "在", "从",
        "向", "其", "他")
TRAIL = ("等活动", "等服务", "的制造", "的生产", "的加工", "制造", "生产", "加工", "活动", "等",
         "的", "类", "业")
GENERIC = set("""产品 设备 零部件 部件 零件 配件 材料 制品 原料 装置 器具 器材 用品 工具 机械 仪器 系统
服务 活动 生产 制造 加工 管理 技术 行业 企业 单位 机构 项目 工程 业务 相关 其他 各种 组织 专用设备
相关产品 附件 配套 专用 一般 主要 以上 以下 工作 使用 用途 方式 场所 有关""".split())
EXCLUDE = re.compile(r"(不包括|不含|除外|但不|包括在)")
SPLIT = re.compile(r"[，、,：:（）()“”\"《》/〔〕\[\]；;。.]|以及|及其他|及其|及|或者|或|和|与")
VERBY = re.compile(r"(进行|制成|采用|用于|属于|具有|可以|能够|以上|以下|为主|为核心|一定|总称|主要|通过)")
HAS_CJK = re.compile(r"[\u3400-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
BAD = re.compile(r"(门类|大类|中类|小类|[～~0-9０-９]{2,})")


def sql_str(s):
    return "'" + s.replace("'", "''") + "'"


def gbt_code(row):
    return "gbt4754:" + (row["code"] if row["level"] == "1" else row["section"] + row["code"])


def strip_affixes(term, prefixes, suffixes):
    changed = True
    while changed:
        changed = False
        for p in prefixes:
            if term.startswith(p) and len(term) > len(p):
                term, changed = term[len(p):], True
        for s in suffixes:
            if term.endswith(s) and len(term) > len(s):
                term, changed = term[:-len(s)], True
    return term


def acceptable(term, min_chars=MIN_CHARS):
    n = len(term)
    if n < min_chars or n > MAX_CHARS or term in GENERIC or BAD.search(term):
        return False
    return bool(HAS_CJK.search(term) or LATIN_WORD.search(term))


def name_terms(name):
    out = [name]
    pieces = [name] + [p for p in re.split(r"[、，,]", name) if p != name]
    for p in pieces:
        core = strip_affixes(p, NAME_PREFIXES, NAME_SUFFIXES)
        if p != name:
            out.append(p)
        out.append(core)
    seen, res = set(), []
    for t in out:
        t = t.strip()
        if t and t not in seen and (t == name or acceptable(t)):
            seen.add(t)
            res.append(t)
    return res


def note_terms(note):
    terms = []
    for clause in re.split(r"[。；;]", note):
        m = EXCLUDE.search(clause)
        if m:
            clause = clause[:m.start()]
        for piece in SPLIT.split(clause):
            piece = piece.strip()
            if "的" in piece:
                piece = piece[piece.rindex("的") + 1:]
            piece = strip_affixes(piece, LEAD, TRAIL)
            if VERBY.search(piece) or ("等" in piece.replace("等离子", "")) or "％" in piece:
                continue
            # two Chinese characters are mostly a general word in notes
            if (acceptable(piece, 3) or (LATIN_WORD.fullmatch(piece) and acceptable(piece))) \
                    and piece not in terms:
                terms.append(piece)
    return terms


NAME_WEIGHT, NOTE_WEIGHT, EXCL_WEIGHT = "0.5", "0.5", "0.5"
LINK_WEIGHT = 0.15
ISIC_WEIGHT, NAICS_WEIGHT = "0.4", "0.3"
MAX_EN_DF = 6           # an English title word shared by more classes is dropped

# Activity cues: (keyword, lang, sector, weight).  They make the section of
# the activity the text describes win over the section of the product.
CUES = [
    ("批发", "zh", "F51", 2.5), ("经销", "zh", "F51", 2.5), ("分销", "zh", "F51", 2.5),
    ("代理", "zh", "F51", 0.8), ("销售", "zh", "F51", 1), ("贸易", "zh", "F51", 1),
    ("一级代理", "zh", "F51", 2.5), ("总代理", "zh", "F51", 2.5),
    ("零售", "zh", "F52", 2.5), ("门店", "zh", "F52", 2), ("专卖", "zh", "F52", 2.5),
    ("专卖店", "zh", "F52", 1.5), ("网店", "zh", "F52", 1.5), ("商场", "zh", "F52", 1),
    ("租赁", "zh", "L71", 2.5), ("出租", "zh", "L71", 2.5), ("租用", "zh", "L71", 2), ("月租", "zh", "L71", 2.5),
    ("维修", "zh", "O81", 1.5), ("保养", "zh", "O81", 1.5), ("修理", "zh", "O81", 1.5),
    ("维修", "zh", "C43", 1.5), ("检修", "zh", "C43", 1.5),
    ("软件", "zh", "I65", 1), ("平台", "zh", "I64", 0.5), ("系统开发", "zh", "I65", 1.5),
    ("软件开发", "zh", "I65", 1.5), ("SaaS", "en", "I65", 1.5), ("APP", "en", "I65", 0.5),
    ("研发", "zh", "M73", 0.5), ("研究", "zh", "M73", 0.5), ("检测", "zh", "M74", 1),
    ("检验", "zh", "M74", 1), ("认证", "zh", "M74", 1), ("设计", "zh", "M74", 0.5),
    ("航拍", "zh", "G56", 1.5), ("巡检", "zh", "G56", 1), ("巡查", "zh", "G56", 1),
    # 配送 is any delivery (trucks, couriers, drones): the section, and the
    # vehicle's words choose the division
    ("巡河", "zh", "G56", 1.5), ("送餐", "zh", "G56", 1.5), ("配送", "zh", "G", 1),
    ("航线", "zh", "G56", 1.5), ("运输", "zh", "G56", 1), ("运送", "zh", "G56", 1.5), ("运营", "zh", "G56", 0.5),
    ("培训", "zh", "P83", 1.5), ("课程", "zh", "P83", 1), ("training", "en", "P83", 1.5),
    ("courses", "en", "P83", 1.5), ("classes", "en", "P83", 1),
    ("aerial", "en", "G56", 1), ("operator", "en", "G56", 0.5), ("flights", "en", "G56", 1),
    ("灯光秀", "zh", "R90", 1.5), ("表演", "zh", "R88", 1), ("演出", "zh", "R88", 1),
    ("航测", "zh", "M74", 1.5), ("测绘", "zh", "M74", 1.5), ("勘测", "zh", "M74", 1),
    ("飞防", "zh", "A05", 1.5), ("植保作业", "zh", "A05", 1.5), ("喷洒作业", "zh", "A05", 1.5),
    ("light show", "en", "R90", 1.5), ("performances", "en", "R88", 1), ("mapping", "en", "M74", 1),
    ("surveying", "en", "M74", 1.5), ("sightseeing", "en", "G56", 1), ("deliveries", "en", "G56", 1),
    ("施工", "zh", "E", 1.5), ("安装", "zh", "E", 0.5), ("工程", "zh", "E", 0.5),
    ("建设", "zh", "E", 0.5), ("施工总承包", "zh", "E", 1.5), ("工程总承包", "zh", "E", 1.5),
    ("建设工程", "zh", "E", 1.5), ("工程施工", "zh", "E", 1.5), ("土建", "zh", "E", 1.5),
    ("新建", "zh", "E", 0.5), ("改扩建", "zh", "E", 1), ("general contractor", "en", "E", 1.5),
    ("civil works", "en", "E", 1.5), ("EPC", "en", "E", 1),
    ("制造", "zh", "C", 1), ("生产", "zh", "C", 1), ("研制", "zh", "C", 1),
    ("工厂", "zh", "C", 1), ("生产线", "zh", "C", 1), ("代工", "zh", "C", 1), ("贴牌", "zh", "C", 1),
    ("OEM", "en", "C", 1), ("ODM", "en", "C", 1), ("车间", "zh", "C", 1), ("产线", "zh", "C", 1),
    ("厂家", "zh", "C", 1), ("生产基地", "zh", "C", 1), ("产能", "zh", "C", 1), ("量产", "zh", "C", 1),
    ("加工", "zh", "C", 1), ("组装", "zh", "C", 1), ("总装", "zh", "C", 1), ("酿造", "zh", "C", 1),
    ("自产", "zh", "C", 1),
    ("制作", "zh", "C", 0.5), ("manufactures", "en", "C", 1), ("assembles", "en", "C", 1),
    ("assembly plant", "en", "C", 1), ("final assembly", "en", "C", 1), ("final-assembly", "en", "C", 1), ("producer", "en", "C", 1), ("production", "en", "C", 0.5),
    ("workshop", "en", "C", 0.5), ("mill", "en", "C", 0.5),
    # a shop that makes: the trade's word for a factory floor, not a store
    ("machine shop", "en", "C", 1), ("moulding shop", "en", "C", 1), ("molding shop", "en", "C", 1),
    ("job shop", "en", "C", 1), ("stamping shop", "en", "C", 1), ("CNC shop", "en", "C", 1),
    ("mass production", "en", "C", 1), ("production lines", "en", "C", 1), ("production line", "en", "C", 1),
    ("wholesale", "en", "F51", 2.5), ("wholesaler", "en", "F51", 2.5), ("distributor", "en", "F51", 2.5),
    ("distribution", "en", "F51", 0.8), ("trading", "en", "F51", 1), ("sales", "en", "F51", 0.8),
    ("retail", "en", "F52", 1.5), ("retailer", "en", "F52", 1.5), ("store", "en", "F52", 1),
    ("stores", "en", "F52", 1), ("dealer", "en", "F52", 1.5), ("showrooms", "en", "F52", 1.5), ("shop", "en", "F52", 1), ("outlet", "en", "F52", 1),
    ("rental", "en", "L71", 2.5), ("leasing", "en", "L71", 2.5), ("hire", "en", "L71", 1.5), ("rent", "en", "L71", 2.5),
    ("repair", "en", "O81", 1.5), ("repairs", "en", "O81", 1.5), ("maintenance", "en", "C43", 1),
    ("overhaul", "en", "C43", 1),
    ("software", "en", "I65", 1), ("platform", "en", "I64", 0.5), ("app", "en", "I65", 0.5),
    ("R&D", "en", "M73", 0.5), ("research", "en", "M73", 0.5), ("testing", "en", "M74", 1),
    ("inspection", "en", "M74", 0.5), ("certification", "en", "M74", 1), ("design", "en", "M74", 0.5),
    ("construction", "en", "E", 1.5), ("installation", "en", "E", 0.5), ("contractor", "en", "E", 1),
    ("manufacturer", "en", "C", 1), ("manufacturing", "en", "C", 1), ("maker", "en", "C", 1),
    ("factory", "en", "C", 1), ("plant", "en", "C", 0.5), ("produces", "en", "C", 1),
    ("makes", "en", "C", 1), ("builds", "en", "C", 0.5),
    # software and platforms (activity-product: also head nouns, see
    # modifier() in src/dict_classify.c)
    ("管理平台", "zh", "I65", 1.5), ("监管平台", "zh", "I65", 1.5), ("管理系统", "zh", "I65", 1.5),
    ("信息系统", "zh", "I65", 1.5), ("数据中台", "zh", "I65", 1.5), ("数据平台", "zh", "I65", 1),
    ("小程序", "zh", "I65", 1), ("云平台", "zh", "I64", 1), ("服务平台", "zh", "I64", 0.5),
    ("management platform", "en", "I65", 1.5), ("management system", "en", "I65", 1),
    ("information system", "en", "I65", 1.5), ("data platform", "en", "I65", 1),
    ("manufacture", "en", "C", 1), ("produce", "en", "C", 0.5), ("fabrication", "en", "C", 1),
    ("fabricates", "en", "C", 1), ("manufactured", "en", "C", 0.5),
    # the trade's other words for renting and testing, and processing
    ("lease", "en", "L71", 2.5), ("lessor", "en", "L71", 2.5),
    ("tests", "en", "M74", 1), ("lab", "en", "M74", 0.5), ("laboratory", "en", "M74", 0.5),
    ("calibration", "en", "M74", 1), ("校准", "zh", "M74", 1), ("检定", "zh", "M74", 1),
    ("processing", "en", "C", 0.5),
    # farm work done for others (A05): sowing, spraying, ploughing by the mu
    ("土地托管", "zh", "A05", 1.5), ("全程托管", "zh", "A05", 1.5),
    ("统防统治", "zh", "A05", 1.5), ("每亩", "zh", "A05", 0.5), ("per mu", "en", "A05", 1.5),
    # verbs of the trades as profiles write them; fabless designs chips, it
    # does not make them (I6520)
    ("短租", "zh", "L71", 2.5), ("长租", "zh", "L71", 2), ("租期", "zh", "L71", 1.5),
    ("distributes", "en", "F51", 2.5), ("resellers", "en", "F51", 1.5), ("enterprise dealer", "en", "F51", 2.5),
    ("sells", "en", "F51", 0.8), ("installs", "en", "E", 0.5),
    ("inspects", "en", "M74", 0.5), ("fabless", "en", "I65", 1.5), ("芯片设计", "zh", "I65", 1),
    ("analytics platform", "en", "I65", 1.5), ("cloud platform", "en", "I64", 1),
    ("mini-program", "en", "I65", 1), ("mini program", "en", "I65", 1),
]
# Role cues (weight 0, sector M like the boilerplate; the classifier reads
# their source): after a customer cue the words of the clause name who is
# served or what the thing is used for, not the activity; a demand cue
# splits its clause into the buyer (before) and the thing bought (after).
ROLE_CUSTOMER = {
    "zh": """面向 服务于 应用于 广泛应用于 可应用于 主要应用于 用于 适用于 供应给 配套给 销往 出口到 客户包括
客户涵盖 客户有 主要客户 服务客户 为客户 助力 赋能 配发 配发给 分发给 发放给 交付给""".split(),
    "en": ["for", "serving", "serves", "supplied to", "supplies to", "sold to", "sells to", "used in",
           "used by", "used for", "customers include", "clients include", "clients", "customers",
           "applied in", "aimed at", "designed for", "tailored to", "delivered to", "deliveries to",
           "selling to", "supplier to", "supplier for"],
}
ROLE_DEMAND = {
    "zh": """寻求 寻找 征集 需求 需要 拟建 诚邀 招募 遴选 希望引入 计划引入 拟引入 面向社会征集 急需 想找 委托
拟委托 外包给 邀请 招引 征求 公开招募 想上 拟上线 计划上线 想引入""".split(),
    "en": ["seeks", "seeking", "wants", "is looking for", "looking for", "needs", "invites bids",
           "invites tenders", "tender", "tenders", "tender for", "procurement of", "procures", "to procure",
           "RFP", "requests proposals", "calls for", "is buying", "plans to buy", "invitation to tender",
           "invites", "invite", "is inviting", "welcomes proposals", "buys", "is purchasing", "purchases"],
}
# purchase cues: Chinese puts the thing bought before them as often as after
ROLE_PURCHASE = {
    "zh": """采购 拟采购 招标 公开招标 邀请招标 求购 比选 询价 竞争性磋商 采购项目 招标公告 采购公告
购买服务""".split(),
    "en": ["procurement", "RFQ", "tender notice", "bid notice"],
}
# longest first: the tails stripped from a vocabulary term (main())
PURCHASE_TAILS = sorted(ROLE_PURCHASE["zh"], key=len, reverse=True)
# extras: what a notice buys with the thing (含安装调试、培训, "including
# installation"): the activity cues after one in its clause are part of the
# purchase, not its kind, and count 0.3; the products there are its parts
ROLE_EXTRA = {
    "zh": """含 并含 另含""".split(),
    "en": ["including", "incl.", "incl"],
}
# buyer cues: what the notices call the buyer; their sector (government
# bodies) is where the organisations that issue demand texts sit, and in a
# text with a demand or purchase cue its evidence names who buys
ROLE_BUYER = {
    "zh": """采购人 采购单位 招标人 招标单位 建设单位 业主单位 需求单位 发布单位""".split(),
    "en": ["contracting authority", "purchaser", "procuring entity", "procuring agency", "buyer",
           "issuing authority"],
}
BUYER_SECTOR = "gbt4754:S92"
# organisation suffixes: a keyword that ends with one (供电局, 公交集团,
# "county hospital", "transport bureau") names an organisation, and in a
# demand text, outside the thing bought, that organisation is the buyer.
# These rows are not matched: they only mark the keywords that end so
# (src/dict_classify.c), so the keywords themselves (医院) keep their rows.
ROLE_ORG = {
    "zh": """局 厅 委 委员会 管委会 办公室 政府 集团 公司 医院 卫生院 学校 中学 小学 大学 学院 幼儿园 院
研究所 事务所 派出所 街道办 居委会 村委会 协会 商会 联盟 联合会 图书馆 博物馆 银行 厂
服务中心 创新中心 研究中心""".split(),
    "en": ["bureau", "authority", "department", "ministry", "office", "government", "council", "commission",
           "committee", "administration", "agency", "hospital", "school", "university", "college", "academy",
           "institute", "library", "museum", "company", "corporation", "group", "co-op", "cooperative",
           "association", "federation", "alliance", "bank", "utility", "police", "factory", "factories"],
}
ROLES = (("role-customer", ROLE_CUSTOMER), ("role-demand", ROLE_DEMAND), ("role-purchase", ROLE_PURCHASE),
         ("role-extra", ROLE_EXTRA), ("role-buyer", ROLE_BUYER), ("role-org", ROLE_ORG))
ROLE_SOURCES = tuple(r for r, _ in ROLES)

# Boilerplate: matched (so what lies inside is hidden) but worth nothing.
BOILERPLATE = """专精特新 小巨人 专精特新小巨人 高新技术企业 国家高新技术企业 国家级高新技术企业 有限公司 有限责任公司
股份有限公司 科技有限公司 技术服务 技术开发 技术咨询 技术交流 技术转让 技术推广 一般项目 许可项目
依法须经批准的项目 凭营业执照依法自主开展经营活动 注册资本 发明专利 实用新型专利 知识产权 瞪羚企业
独角兽企业 上市公司 科创板 创业板 研发中心 工程技术研究中心 企业技术中心 重点实验室 总部位于 成立于
货物进出口 技术进出口 货物及技术进出口 进出口业务 通过第三方检测 通过检测认证 通过认证 通过检测 获得认证
取得认证 天使轮融资 Pre-A轮融资 A轮融资 B轮融资 C轮融资 D轮融资
物料配送 厂内物流
便利店渠道 商超渠道 餐饮渠道 电商渠道 线上渠道 线下渠道 零售渠道
开展商""".split()
# (融资: a firm that raises a round is not an investor; 物料配送: delivery
# inside a plant is the task of the product, not a transport trade; 渠道:
# the channels a maker sells through, not its trade)
# (开展商: 开展商用清洁机器人 held 展商, exhibitor, across the word boundary)
# Instruments: a drone the text flies to do something (用无人机开展巡查,
# surveys by drone) is the tool of a service, not the thing made or bought;
# matched (hiding the drone inside) and worth nothing, so the service words
# of the text decide.  The practitioners' ways of saying "using a drone".
INSTRUMENT = {
    "zh": """用无人机 利用无人机 使用无人机 通过无人机 借助无人机 采用无人机 运用无人机 出动无人机 派出无人机
无人机开展 无人机进行 无人机执行 无人机实施 无人机完成 无人机对""".split(),
    "en": ["by drone", "by drones", "using drones", "using a drone", "using UAVs", "with drones", "drone-based",
           "drone-assisted", "UAV-based", "deploy drones", "deploys drones", "flying drones",
           "fly drones", "fly UAVs", "fly multirotor", "fly multirotors"],
}
BOILERPLATE_EN = ["Co., Ltd.", "Co. Ltd", "Ltd", "Inc", "high-tech enterprise", "ISO 9001",
                  "headquartered", "founded", "company", "limited", "import and export",
                  "import and export of goods", "import & export", "passed third-party testing",
                  "third-party tested", "certified to",
                  # a firm raising money is not an investor; a supervisor
                  # works through a construction phase without building
                  "Series A", "Series B", "Series C", "Series D", "pre-A round", "angel round",
                  "funding round", "construction phase", "construction period",
                  # a maker's pack sizes and list prices, not a retail trade
                  "retail price", "retail prices", "suggested retail price", "retail bottles",
                  "retail packs", "retail pack", "retail packaging", "retail boxes"]
EN_STOP = set("""manufacture manufacturing of other n.e.c. nec activities activity and the for
related except production products product services service support incidental to in on
with without from by as or its their a an all not elsewhere classified parts accessories
general similar specialized specialised various industries industry establishments
miscellaneous etc including includes primarily engaged operation operations
n.e.c.) (except""".split())


# words that make a phrase a counterpart's ("drone repair", "crane rental")
COUNTERPART_WORDS = set("""repair repairs rental rentals rent hire leasing lease maintenance wholesale
wholesaler wholesalers retail retailer retailers shop shops store stores dealer dealers distributor
distributors distribution trading servicing refurbishment recycling""".split())
HEAD_SOURCES = ("scenario-vocab", "scenario-word", "curated-priority")
OWN_SOURCES = HEAD_SOURCES + ("scenario-division", "gbt4754-name", "gbt4754-note", "gbt4754-exclusion",
                              "isic4-title", "naics2017-title")


def head_words(rows):
    """The rows of source vocab-word (see the call)."""
    words = re.compile(r"[a-z][a-z0-9-]*")
    owners, support, known = {}, {}, set()
    for sec, kw, w, lang, src in rows:
        if lang != "en":
            continue
        known.add(kw.lower())
        if src not in OWN_SOURCES:
            continue
        ws = words.findall(kw.lower())
        if any(x in COUNTERPART_WORDS for x in ws):
            continue
        for x in set(ws):
            owners.setdefault(x, set()).add(sec)
            if src in HEAD_SOURCES and len(ws) >= 2 and float(w) > 0:
                support[(x, sec)] = support.get((x, sec), 0) + 1
    out = []
    for x, secs in sorted(owners.items()):
        if len(secs) != 1 or len(x) < 5 or x in EN_STOP or x in known or "-" in x:
            continue
        sec = next(iter(secs))
        if support.get((x, sec), 0) >= 2:
            out.append((sec, x, "1", "en", "vocab-word"))
    return out


class Bad(Exception):
    pass


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def en_terms(title):
    """The distinctive phrases of an English title: no 'manufacture of',
    no 'other', no 'n.e.c.', nothing from 'except' on."""
    t = title.strip()
    t = re.split(r"\b(?:except|excluding|other than)\b", t, flags=re.I)[0]
    t = re.sub(r"\([^)]*\)?", " ", t)
    t = re.sub(r"\bn\.e\.c\.?", " ", t, flags=re.I)
    out = []
    for piece in re.split(r",|;|\band\b|\bor\b|\bof\b|\bfor\b|\bwith\b|\bto\b|\bin\b|\bby\b", t, flags=re.I):
        words = [w for w in re.findall(r"[A-Za-z][A-Za-z'-]*", piece) if w.lower() not in EN_STOP]
        if 1 <= len(words) <= 4:
            term = " ".join(words)
            if len(term) >= 4 and term.lower() not in out:
                out.append(term.lower())
    return out


def singular(term):
    """The English singular of a term's last word when it is a plural, or None."""
    m = re.search(r"([a-z]{4,})$", term)
    if not m or term != term.lower() or not term.endswith("s") or term.endswith(("ss", "us", "is")):
        return None
    if term.endswith("ies"):
        return term[:-3] + "y"
    if term.endswith(("ches", "shes", "xes", "sses")):
        return term[:-2]
    return term[:-1]


def plural(term):
    """The English plural of a term's last word, or None."""
    m = re.search(r"([a-z]{3,})$", term)
    if not m or term.endswith("s") or term != term.lower():
        return None
    w = m.group(1)
    if w.endswith(("x", "ch", "sh")):
        return term + "es"
    if w.endswith("y") and w[-2] not in "aeiou":
        return term[:-1] + "ies"
    return term + "s"


# British and American spellings of the same word (whole words, lower case):
# an English term also matches in the other spelling
SPELLING = [("centre", "center"), ("fibre", "fiber"), ("metre", "meter"), ("litre", "liter"),
            ("theatre", "theater"), ("calibre", "caliber"), ("colour", "color"), ("labour", "labor"),
            ("harbour", "harbor"), ("flavour", "flavor"), ("behaviour", "behavior"), ("neighbour", "neighbor"),
            ("odour", "odor"), ("vapour", "vapor"), ("armour", "armor"), ("tumour", "tumor"),
            ("mould", "mold"), ("moulding", "molding"), ("moulds", "molds"), ("aluminium", "aluminum"),
            ("tyre", "tire"), ("tyres", "tires"), ("jewellery", "jewelry"), ("jeweller", "jeweler"),
            ("programme", "program"), ("programmes", "programs"), ("licence", "license"),
            ("licensing", "licencing"), ("defence", "defense"), ("grey", "gray"), ("plough", "plow"),
            ("sulphur", "sulfur"), ("sulphuric", "sulfuric"), ("catalogue", "catalog"), ("analogue", "analog"),
            ("paediatric", "pediatric"), ("orthopaedic", "orthopedic"), ("anaesthesia", "anesthesia"),
            ("haemodialysis", "hemodialysis"), ("oestrogen", "estrogen"), ("ageing", "aging"),
            ("modelling", "modeling"), ("travelling", "traveling"), ("labelling", "labeling"),
            ("signalling", "signaling"), ("fuelling", "fueling"), ("counselling", "counseling"),
            ("levelling", "leveling"), ("aeroplane", "airplane"), ("aeroplanes", "airplanes"),
            ("speciality", "specialty"), ("yoghurt", "yogurt"), ("chilli", "chili"), ("whisky", "whiskey"),
            ("storeys", "stories"), ("cheque", "check"), ("kerbside", "curbside"), ("pyjamas", "pajamas"),
            ("enrolment", "enrollment"), ("fulfilment", "fulfillment"), ("instalment", "installment"),
            ("skilful", "skillful"), ("cosy", "cozy"), ("draught", "draft"), ("manoeuvre", "maneuver"),
            ("oesophageal", "esophageal"), ("haematology", "hematology"), ("gynaecology", "gynecology"),
            ("leukaemia", "leukemia"), ("diarrhoea", "diarrhea"), ("foetal", "fetal"), ("practise", "practice")]
SPELL_TO = dict(SPELLING + [(b, a) for a, b in SPELLING if b not in ("check", "draft", "stories", "practice")])
SPELL_SUFFIX = (("isation", "ization"), ("ization", "isation"), ("ised", "ized"), ("ized", "ised"),
                ("ising", "izing"), ("izing", "ising"), ("ise", "ize"), ("ize", "ise"), ("yse", "yze"),
                ("yze", "yse"), ("yser", "yzer"), ("yzer", "yser"))


def spellings(term):
    """The other spellings of an English term: British or American
    (centre, center; organisation, organization) and a hyphenated compound
    written open or closed (check-ups: check ups, checkups)."""
    if term != term.lower() or not re.search(r"[a-z]", term):
        return []

    def word(w):
        if w in SPELL_TO:
            return SPELL_TO[w]
        for a, b in SPELL_SUFFIX:
            if len(w) > len(a) + 3 and w.endswith(a):
                return w[:-len(a)] + b
        return w
    out = []
    spelt = re.sub(r"[a-z]+", lambda m: word(m.group(0)), term)
    if spelt != term:
        out.append(spelt)
    for t in [term] + out[:]:
        if re.search(r"[a-z]-[a-z]", t):
            out.append(re.sub(r"(?<=[a-z])-(?=[a-z])", " ", t))
            out.append(re.sub(r"(?<=[a-z])-(?=[a-z])", "", t))
    return [t for t in out if t != term]


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    rows = []           # (sector, keyword, weight, lang, source)
    with open(os.path.join(root, "data", "gbt4754_2017", "gbt4754_2017.csv"), encoding="utf-8") as f:
        cat = list(csv.DictReader(f))
    names = {}
    cores = {}          # name or core of a class -> the class
    classes = {}
    for r in cat:
        code = gbt_code(r)
        names[code] = set(name_terms(r["name"]))
        if r["level"] == "4":
            classes[code] = r
            for t in names[code]:
                cores.setdefault(t, set()).add(code)
        for t in sorted(names[code], key=lambda t: (len(t), t)):
            rows.append((code, t, NAME_WEIGHT, "zh", "gbt4754-name"))
    known = set(names)
    notes = {}
    df = {}
    for r in cat:
        if r["description"]:
            code = gbt_code(r)
            notes[code] = [t for t in note_terms(r["description"]) if t not in names[code]]
            for t in set(notes[code]):
                df[t] = df.get(t, 0) + 1
    for code in sorted(notes):
        for t in notes[code]:
            if df[t] <= MAX_NOTE_DF:
                rows.append((code, t, NOTE_WEIGHT, "en" if not HAS_CJK.search(t) else "zh", "gbt4754-note"))
    # exclusions: a term the notes send elsewhere is evidence for where it goes
    for r in cat:
        code = gbt_code(r)
        for clause in re.split(r"[。；;]", r["description"] or ""):
            m = re.search(r"不包括|不含", clause)
            if not m:
                continue
            for piece in SPLIT.split(clause[m.end():]):
                piece = strip_affixes(piece.strip(), LEAD, TRAIL)
                if "的" in piece:
                    piece = piece[piece.rindex("的") + 1:]
                piece = strip_affixes(piece, LEAD, TRAIL)
                targets = cores.get(piece) or \
                    {c for c, cr in classes.items() if len(piece) >= 3 and piece in cr["name"]}
                if len(targets) > 2:
                    continue
                for target in sorted(targets):
                    if target != code and acceptable(piece, 3):
                        rows.append((target, piece, EXCL_WEIGHT, "zh", "gbt4754-exclusion"))
    with open(os.path.join(root, "src", "dict_curated.csv"), encoding="utf-8") as f:
        lines = [l for l in f if not l.startswith("#")]
    for r in csv.DictReader(lines):
        kw = r["keyword"].strip()
        rows.append(("gd:" + r["gd"], kw, r["weight"], r["lang"], "curated-priority"))
        rows.append(("gbt4754:" + r["gbt4754"], kw, r["weight"], r["lang"], "curated-priority"))

    # the scenario vocabulary and its links
    vdir = os.path.join(root, "data", "scenario_vocab")
    vocab = {}
    # every terms_N.csv, in the order of N (a round adds the next file)
    numbered = (re.fullmatch(r"terms_(\d+)\.csv", f) for f in os.listdir(vdir))
    for n in sorted(int(m.group(1)) for m in numbered if m):
        path = os.path.join(vdir, "terms_%d.csv" % n)
        for i, r in enumerate(read_csv(path), 2):
            code, lang, term, w = (r.get(k) for k in ("code", "lang", "term", "weight"))
            where = "%s:%d" % (path, i)
            if ("gbt4754:" + (code or "")) not in classes:
                raise Bad("%s: unknown GB/T 4754 class %r" % (where, code))
            if lang not in ("zh", "en") or w not in ("1", "2") or not (term or "").strip() \
                    or len(term.strip().encode()) > 255:
                raise Bad("%s: bad row %r" % (where, r))
            term = term.strip()
            # a term that ends with a purchase cue (物业服务采购) would hide
            # the cue, and the text would no longer read as a purchase: the
            # term is its stem, and the cue is matched on its own
            if lang == "zh":
                for cue in PURCHASE_TAILS:
                    if term.endswith(cue) and len(term) - len(cue) >= 2:
                        term = term[:-len(cue)]
                        break
            rows.append(("gbt4754:" + code, term, w, lang, "scenario-vocab"))
            vocab.setdefault(code, []).append((term, lang, w))
    # the practitioners' words of sections, divisions, groups and classes
    path = os.path.join(vdir, "divisions.csv")
    for i, r in enumerate(read_csv(path), 2):
        code, lang, term, w, src = (r.get(k) for k in ("code", "lang", "term", "weight", "source"))
        where = "%s:%d" % (path, i)
        sector = "gbt4754:" + (code or "")
        if sector not in known:
            raise Bad("%s: unknown GB/T 4754 code %r" % (where, code))
        if lang not in ("zh", "en") or w not in ("1", "2") or not (term or "").strip() \
                or len(term.strip().encode()) > 255 or src not in ("scenario-division", "scenario-word"):
            raise Bad("%s: bad row %r" % (where, r))
        rows.append((sector, term.strip(), w, lang, src))
        if len(code) == 5:
            vocab.setdefault(code, []).append((term.strip(), lang, w))
    isic_title = {r["Code"]: r["Description"] for r in
                  read_csv(os.path.join(root, "data", "isic_naics_concordance", "isic_rev4_structure.csv"))}
    naics = {}
    for r in read_csv(os.path.join(root, "data", "isic_naics_concordance", "naics2017_to_isic4.csv")):
        if not r["part_of_naics"].strip() and r["naics2017"] != "0":
            naics.setdefault(r["isic4"], []).append(r["naics2017_title"])
    counterparts = []
    en_rows = []
    for n in range(1, 7):
        path = os.path.join(vdir, "links_%d.csv" % n)
        for i, r in enumerate(read_csv(path), 2):
            where = "%s:%d" % (path, i)
            code, rel, target = r.get("code"), r.get("relation"), (r.get("target") or "").strip()
            if ("gbt4754:" + (code or "")) not in classes:
                raise Bad("%s: unknown GB/T 4754 class %r" % (where, code))
            if rel == "isic4":
                t = target.rstrip("*")
                if t not in isic_title:
                    raise Bad("%s: unknown ISIC Rev.4 code %r" % (where, target))
                for term in en_terms(isic_title[t]):
                    en_rows.append(("gbt4754:" + code, term, ISIC_WEIGHT, "en", "isic4-title"))
                if not target.endswith("*"):
                    for title in naics.get(t, ()):
                        for term in en_terms(title):
                            en_rows.append(("gbt4754:" + code, term, NAICS_WEIGHT, "en", "naics2017-title"))
            elif rel in ("wholesale", "retail", "repair", "rental", "operation"):
                if ("gbt4754:" + target) not in classes:
                    raise Bad("%s: unknown GB/T 4754 class %r" % (where, target))
                counterparts.append((code, target, rel))
            else:
                raise Bad("%s: unknown relation %r" % (where, rel))
    edf = {}
    for s, t, w, l, src in set(en_rows):
        edf.setdefault(t, set()).add(s)
    # a single title word counts only when no other class has it
    rows += [r for r in en_rows if len(edf[r[1]]) <= (MAX_EN_DF if " " in r[1] else 1)]
    for code, target, rel in counterparts:
        for term, lang, w in vocab.get(code, ()):
            # what is operated is named by its generic words too (无人机)
            if w == "2" or rel == "operation":
                rows.append(("gbt4754:" + target, term, "%g" % (LINK_WEIGHT * int(w)), lang, "scenario-link"))
    def cue_source(sec):
        return "activity-make" if sec == "C" else "activity-product" if sec in ("I64", "I65") else "activity-cue"
    # a term of a section that holds one of that section's activity cues
    # (土建施工 of E4899 holds 施工) is that cue too: the longer match would
    # otherwise hide the cue inside it.  Not trade, renting and software,
    # whose terms already name their class (化妆品零售 would count its
    # retail twice); making only as the term's last word (无纺布生产,
    # "battery manufacturing": a licence scope's lead item makes), since
    # 加工中心 is a machine, not machining, and a coffee maker a product
    inner = {}
    for kw, lang, sec, w in CUES:
        if w >= 1 and sec not in ("F51", "F52", "L71", "I64", "I65") and kw != "maker":
            inner.setdefault((sec[0], lang, sec == "C"), []).append((kw, sec, w))
    cue_re = {}
    for (letter, lang, making), v in inner.items():
        alt = "|".join((re.escape(kw) if lang == "zh" else r"\b" + re.escape(kw) + r"\b")
                       for kw, _, _ in sorted(v, key=lambda c: -len(c[0])))
        if making:
            alt = ("(?:%s)$" if lang == "zh" else "(?<= )(?:%s)$") % alt
        cue_re.setdefault((letter, lang), []).append(
            (re.compile(alt, re.I), {kw.lower(): (sec, w) for kw, sec, w in v}, making))
    made = []                           # (the making rows go last)
    for sec_code, term, w, lang, src in list(rows):
        if src not in ("scenario-vocab", "scenario-word", "scenario-division", "curated-priority"):
            continue
        for rx, by, making in cue_re.get((sec_code[8:9], lang), ()):
            m = rx.search(term)
            if m and m.group(0).lower() != term.lower():
                csec, cw = by[m.group(0).lower()]
                (made if making else rows).append(("gbt4754:" + csec, term, "%g" % cw, lang, cue_source(csec)))
    rows += made
    for kw, lang, sec, w in CUES:
        if ("gbt4754:" + sec) not in known:
            raise Bad("cue %r: unknown sector %r" % (kw, sec))
        rows.append(("gbt4754:" + sec, kw, "%g" % (w), lang, cue_source(sec)))
    for role, cues in ROLES:
        for lang in ("zh", "en"):
            for kw in cues[lang]:
                rows.append((BUYER_SECTOR if role == "role-buyer" else "gbt4754:M", kw, "0", lang, role))
    for lang in ("zh", "en"):
        for kw in INSTRUMENT[lang]:
            rows.append(("gbt4754:M", kw, "0", lang, "instrument"))
    for kw in BOILERPLATE:
        rows.append(("gbt4754:M", kw, "0", "zh", "boilerplate"))
    for kw in BOILERPLATE_EN:
        rows.append(("gbt4754:M", kw, "0", "en", "boilerplate"))

    # English words of one class: a word (of five letters or more, no
    # stopword) that two or more of a class's English phrases share and no
    # other sector's English keywords use (the counterparts' phrases, "X
    # repair", "X rental", aside): "ultrasound" of ultrasound scanner,
    # portable ultrasound, for texts that write "handheld ultrasound probes"
    rows += head_words(rows)
    # singulars of the practitioners' plurals: "exoskeletons" -> "exoskeleton"
    rows += [(sec, singular(k), w, l, src) for sec, k, w, l, src in rows
             if l == "en" and src in ("scenario-division", "scenario-word") and singular(k)]
    # English plurals: "vaccines" is a match for "vaccine"
    rows += [(sec, plural(k), w, l, src) for sec, k, w, l, src in rows
             if l == "en" and src not in ("boilerplate", "instrument") + ROLE_SOURCES and plural(k)]
    # the other spellings: "centre" matches "center", "check-ups" "checkups"
    rows += [(sec, v, w, l, src) for sec, k, w, l, src in rows
             if l == "en" and src not in ("boilerplate", "instrument") + ROLE_SOURCES
             for v in spellings(k)]
    # boilerplate and role cues say nothing about any sector: no other row keeps them
    blocked = {k.lower() for k in BOILERPLATE + BOILERPLATE_EN + INSTRUMENT["zh"] + INSTRUMENT["en"]}
    for role, cues in ROLES:
        if role != "role-org":
            blocked |= {k.lower() for l in cues for k in cues[l]}
    rows = [r for r in rows if r[4] in ("boilerplate", "instrument") + ROLE_SOURCES or r[1].lower() not in blocked]
    # a group or division with a single class: its rows are the class's, so
    # that the answer reaches the class (I652 has only I6520)
    below = {}
    for c in classes:
        for n in (1, 3, 4):       # section, division, group
            below.setdefault(c[:8 + n], set()).add(c)
    rows = [((next(iter(below[s])) if len(below.get(s, ())) == 1 and s not in classes else s), k, w, l, src)
            for s, k, w, l, src in rows]
    seen = {}
    uniq = []
    for row in rows:
        key = (row[0], row[1])
        if key not in seen:
            seen[key] = len(uniq)
            uniq.append(row)
        elif float(row[2]) > float(uniq[seen[key]][2]) and \
                uniq[seen[key]][4] not in ("boilerplate", "instrument") + ROLE_SOURCES:
            uniq[seen[key]] = row     # the strongest source names the row
    have = {}
    for s, k, w, l, src in uniq:
        have.setdefault(s, set()).add(l)
    for code in classes:
        if not {"zh", "en"} <= have.get(code, set()):
            raise Bad("class %s has no %s keyword" % (code, " or ".join({"zh", "en"} - have.get(code, set()))))

    out = io.StringIO()
    out.write("-- generated by tools/gen_dict.py from data/gbt4754_2017, data/scenario_vocab,\n"
              "-- data/isic_naics_concordance and src/dict_curated.csv; do not edit\n")
    out.write("-- %d rows\n" % len(uniq))
    for i in range(0, len(uniq), 500):
        out.write("INSERT INTO @extschema@.sector_keyword (sector, keyword, weight, lang, builtin, source) VALUES\n")
        out.write(",\n".join("(%s, %s, %s, %s, true, %s)" % (sql_str(s), sql_str(k), w, sql_str(l), sql_str(src))
                             for s, k, w, l, src in uniq[i:i + 500]))
        out.write(";\n")
    if len(sys.argv) > 3 and sys.argv[2] == "--upgrade":
        with open(sys.argv[3], encoding="utf-8") as f:
            script = f.read()
        begin, end = "-- BEGIN dict seed\n", "-- END dict seed\n"
        if begin not in script or end not in script:
            raise Bad("%s: no dict seed markers" % sys.argv[3])
        script = script[:script.index(begin) + len(begin)] + out.getvalue() + script[script.index(end):]
        with open(sys.argv[3], "w", encoding="utf-8") as f:
            f.write(script)
    else:
        sys.stdout.write(out.getvalue())


if __name__ == "__main__":
    try:
        main()
    except Bad as e:
        sys.stderr.write("gen_dict.py: %s\n" % e)
        sys.exit(1)
