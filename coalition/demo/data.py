"""The words and names of the demo tenants (modelled on the alliances in DOMAIN.md)."""

from __future__ import annotations

from dataclasses import dataclass

DEMO_PASSWORD = "demo-2026"  # noqa: S105 - printed on purpose: these are demo logins


@dataclass(frozen=True)
class DemoTenant:
    slug: str
    name: str
    township: str
    alliance: str
    lead_branch: str
    communities: tuple[str, ...]


YANTAI = DemoTenant(
    slug="yantai-shizishan",
    name="烟台市狮子山片区",
    township="狮子山片区",
    alliance="狮子山片区党建联盟",
    lead_branch="狮子山片区联合党总支",
    communities=("狮子山村", "北沟村", "南岭村", "东庄村", "西河村", "前埠村", "后埠村", "杨家村"),
)

WEIHAI = DemoTenant(
    slug="weihai-dongbei",
    name="威海市东北村社区",
    township="环翠区",
    alliance="东北村社区共建联盟",
    lead_branch="东北村社区党委",
    communities=("东北村社区",),
)

ORGANISATION_PATTERNS = [
    ("{v}老年协会", "social_group", ["elderly_care", "culture"]),
    ("{v}志愿服务队", "social_group", ["patrol", "sanitation"]),
    ("{v}文艺宣传队", "social_group", ["culture"]),
    ("{v}红白理事会", "social_group", ["mediation"]),
    ("{v}调解志愿者协会", "social_group", ["mediation", "legal_aid"]),
    ("{v}妇女儿童之家", "service_agency", ["child_care", "education"]),
    ("{v}邻里互助会", "social_group", ["elderly_care", "sanitation"]),
    ("{v}平安巡防队", "social_group", ["patrol"]),
    ("{v}乡贤理事会", "social_group", ["mediation", "culture"]),
    ("{v}青年志愿者服务站", "service_agency", ["education", "health"]),
    ("{v}农业技术协会", "social_group", ["economy"]),
    ("{v}环保志愿者协会", "social_group", ["sanitation"]),
    ("{v}健康服务站", "service_agency", ["health"]),
]

AREA_ORGANISATIONS = [
    ("烟台市狮子山片区社会工作服务中心", "service_agency", ["mediation", "elderly_care"]),
    ("烟台市芝罘区阳光社工服务中心", "service_agency", ["child_care", "education"]),
    ("烟台市慈善总会狮子山分会", "foundation", ["funds"]),
    ("烟台市蓝天救援队", "social_group", ["patrol", "health"]),
    ("烟台市法律援助志愿者协会", "social_group", ["legal_aid", "mediation"]),
    ("烟台市爱心助老基金会", "foundation", ["elderly_care", "funds"]),
]

UNITS = [
    ("烟台狮子山食品有限公司", "enterprise", ["funds", "venue"]),
    ("烟台北沟建材有限公司", "enterprise", ["equipment"]),
    ("烟台南岭果品合作社", "enterprise", ["funds"]),
    ("烟台东庄物流有限公司", "enterprise", ["equipment", "vehicles"]),
    ("烟台西河酒店", "enterprise", ["venue"]),
    ("烟台前埠电子有限公司", "enterprise", ["staff_volunteers"]),
    ("烟台后埠机械厂", "enterprise", ["equipment"]),
    ("烟台杨家农业科技公司", "enterprise", ["funds", "training"]),
    ("中国银行烟台狮子山支行", "enterprise", ["funds", "training"]),
    ("国网烟台狮子山供电所", "public_institution", ["staff_volunteers", "training"]),
    ("狮子山片区卫生院", "public_institution", ["health", "staff_volunteers"]),
    ("狮子山小学", "public_institution", ["venue", "education"]),
    ("狮子山中学", "public_institution", ["venue", "education"]),
    ("狮子山片区文化站", "public_institution", ["venue", "culture"]),
    ("狮子山片区幼儿园", "public_institution", ["venue"]),
    ("狮子山派出所", "government_office", ["patrol"]),
    ("狮子山司法所", "government_office", ["mediation", "legal_aid"]),
    ("狮子山片区市场监管所", "government_office", ["training"]),
    ("狮子山片区邮政所", "public_institution", ["vehicles"]),
    ("狮子山片区养老服务中心", "public_institution", ["venue", "elderly_care"]),
]

#: Skills as people write them: a need's skills match a volunteer's word for word.
SKILLS = [
    "助老服务",
    "儿童照护",
    "矛盾调解",
    "急救",
    "环境卫生",
    "治安巡逻",
    "文艺",
    "课业辅导",
    "法律援助",
    "驾驶",
    "烹饪",
    "电脑",
]

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = [
    "秀英",
    "桂英",
    "建华",
    "建国",
    "玉兰",
    "海燕",
    "志强",
    "明",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "超",
    "秀兰",
    "霞",
    "平",
    "刚",
    "桂兰",
    "文",
    "华",
    "红梅",
    "振华",
    "淑珍",
]
