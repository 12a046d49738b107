"""Demo supervision of 吉县's standing committee, 2024-2026: yearly topics on the county's central work,
activities of every kind with demo deputies taking part, review opinions in every state, and their
rectification items in every state with dated progress, extensions and verification.

Dates are fixed around DEMO_TODAY (2026-11-30): some items are due soon then, some overdue, some
seriously overdue (more than 30 days); one opinion was voted on with more than half 不满意 and is
being rectified again. Each opinion's and item's story is played through supervision.workflow's
tables and written as Transition rows. The demo `deputy` (冯志刚) took part in several activities;
县农业农村局 (`unit`) and 县交通运输局 (`unit2`) hold items in every state. A second `load_demo`
finds every row again by its natural key and adds nothing.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from demo.deputies import SEED, sync_rows
from deputies.models import Deputy, Level
from renda.core.calendar import deadline_after
from renda.core.models import Transition, Unit
from supervision.models import Activity, Policy, ProgressUpdate, RectificationItem, ReviewOpinion, Topic
from supervision.workflow import ITEM_MOVES, OPINION_MOVES, unsatisfied_majority

DEMO_TODAY = date(2026, 11, 30)
TZ = timezone.get_default_timezone()

GOV, COURT, PROCURATORATE = "吉县人民政府", "吉县人民法院", "吉县人民检察院"
AGRI, TRANSPORT = "县农业农村局", "县交通运输局"
FINANCE_COMMITTEE = "县人大常委会财政经济工作委员会"
AGRI_COMMITTEE = "县人大常委会农业农村工作委员会"
LAW_COMMITTEE = "县人大常委会法制工作委员会"
CULTURE_COMMITTEE = "县人大常委会教育科学文化卫生工作委员会"
SOCIAL_COMMITTEE = "县人大常委会社会建设工作委员会"

K = Activity.Kind
C = Topic.Category


@dataclass
class ItemStory:
    unit: str
    description: str
    deadline: date
    progress: list = field(default_factory=list)  # (date, percent, text)
    sent_back: tuple | None = None  # (date, note): after the first 100 %, before the progress that follows
    verified: date | None = None
    extension: tuple | None = (
        None  # ("approved" | "refused" | "pending", asked on, until, reason, decided on)
    )


@dataclass
class OpinionStory:
    title: str
    recipient: str
    body: str
    created: date
    approved: date | None = None
    sent: date | None = None
    reported: date | None = None
    report: str = ""
    vote: tuple | None = None  # (satisfied, basically, unsatisfied, day)
    closed: date | None = None  # closed without a vote
    published: date | None = None
    items: list = field(default_factory=list)


@dataclass
class ActivityStory:
    kind: str
    date: date
    place: str
    findings: str
    deputies: int = 5  # how many demo deputies took part besides the account deputies named below
    with_deputy: bool = False  # the demo `deputy` (冯志刚) took part
    with_deputy2: bool = False  # the demo `deputy2` (薛丽娟) took part
    others: str = "县人大常委会分管副主任、相关工作委员会组成人员"
    opinions: list = field(default_factory=list)


@dataclass
class TopicStory:
    year: int
    category: str
    title: str
    committee: str
    description: str
    activities: list = field(default_factory=list)


def _report(recipient: str, title: str) -> str:
    subject = title.removeprefix("关于").removesuffix("的审议意见")
    return (
        f"{recipient}关于{subject}审议意见研究处理情况的报告：收到审议意见后，主要领导专题研究，"
        "逐条制定整改措施，明确责任单位和完成时限，整改情况已逐项核实，现将办理情况报告如下。"
    )


TOPICS = [
    # 2024 ----------------------------------------------------------------------------------------
    TopicStory(
        2024,
        C.POVERTY,
        "巩固拓展脱贫攻坚成果同乡村振兴有效衔接情况",
        AGRI_COMMITTEE,
        "围绕防返贫监测帮扶、产业就业帮扶和易地搬迁后续扶持开展监督。",
        [
            ActivityStory(
                K.SURVEY,
                date(2024, 4, 17),
                "屯里镇、车城乡",
                "部分脱贫户产业收入单一，务工就业稳定性不足；监测对象识别纳入存在滞后。",
                with_deputy=True,
            ),
            ActivityStory(
                K.WORK_REPORT,
                date(2024, 5, 29),
                "县人大常委会会议室",
                "常委会第十八次会议听取审议县人民政府关于巩固拓展脱贫攻坚成果工作情况的报告。",
                deputies=3,
                opinions=[
                    OpinionStory(
                        "关于全县巩固拓展脱贫攻坚成果工作情况报告的审议意见",
                        GOV,
                        "一、健全防止返贫动态监测和帮扶机制，做到早发现、早干预、早帮扶。"
                        "二、发展壮大帮扶产业，提高联农带农水平。三、稳定脱贫劳动力就业规模。",
                        created=date(2024, 6, 5),
                        approved=date(2024, 6, 14),
                        sent=date(2024, 6, 20),
                        reported=date(2024, 9, 13),
                        vote=(21, 4, 1, date(2024, 10, 25)),
                        published=date(2024, 11, 5),
                        items=[
                            ItemStory(
                                "县乡村振兴服务中心",
                                "完善防返贫监测预警平台，实现部门数据每月比对",
                                date(2024, 8, 31),
                                [
                                    (date(2024, 7, 15), 50, "已完成民政、医保、残联数据接口对接。"),
                                    (date(2024, 8, 26), 100, "监测平台上线运行，8月完成首次全量比对。"),
                                ],
                                verified=date(2024, 9, 6),
                            ),
                            ItemStory(
                                AGRI,
                                "扩大联农带农帮扶产业覆盖面，新增合作社带动脱贫户不少于300户",
                                date(2024, 12, 31),
                                [
                                    (date(2024, 8, 10), 40, "新增合作社带动脱贫户126户。"),
                                    (date(2024, 11, 28), 100, "累计新增带动脱贫户318户，台账已报送。"),
                                ],
                                verified=date(2024, 12, 10),
                            ),
                            ItemStory(
                                "县人力资源和社会保障局",
                                "开展脱贫劳动力技能培训，组织劳务输出对接",
                                date(2024, 10, 31),
                                [(date(2024, 10, 18), 100, "完成技能培训1260人次，组织专场招聘会4场。")],
                                verified=date(2024, 10, 30),
                            ),
                        ],
                    )
                ],
            ),
        ],
    ),
    TopicStory(
        2024,
        C.APPLE,
        "苹果产业提质增效情况",
        AGRI_COMMITTEE,
        "聚焦老果园改造、品牌营销和冷链物流，推动吉县苹果提质增效。",
        [
            ActivityStory(
                K.INSPECTION,
                date(2024, 7, 10),
                "壶口镇、吉昌镇苹果示范园",
                "老果园改造进度不一，矮化密植推广面积不足；冷链仓储能力在销售旺季紧张。",
                with_deputy=True,
                with_deputy2=True,
            ),
            ActivityStory(
                K.WORK_REPORT,
                date(2024, 8, 21),
                "县人大常委会会议室",
                "常委会第二十次会议听取审议县人民政府关于苹果产业提质增效工作情况的报告。",
                deputies=3,
                opinions=[
                    OpinionStory(
                        "关于苹果产业提质增效工作情况的审议意见",
                        GOV,
                        "一、加快老果园提质改造。二、加强“吉县苹果”区域公用品牌保护。三、补齐冷链仓储短板。",
                        created=date(2024, 8, 23),
                        approved=date(2024, 8, 26),
                        sent=date(2024, 8, 28),
                        reported=date(2024, 11, 22),
                        closed=date(2024, 12, 20),
                        published=date(2025, 1, 10),
                        items=[
                            ItemStory(
                                "县果业发展中心",
                                "完成老果园提质改造2万亩",
                                date(2024, 11, 30),
                                [
                                    (date(2024, 9, 30), 60, "已完成改造1.2万亩。"),
                                    (date(2024, 11, 20), 100, "完成改造2.05万亩，验收资料齐全。"),
                                ],
                                verified=date(2024, 11, 28),
                            ),
                            ItemStory(
                                AGRI,
                                "新建果品冷链仓储库容1万吨",
                                date(2024, 12, 31),
                                [(date(2024, 12, 18), 100, "3座冷库建成投用，新增库容1.1万吨。")],
                                verified=date(2024, 12, 24),
                            ),
                        ],
                    )
                ],
            ),
        ],
    ),
    TopicStory(
        2024,
        C.ENVIRONMENT,
        "《中华人民共和国大气污染防治法》贯彻实施情况",
        LAW_COMMITTEE,
        "开展执法检查，推动扬尘治理、散煤替代和机动车污染防治。",
        [
            ActivityStory(
                K.LAW_ENFORCEMENT,
                date(2024, 9, 24),
                "县城区及屯里镇、壶口镇",
                "建筑工地扬尘管控措施落实不到位；部分农村散煤替代进度滞后；重型柴油车监管薄弱。",
                with_deputy2=True,
                opinions=[
                    OpinionStory(
                        "关于《大气污染防治法》执法检查报告的审议意见",
                        GOV,
                        "一、严格落实施工扬尘“六个百分之百”。二、稳步推进清洁取暖改造。"
                        "三、加强重型柴油车和非道路移动机械监管。",
                        created=date(2024, 10, 22),
                        approved=date(2024, 10, 28),
                        sent=date(2024, 10, 30),
                        reported=date(2025, 1, 24),
                        vote=(18, 6, 2, date(2025, 2, 26)),
                        items=[
                            ItemStory(
                                "市生态环境局吉县分局",
                                "建立重点扬尘源清单并实行在线监测",
                                date(2025, 1, 15),
                                [(date(2025, 1, 10), 100, "扬尘源清单涵盖工地47处，在线监测全部接入。")],
                                verified=date(2025, 1, 20),
                            ),
                            ItemStory(
                                "县住房和城乡建设管理局",
                                "完成农村清洁取暖改造1500户",
                                date(2024, 12, 31),
                                [
                                    (date(2024, 11, 30), 70, "已完成改造1050户。"),
                                    (date(2024, 12, 27), 100, "完成改造1532户。"),
                                ],
                                verified=date(2025, 1, 8),
                            ),
                            ItemStory(
                                TRANSPORT,
                                "开展重型柴油货车路检路查专项行动",
                                date(2024, 12, 31),
                                [(date(2024, 12, 20), 100, "路检路查车辆862辆次，查处超标车辆17辆。")],
                                verified=date(2025, 1, 6),
                            ),
                        ],
                    )
                ],
            ),
        ],
    ),
    TopicStory(
        2024,
        C.PROJECTS,
        "重点项目和“双十工程”建设推进情况",
        FINANCE_COMMITTEE,
        "视察重点项目建设进度，督促解决要素保障和前期手续问题。",
        [
            ActivityStory(
                K.INSPECTION,
                date(2024, 11, 13),
                "县城南产业园区、壶口旅游公路沿线",
                "个别项目前期手续办理慢、开工迟；用地、资金等要素保障需要加强。",
                with_deputy=True,
            ),
        ],
    ),
    # 2025 ----------------------------------------------------------------------------------------
    TopicStory(
        2025,
        C.TRANSPORT,
        "农村公路建设管理养护情况",
        FINANCE_COMMITTEE,
        "围绕“四好农村路”建设，监督农村公路建设质量和管护长效机制。",
        [
            ActivityStory(
                K.SURVEY,
                date(2025, 4, 23),
                "文城乡、柏山寺乡",
                "部分通村公路路面破损，养护资金不足；村道安全防护设施缺失。",
                with_deputy=True,
            ),
            ActivityStory(
                K.WORK_REPORT,
                date(2025, 6, 18),
                "县人大常委会会议室",
                "常委会第二十六次会议听取审议县人民政府关于农村公路建设管理养护工作情况的报告。",
                deputies=3,
                opinions=[
                    OpinionStory(
                        "关于农村公路建设管理养护情况的审议意见",
                        GOV,
                        "一、落实农村公路养护资金。二、完善县乡村三级路长制。三、加强安全防护设施建设。",
                        created=date(2025, 6, 20),
                        approved=date(2025, 6, 23),
                        sent=date(2025, 6, 25),
                        reported=date(2025, 9, 19),
                        vote=(20, 5, 1, date(2025, 10, 28)),
                        published=date(2025, 11, 10),
                        items=[
                            ItemStory(
                                TRANSPORT,
                                "完成村道安全生命防护工程120公里",
                                date(2025, 9, 30),
                                [
                                    (date(2025, 8, 1), 50, "完成62公里。"),
                                    (date(2025, 9, 26), 100, "完成125公里，已组织交工验收。"),
                                ],
                                verified=date(2025, 10, 15),
                            ),
                            ItemStory(
                                "县财政局",
                                "将农村公路养护资金足额纳入年度预算",
                                date(2025, 12, 31),
                                [(date(2025, 12, 12), 100, "2026年预算安排养护资金1860万元。")],
                                verified=date(2025, 12, 19),
                            ),
                            ItemStory(
                                TRANSPORT,
                                "建立农村公路养护长效机制，实现专业化养护全覆盖",
                                date(2026, 6, 30),
                                [
                                    (date(2025, 12, 20), 30, "已制定农村公路养护管理办法（征求意见稿）。"),
                                    (date(2026, 5, 15), 60, "3个乡镇完成养护市场化招标。"),
                                ],
                                extension=(
                                    "refused",
                                    date(2026, 6, 5),
                                    date(2026, 12, 31),
                                    "部分乡镇招标流标，需重新组织。",
                                    date(2026, 6, 12),
                                ),
                            ),
                        ],
                    )
                ],
            ),
        ],
    ),
    TopicStory(
        2025,
        C.TOURISM,
        "壶口瀑布景区旅游提质升级情况",
        CULTURE_COMMITTEE,
        "推动壶口瀑布景区服务设施、智慧旅游和全域旅游发展。",
        [
            ActivityStory(
                K.INSPECTION,
                date(2025, 7, 16),
                "壶口瀑布景区",
                "旺季停车位紧张、游客集散能力不足；智慧景区建设滞后；周边业态单一。",
                with_deputy=True,
                with_deputy2=True,
            ),
            ActivityStory(
                K.WORK_REPORT,
                date(2025, 8, 20),
                "县人大常委会会议室",
                "常委会第二十八次会议听取审议县人民政府关于壶口瀑布景区旅游提质升级工作情况的报告。",
                deputies=3,
                opinions=[
                    OpinionStory(
                        "关于壶口瀑布景区旅游提质升级情况的审议意见",
                        GOV,
                        "一、扩容停车和游客集散设施。二、加快智慧景区建设。三、丰富旅游业态。",
                        created=date(2025, 8, 22),
                        approved=date(2025, 8, 25),
                        sent=date(2025, 8, 27),
                        reported=date(2025, 11, 20),
                        vote=(17, 8, 3, date(2025, 12, 24)),
                        items=[
                            ItemStory(
                                "县壶口景区管理中心",
                                "新建生态停车场1处，新增车位800个",
                                date(2026, 4, 30),
                                [
                                    (date(2025, 12, 10), 40, "停车场完成土建。"),
                                    (date(2026, 4, 20), 100, "停车场建成投用，新增车位826个。"),
                                ],
                                verified=date(2026, 4, 29),
                            ),
                            ItemStory(
                                "县文化和旅游局",
                                "建成景区智慧票务和客流监测系统",
                                date(2026, 12, 31),
                                [(date(2026, 9, 10), 70, "智慧票务系统上线试运行，客流监测设备安装中。")],
                            ),
                        ],
                    )
                ],
            ),
        ],
    ),
    TopicStory(
        2025,
        C.FOOD_DRUG,
        "《中华人民共和国食品安全法》贯彻实施情况",
        CULTURE_COMMITTEE,
        "开展执法检查和专题询问，推动校园食品安全和食用农产品质量监管。",
        [
            ActivityStory(
                K.LAW_ENFORCEMENT,
                date(2025, 9, 17),
                "县城区学校食堂、农贸市场",
                "部分学校食堂“明厨亮灶”未全覆盖；农贸市场快检能力不足；食用农产品承诺达标合格证制度落实不严。",
                with_deputy2=True,
            ),
            ActivityStory(
                K.INQUIRY,
                date(2025, 10, 22),
                "县人大常委会会议室",
                "常委会组成人员就校园食品安全、农产品质量监管等问题进行专题询问，相关部门负责人到会应询。",
                deputies=4,
                with_deputy=True,
                opinions=[
                    OpinionStory(
                        "关于《食品安全法》贯彻实施情况的审议意见",
                        GOV,
                        "一、实现学校食堂“明厨亮灶”全覆盖。二、提升基层快检能力。三、严格落实合格证制度。",
                        created=date(2025, 10, 24),
                        approved=date(2025, 10, 27),
                        sent=date(2025, 10, 29),
                        reported=date(2026, 1, 23),
                        vote=(19, 6, 1, date(2026, 2, 27)),
                        published=date(2026, 3, 10),
                        items=[
                            ItemStory(
                                "县市场监督管理局",
                                "农贸市场快检室全覆盖并公示检测结果",
                                date(2026, 3, 31),
                                [(date(2026, 3, 20), 100, "5个农贸市场快检室全部建成，结果每日公示。")],
                                verified=date(2026, 3, 27),
                            ),
                            ItemStory(
                                "县教育科技局",
                                "全县学校食堂“明厨亮灶”全覆盖",
                                date(2026, 2, 28),
                                [(date(2026, 2, 25), 100, "全县62所学校食堂全部完成改造。")],
                                verified=date(2026, 3, 3),
                            ),
                            ItemStory(
                                AGRI,
                                "严格落实食用农产品承诺达标合格证制度，主体覆盖率达到95%",
                                date(2026, 12, 31),
                                [
                                    (date(2026, 6, 30), 60, "规模主体合格证覆盖率达到78%。"),
                                    (date(2026, 11, 20), 100, "覆盖率达到96.2%，抽查记录附后。"),
                                ],
                            ),
                        ],
                    ),
                    OpinionStory(
                        "关于食品药品安全领域公益诉讼检察工作情况的审议意见",
                        PROCURATORATE,
                        "一、加大食品药品安全领域公益诉讼办案力度。二、加强与行政机关的协作配合。",
                        created=date(2025, 10, 24),
                        approved=date(2025, 10, 27),
                        sent=date(2025, 10, 30),
                        reported=date(2026, 1, 20),
                        closed=date(2026, 2, 27),
                        items=[
                            ItemStory(
                                "县市场监督管理局",
                                "与检察机关建立食品安全案件线索移送机制",
                                date(2026, 1, 31),
                                [(date(2026, 1, 15), 100, "签订协作配合意见，建立线索移送台账。")],
                                verified=date(2026, 1, 22),
                            )
                        ],
                    ),
                ],
            ),
        ],
    ),
    TopicStory(
        2025,
        C.PROJECTS,
        "2025年重点项目“双十工程”推进情况",
        FINANCE_COMMITTEE,
        "监督“双十工程”开工率、投资完成和要素保障，关注开工慢的项目。",
        [
            ActivityStory(
                K.INSPECTION,
                date(2025, 5, 14),
                "县城南产业园区、吉昌镇",
                "10个重点项目中3个开工滞后，主要受用地报批和资金落实影响。",
                with_deputy=True,
            ),
            ActivityStory(
                K.WORK_REPORT,
                date(2025, 11, 19),
                "县人大常委会会议室",
                "常委会第三十次会议听取审议县人民政府关于重点项目“双十工程”推进情况的报告。",
                deputies=3,
                opinions=[
                    OpinionStory(
                        "关于重点项目“双十工程”推进情况的审议意见",
                        GOV,
                        "一、破解开工慢问题，倒排工期。二、强化用地、资金要素保障。三、建立项目调度通报制度。",
                        created=date(2025, 11, 21),
                        approved=date(2025, 11, 24),
                        sent=date(2025, 11, 26),
                        reported=date(2026, 2, 13),
                        vote=(16, 9, 3, date(2026, 3, 25)),
                        published=date(2026, 4, 8),
                        items=[
                            ItemStory(
                                "县发展和改革局",
                                "建立重点项目月调度、季通报制度",
                                date(2026, 6, 30),
                                [(date(2026, 5, 20), 80, "月调度已常态化，季通报制度待印发。")],
                                extension=(
                                    "approved",
                                    date(2026, 6, 10),
                                    date(2026, 12, 31),
                                    "通报制度需与市级考核办法衔接，市级办法9月出台。",
                                    date(2026, 6, 18),
                                ),
                            ),
                            ItemStory(
                                "县自然资源局",
                                "完成滞后项目用地报批",
                                date(2026, 3, 31),
                                [(date(2026, 3, 25), 100, "3个项目用地批复全部取得。")],
                                verified=date(2026, 4, 2),
                            ),
                            ItemStory(
                                TRANSPORT,
                                "壶口旅游公路提升改造项目全面开工",
                                date(2026, 5, 31),
                                [
                                    (date(2026, 3, 1), 50, "完成施工招标。"),
                                    (date(2026, 5, 28), 100, "全线5个标段全部进场施工。"),
                                ],
                            ),
                        ],
                    )
                ],
            ),
        ],
    ),
    # 2026 ----------------------------------------------------------------------------------------
    TopicStory(
        2026,
        C.POVERTY,
        "防止规模性返贫动态监测和帮扶情况",
        AGRI_COMMITTEE,
        "巩固拓展脱贫攻坚成果，监督防返贫监测帮扶和衔接资金使用。",
        [
            ActivityStory(
                K.SURVEY,
                date(2026, 3, 18),
                "中垛乡、文城乡",
                "部分监测户帮扶措施针对性不强；衔接资金项目收益分配不够规范。",
                with_deputy=True,
            ),
            ActivityStory(
                K.WORK_REPORT,
                date(2026, 5, 20),
                "县人大常委会会议室",
                "常委会第三十四次会议听取审议县人民政府关于防止规模性返贫工作情况的报告。",
                deputies=3,
                opinions=[
                    OpinionStory(
                        "关于防止规模性返贫动态监测和帮扶工作情况的审议意见",
                        GOV,
                        "一、精准落实监测户帮扶措施。二、规范衔接资金项目资产管理和收益分配。",
                        created=date(2026, 5, 22),
                        approved=date(2026, 5, 25),
                        sent=date(2026, 5, 27),
                        reported=date(2026, 8, 21),
                        vote=(7, 8, 16, date(2026, 9, 24)),
                        items=[
                            ItemStory(
                                AGRI,
                                "规范衔接资金项目资产确权和收益分配",
                                date(2026, 9, 30),
                                [
                                    (date(2026, 7, 10), 30, "完成项目资产清查。"),
                                    (date(2026, 9, 15), 60, "已确权资产占72%，收益分配方案待审。"),
                                ],
                            ),
                            ItemStory(
                                AGRI,
                                "对全部监测户逐户制定针对性帮扶措施",
                                date(2026, 11, 15),
                                [(date(2026, 8, 5), 50, "已完成412户监测户的帮扶计划。")],
                            ),
                            ItemStory(
                                "县乡村振兴服务中心",
                                "对监测户帮扶成效开展第三方评估",
                                date(2026, 10, 20),
                                [],
                            ),
                        ],
                    )
                ],
            ),
            ActivityStory(
                K.SATISFACTION_VOTE,
                date(2026, 9, 24),
                "县人大常委会会议室",
                "常委会第三十七次会议对审议意见研究处理情况报告进行满意度测评，不满意票超过半数。",
                deputies=3,
            ),
        ],
    ),
    TopicStory(
        2026,
        C.APPLE,
        "苹果产业高质量发展和品牌建设情况",
        AGRI_COMMITTEE,
        "推动吉县苹果品牌建设、数字果园和产销对接。",
        [
            ActivityStory(
                K.SURVEY,
                date(2026, 6, 17),
                "吉昌镇、屯里镇果园",
                "品牌授权使用管理不严；数字果园覆盖面小；产销对接渠道偏少。",
                with_deputy=True,
                with_deputy2=True,
            ),
            ActivityStory(
                K.WORK_REPORT,
                date(2026, 8, 26),
                "县人大常委会会议室",
                "常委会第三十六次会议听取审议县人民政府关于苹果产业高质量发展工作情况的报告。",
                deputies=3,
                opinions=[
                    OpinionStory(
                        "关于苹果产业高质量发展和品牌建设情况的审议意见",
                        GOV,
                        "一、规范“吉县苹果”品牌授权使用。二、扩大数字果园建设。三、拓展产销对接渠道。",
                        created=date(2026, 8, 27),
                        approved=date(2026, 8, 31),
                        sent=date(2026, 9, 2),
                        items=[
                            ItemStory(
                                AGRI,
                                "新建数字果园示范基地5个",
                                date(2026, 12, 10),
                                [(date(2026, 10, 30), 60, "3个示范基地完成物联网设备安装。")],
                            ),
                            ItemStory(
                                AGRI,
                                "建立苹果品牌授权使用黑名单制度",
                                date(2027, 3, 31),
                            ),
                            ItemStory(
                                "县果业发展中心",
                                "组织产销对接会不少于3场",
                                date(2026, 12, 31),
                                [
                                    (date(2026, 10, 15), 30, "已在西安举办产销对接会1场。"),
                                    (date(2026, 11, 25), 100, "累计举办3场，签约1.8万吨。"),
                                ],
                                sent_back=(date(2026, 11, 27), "请补充签约合同和活动照片。"),
                            ),
                        ],
                    )
                ],
            ),
        ],
    ),
    TopicStory(
        2026,
        C.PROJECTS,
        "2026年重点项目“双十工程”推进情况",
        FINANCE_COMMITTEE,
        "跟踪“双十工程”开工和投资进度，督促开工慢的项目。",
        [
            ActivityStory(
                K.INSPECTION,
                date(2026, 6, 24),
                "县城南产业园区、车城乡",
                "4个项目开工滞后，前期手续和征地拆迁是主要制约。",
                with_deputy=True,
            ),
            ActivityStory(
                K.WORK_REPORT,
                date(2026, 7, 22),
                "县人大常委会会议室",
                "常委会第三十五次会议听取审议县人民政府关于重点项目推进情况的报告。",
                deputies=3,
                opinions=[
                    OpinionStory(
                        "关于2026年重点项目“双十工程”推进情况的审议意见",
                        GOV,
                        "一、限期解决开工滞后项目的前期手续。二、加快征地拆迁。三、加强项目资金监管。",
                        created=date(2026, 7, 23),
                        approved=date(2026, 7, 27),
                        sent=date(2026, 7, 29),
                        items=[
                            ItemStory(
                                TRANSPORT,
                                "车城至文城连接线项目完成征地拆迁并开工",
                                date(2026, 11, 10),
                            ),
                            ItemStory(
                                TRANSPORT,
                                "县城客运站迁建项目完成主体工程",
                                date(2026, 12, 20),
                                [(date(2026, 10, 20), 40, "完成基础施工。")],
                                extension=(
                                    "pending",
                                    date(2026, 11, 24),
                                    date(2027, 3, 31),
                                    "冬季施工受限，主体工程需顺延至明年一季度。",
                                    None,
                                ),
                            ),
                            ItemStory(
                                "县发展和改革局",
                                "开工滞后项目前期手续全部办结",
                                date(2026, 9, 30),
                                [(date(2026, 9, 8), 100, "4个项目前期手续全部办结。")],
                                verified=date(2026, 9, 15),
                            ),
                        ],
                    )
                ],
            ),
        ],
    ),
    TopicStory(
        2026,
        C.ENVIRONMENT,
        "生态环境保护和黄河流域生态保护情况",
        LAW_COMMITTEE,
        "监督黄河流域生态保护、水土流失治理和环境资源司法保护。",
        [
            ActivityStory(
                K.INSPECTION,
                date(2026, 4, 22),
                "壶口镇黄河沿岸",
                "沿黄生态修复工程推进较快，但部分支沟水土流失治理不到位。",
                with_deputy2=True,
            ),
            ActivityStory(
                K.WORK_REPORT,
                date(2026, 9, 23),
                "县人大常委会会议室",
                "常委会第三十七次会议听取审议县人民法院关于环境资源审判工作情况的报告。",
                deputies=3,
                opinions=[
                    OpinionStory(
                        "关于环境资源审判工作情况的审议意见",
                        COURT,
                        "一、完善生态修复性司法机制。二、加强环境资源审判专业化建设。",
                        created=date(2026, 9, 25),
                        approved=date(2026, 9, 28),
                        sent=date(2026, 9, 29),
                        reported=date(2026, 11, 18),
                    )
                ],
            ),
        ],
    ),
    TopicStory(
        2026,
        C.TRANSPORT,
        "城乡交通运输一体化情况",
        FINANCE_COMMITTEE,
        "监督城乡公交一体化、农村物流和客运安全。",
        [
            ActivityStory(
                K.SURVEY,
                date(2026, 9, 9),
                "屯里镇、壶口镇",
                "部分行政村通客车班次少；农村物流站点运营困难。",
                with_deputy=True,
            ),
            ActivityStory(
                K.WORK_REPORT,
                date(2026, 11, 18),
                "县人大常委会会议室",
                "常委会第三十九次会议听取审议县人民政府关于城乡交通运输一体化工作情况的报告。",
                deputies=3,
                opinions=[
                    OpinionStory(
                        "关于城乡交通运输一体化工作情况的审议意见",
                        GOV,
                        "一、优化城乡公交线网和班次。二、整合农村物流资源。",
                        created=date(2026, 11, 20),
                        approved=date(2026, 11, 26),
                        items=[
                            ItemStory(TRANSPORT, "优化调整城乡公交线路，增加偏远村班次", date(2027, 3, 31)),
                        ],
                    )
                ],
            ),
        ],
    ),
    TopicStory(
        2026,
        C.FOOD_DRUG,
        "药品安全监管工作情况",
        CULTURE_COMMITTEE,
        "监督药品零售和使用环节质量安全。",
        [
            ActivityStory(
                K.SURVEY,
                date(2026, 10, 14),
                "县城区药店、乡镇卫生院",
                "部分零售药店执业药师在岗不足；乡镇卫生院药品储存条件待改善。",
                deputies=4,
            ),
            ActivityStory(
                K.WORK_REPORT,
                date(2026, 11, 25),
                "县人大常委会会议室",
                "常委会第四十次会议听取审议县人民政府关于药品安全监管工作情况的报告。",
                deputies=3,
                opinions=[
                    OpinionStory(
                        "关于药品安全监管工作情况的审议意见",
                        GOV,
                        "一、督促零售药店执业药师在岗履职。二、改善基层医疗机构药品储存条件。（征求意见稿）",
                        created=date(2026, 11, 27),
                    )
                ],
            ),
        ],
    ),
    TopicStory(
        2026,
        C.TOURISM,
        "全域旅游发展情况",
        CULTURE_COMMITTEE,
        "调研人祖山、壶口等景区联动和乡村旅游发展。",
        [
            ActivityStory(
                K.SURVEY,
                date(2026, 10, 28),
                "人祖山景区、壶口镇",
                "景区之间交通联动不足，乡村民宿服务标准不一。",
                with_deputy=True,
            ),
        ],
    ),
]


def at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=TZ)


class Timeline:
    """Plays moves through a workflow table and collects the Transition rows they leave behind."""

    def __init__(self, moves: dict, state: str, label: str):
        self.moves, self.state, self.label = moves, state, label
        self.rows: list[tuple] = []  # (action, from, to, at, by, note)
        self.hours: dict[date, int] = {}

    def _at(self, day: date) -> datetime:
        if day > DEMO_TODAY:
            raise ValueError(f"demo {self.label}: an event on {day} is after {DEMO_TODAY}")
        hour = self.hours.get(day, 9)
        self.hours[day] = hour + 1
        return at(day, hour)

    def move(self, action: str, day: date, by, note: str = "") -> None:
        spec = self.moves[action]
        if self.state not in spec.sources:
            raise ValueError(f"demo {self.label}: cannot {action} from {self.state}")
        self.rows.append((action, self.state, spec.target, self._at(day), by, note))
        self.state = spec.target

    def event(self, action: str, day: date, by, note: str = "") -> None:
        self.rows.append((action, self.state, self.state, self._at(day), by, note))


def _deputies() -> tuple[Deputy | None, Deputy | None, list[Deputy]]:
    feng = Deputy.objects.filter(user__username="deputy").first()
    xue = Deputy.objects.filter(user__username="deputy2").first()
    others = list(
        Deputy.objects.filter(status=Deputy.Status.ACTIVE, mandates__level=Level.COUNTY, user__isnull=True)
        .distinct()
        .order_by("name_initials", "pk")
    )
    return feng, xue, others


def _play_opinion(o: OpinionStory, users, policy: Policy) -> tuple[dict, Timeline]:
    t = Timeline(OPINION_MOVES, ReviewOpinion.State.DRAFT, o.title)
    staff, director = users["staff"], users["director"]
    fields = {"round": 1, "state": ReviewOpinion.State.DRAFT}
    t.event("created", o.created, staff)
    if o.approved:
        t.move("approve", o.approved, director)
    if o.sent:
        t.move("send", o.sent, staff)
        fields.update(sent_on=o.sent, report_due=deadline_after(o.sent, months=policy.report_months))
    if o.reported:
        report = o.report or _report(o.recipient, o.title)
        t.move("report", o.reported, staff, note=report)
        fields.update(report=report, report_received_on=o.reported)
    if o.vote:
        satisfied, basically, unsatisfied, day = o.vote
        fields.update(votes_satisfied=satisfied, votes_basically=basically, votes_unsatisfied=unsatisfied)
        note = f"满意{satisfied}票，基本满意{basically}票，不满意{unsatisfied}票。"
        if unsatisfied_majority(satisfied=satisfied, basically=basically, unsatisfied=unsatisfied):
            t.move("vote_unsatisfied", day, staff, note=note)
            fields.update(round=2, report_due=deadline_after(day, months=policy.rerectify_months))
        else:
            t.move("vote_satisfied", day, staff, note=note)
    if o.closed:
        t.move("close", o.closed, staff)
    if o.published:
        if t.state != ReviewOpinion.State.CLOSED:
            raise ValueError(f"demo {o.title}: published before it was closed")
        t.event("publish", o.published, staff)
        fields["published_at"] = o.published
    fields["state"] = t.state
    return fields, t


def _play_item(i: ItemStory, opinion: OpinionStory, users, unit_user) -> tuple[dict, Timeline, list]:
    t = Timeline(ITEM_MOVES, RectificationItem.State.NOT_STARTED, i.description)
    staff, director = users["staff"], users["director"]
    fields = {"deadline": i.deadline, "percent": 0, "extension_reason": "", "extension_deadline": None}
    t.event("created", opinion.sent or opinion.created, staff)
    if opinion.sent and i.deadline < opinion.sent:
        raise ValueError(f"demo {i.description}: due before the opinion was sent")
    updates = []
    events = [(day, 0, "progress", (percent, text)) for day, percent, text in i.progress]
    if i.extension:
        outcome, asked, until, reason, decided = i.extension
        events.append((asked, 1, "extension_request", (until, reason)))
        if outcome != "pending":
            decision = {"approved": "extension_approve", "refused": "extension_refuse"}[outcome]
            events.append((decided, 1, decision, until))
    if i.sent_back:
        events.append((i.sent_back[0], 2, "send_back", i.sent_back[1]))
    if i.verified:
        events.append((i.verified, 3, "verify", None))
    for day, _order, kind, data in sorted(events, key=lambda e: (e[0], e[1])):
        if kind == "progress":
            percent, text = data
            updates.append({"date": day, "percent": percent, "text": text, "by_id": unit_user.pk})
            fields["percent"] = percent
            if percent == 100:
                t.move("complete", day, unit_user)
            elif t.state == RectificationItem.State.NOT_STARTED:
                t.move("start", day, unit_user)
        elif kind == "extension_request":
            until, reason = data
            fields.update(extension_reason=reason, extension_deadline=until)
            t.event("extension_request", day, unit_user, note=f"申请延期至{until:%Y年%m月%d日}：{reason}")
        elif kind == "extension_approve":
            fields.update(deadline=data, extension_reason="", extension_deadline=None)
            t.event("extension_approve", day, director)
        elif kind == "extension_refuse":
            fields.update(extension_reason="", extension_deadline=None)
            t.event("extension_refuse", day, director, note="请按原定期限推进整改。")
        elif kind == "send_back":
            t.move("send_back", day, staff, note=data)
        elif kind == "verify":
            t.move("verify", day, staff)
            fields.update(verified_by_id=staff.pk, verified_at=at(day, 16))
    fields["state"] = t.state
    return fields, t, updates


def _sync_transitions(model, timelines: dict[int, Timeline]) -> int:
    """Add the Transition rows not yet there (found again by subject, action and time)."""
    content_type = ContentType.objects.get_for_model(model)
    existing = set(
        Transition.objects.filter(content_type=content_type, object_id__in=list(timelines)).values_list(
            "object_id", "action", "at"
        )
    )
    new = [
        Transition(
            content_type=content_type,
            object_id=pk,
            action=action,
            from_state=source,
            to_state=target,
            at=when,
            by=by,
            note=note,
        )
        for pk, timeline in timelines.items()
        for action, source, target, when, by, note in timeline.rows
        if (pk, action, when) not in existing
    ]
    Transition.objects.bulk_create(new, batch_size=500)
    return len(new)


def load_demo_supervision(stdout) -> None:
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=["staff", "director"])}
    if len(users) < 2:
        stdout.write("supervision: skipped (the demo accounts staff and director are missing)")
        return
    units = {u.name: u for u in Unit.objects.all()}
    unit_users = {}
    for user in User.objects.filter(is_active=True, unit__isnull=False).order_by("pk"):
        unit_users.setdefault(user.unit_id, user)
    policy = Policy.current()
    feng, xue, others = _deputies()
    rng = random.Random(SEED + 5)  # noqa: S311 - reproducible invented data, not a secret

    topics = sync_rows(
        Topic,
        [
            {
                "year": s.year,
                "category": s.category,
                "title": s.title,
                "description": s.description,
                "lead_committee_id": units[s.committee].pk,
            }
            for s in TOPICS
        ],
        key=("year", "title"),
    )
    activity_rows, participants = [], {}
    for s in TOPICS:
        topic = topics[(s.year, s.title)]
        for a in s.activities:
            activity_rows.append(
                {
                    "topic_id": topic.pk,
                    "kind": a.kind,
                    "date": a.date,
                    "place": a.place,
                    "findings": a.findings,
                    "other_participants": a.others,
                    "created_at": at(a.date, 18),
                }
            )
            people = rng.sample(others, min(a.deputies, len(others)))
            people += [d for d, joined in ((feng, a.with_deputy), (xue, a.with_deputy2)) if d and joined]
            participants[(topic.pk, a.kind, a.date)] = people
    activities = sync_rows(Activity, activity_rows, key=("topic_id", "kind", "date"))
    for key, people in participants.items():
        activities[key].deputies.set(people)

    opinion_rows, opinion_timelines, item_plan = [], {}, []
    for s in TOPICS:
        topic = topics[(s.year, s.title)]
        for a in s.activities:
            activity = activities[(topic.pk, a.kind, a.date)]
            for o in a.opinions:
                fields, timeline = _play_opinion(o, users, policy)
                opinion_rows.append(
                    {
                        "activity_id": activity.pk,
                        "title": o.title,
                        "body": o.body,
                        "recipient_id": units[o.recipient].pk,
                        "supervising_leader_id": users["director"].pk,
                        "created_at": at(o.created, 8),
                        "sent_on": None,
                        "report_due": None,
                        "report_received_on": None,
                        "report": "",
                        "votes_satisfied": None,
                        "votes_basically": None,
                        "votes_unsatisfied": None,
                        "published_at": None,
                        **fields,
                    }
                )
                opinion_timelines[(activity.pk, o.title)] = timeline
                item_plan.extend((activity.pk, o, i) for i in o.items)
    opinions = sync_rows(ReviewOpinion, opinion_rows, key=("activity_id", "title"))
    transitions = _sync_transitions(
        ReviewOpinion, {opinions[key].pk: timeline for key, timeline in opinion_timelines.items()}
    )

    item_rows, item_timelines, item_updates = [], {}, {}
    for activity_pk, o, i in item_plan:
        opinion = opinions[(activity_pk, o.title)]
        unit = units[i.unit]
        fields, timeline, updates = _play_item(i, o, users, unit_users.get(unit.pk, users["staff"]))
        item_rows.append(
            {
                "opinion_id": opinion.pk,
                "description": i.description,
                "unit_id": unit.pk,
                "created_at": at(o.sent or o.created, 8),
                "verified_by_id": None,
                "verified_at": None,
                **fields,
            }
        )
        item_timelines[(opinion.pk, i.description)] = timeline
        item_updates[(opinion.pk, i.description)] = updates
    items = sync_rows(RectificationItem, item_rows, key=("opinion_id", "description"))
    transitions += _sync_transitions(
        RectificationItem, {items[key].pk: timeline for key, timeline in item_timelines.items()}
    )

    existing = set(ProgressUpdate.objects.values_list("item_id", "date", "percent"))
    new_updates = [
        ProgressUpdate(item_id=items[key].pk, **row)
        for key, rows in item_updates.items()
        for row in rows
        if (items[key].pk, row["date"], row["percent"]) not in existing
    ]
    ProgressUpdate.objects.bulk_create(new_updates, batch_size=500)

    open_states = (RectificationItem.State.NOT_STARTED, RectificationItem.State.IN_PROGRESS)
    overdue = [i for i in items.values() if i.state in open_states and i.deadline < DEMO_TODAY]
    serious = [i for i in overdue if (DEMO_TODAY - i.deadline).days > 30]
    stdout.write(
        f"supervision: {len(topics)} topics, {len(activities)} activities, {len(opinions)} review opinions, "
        f"{len(items)} rectification items ({len(overdue)} overdue on {DEMO_TODAY:%Y-%m-%d}, "
        f"{len(serious)} of them by more than 30 days), {len(new_updates)} new progress updates, "
        f"{transitions} new transitions"
    )
