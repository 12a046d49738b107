"""Demo suggestions of 吉县's 16th term: about 200 over its six sessions and the recesses between
them (2021-2026), in every state of the workflow, with their whole story.

Each suggestion's story is a list of workflow moves checked against proposals.workflow.MOVES and
written as Transition rows, with the replies, ratings, consultations (面商), co-handling opinions
and implementation progress it implies. Numbers are gapless in each sequence (proposals.numbering
keys) and the NumberSequence rows agree with them. Dates are fixed around DEMO_TODAY (2026-11-30):
some suggestions are overdue then, some due soon, some re-handled, some key (重点督办) under the
demo `director`.

The demo accounts see their own: 冯志刚 (`deputy`) and 薛丽娟 (`deputy2`) lead several and co-sign
others; 县农业农村局 (`unit`) and 县交通运输局 (`unit2`) lead and co-handle several in every
handling state. A second `load_demo` finds every row again by its natural key (a suggestion by
title and lead deputy, a reply by round, a transition by action and time) and adds nothing.
"""

import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from demo.deputies import SEED, VILLAGES, sync_rows
from deputies.models import Deputy, Level
from proposals.models import (
    CoHandling,
    Consultation,
    Cosignature,
    NumberSequence,
    Policy,
    ProgressUpdate,
    Reply,
    Satisfaction,
    State,
    Suggestion,
)
from proposals.numbering import sequence_key
from proposals.workflow import MOVES
from renda.core.calendar import WorkCalendar, add_months
from renda.core.models import Session, Term, Transition, Unit

DEMO_TODAY = date(2026, 11, 30)
TZ = timezone.get_default_timezone()

AGRI = "县农业农村局"
TRANSPORT = "县交通运输局"

# title template, category, lead unit ("{township}人民政府" for the township), co-handling units,
# the problem and the request of the suggestion's content.
TOPICS = [
    (
        "关于加快{village}通村公路硬化的建议",
        "infrastructure",
        TRANSPORT,
        ["县财政局"],
        "{village}通村公路仍为砂石路面，雨雪天气泥泞难行，群众出行和苹果外运十分困难",
        "将该路段列入农村公路建设计划，尽快实施硬化",
    ),
    (
        "关于维修{township}至{village}道路的建议",
        "infrastructure",
        TRANSPORT,
        [],
        "{township}至{village}道路建成年久，路面坑洼、边沟堵塞，存在安全隐患",
        "安排专项养护资金，对该路段进行维修并完善排水设施",
    ),
    (
        "关于完善{village}农村公路安全防护设施的建议",
        "infrastructure",
        TRANSPORT,
        ["县公安局"],
        "{village}境内公路临崖临沟路段多，缺少护栏和警示标志，近年多次发生车辆侧滑",
        "在急弯陡坡路段增设护栏、减速带和警示标志",
    ),
    (
        "关于开通县城至{village}农村客运班线的建议",
        "infrastructure",
        TRANSPORT,
        [],
        "{township}部分村庄距县城较远，现有客运班次少，群众就医、赶集不便",
        "增加客运班次，并延伸班线至{village}",
    ),
    (
        "关于解决{village}群众饮水安全问题的建议",
        "infrastructure",
        "县水利局",
        ["{township}人民政府"],
        "{village}供水管网老化，夏季用水高峰时常停水，部分农户仍靠旱井蓄水",
        "实施农村饮水安全巩固提升工程，更换老化管网",
    ),
    (
        "关于修复{village}农田水利设施的建议",
        "agriculture",
        "县水利局",
        [AGRI],
        "{village}的提灌站和灌溉渠系年久失修，果园灌溉保证率低",
        "对提灌站和渠系进行维修改造，提高灌溉能力",
    ),
    (
        "关于扶持{village}苹果产业提质增效的建议",
        "agriculture",
        AGRI,
        ["县果业发展中心"],
        "{village}苹果园树龄老化、品种单一，优果率不高，果农增收乏力",
        "加大老果园改造和品种更新的扶持力度，推广有机肥替代化肥",
    ),
    (
        "关于在{village}建设苹果冷库的建议",
        "agriculture",
        AGRI,
        ["县商务局"],
        "{village}苹果产量大，但缺少冷藏设施，果农只能在采摘季低价销售",
        "扶持村集体或合作社建设气调冷库，延长销售期",
    ),
    (
        "关于加强{village}苹果病虫害统防统治的建议",
        "agriculture",
        AGRI,
        ["县果业发展中心"],
        "近年{village}苹果腐烂病、早期落叶病多发，农户分散防治效果差",
        "组建专业化防治队伍，实行统防统治，并给予药剂补贴",
    ),
    (
        "关于加快{village}高标准农田建设的建议",
        "agriculture",
        AGRI,
        ["县自然资源局"],
        "{village}耕地多为坡地，田间道路和排灌设施不配套",
        "将该村纳入高标准农田建设项目，配套田间道路和蓄水设施",
    ),
    (
        "关于扶持{village}小杂粮加工的建议",
        "agriculture",
        AGRI,
        [],
        "{village}谷子、小米品质好，但加工设备简陋，产品附加值低",
        "扶持建设小杂粮加工车间，培育本地品牌",
    ),
    (
        "关于支持{township}农村电商发展的建议",
        "economy",
        "县商务局",
        [AGRI],
        "{township}电商服务站点少，快递进村难，农产品网销渠道不畅",
        "完善县乡村三级物流体系，在{village}设立电商服务站",
    ),
    (
        "关于规范{village}光伏电站收益分配的建议",
        "economy",
        "县能源局",
        ["县乡村振兴服务中心"],
        "{village}村级光伏电站收益分配不够公开，部分群众有意见",
        "制定收益分配和公益岗位使用办法，定期公开收支",
    ),
    (
        "关于提升壶口瀑布景区旅游服务设施的建议",
        "economy",
        "县文化和旅游局",
        ["县壶口景区管理中心"],
        "旅游旺季壶口瀑布景区停车位不足、游客服务中心拥挤，影响游客体验",
        "扩建停车场和游客服务设施，带动{village}发展农家乐",
    ),
    (
        "关于改善{village}小学办学条件的建议",
        "education",
        "县教育科技局",
        [],
        "{village}小学校舍陈旧，冬季取暖设施简陋，缺少音体美器材",
        "安排薄弱学校改造资金，改善取暖条件并配齐教学器材",
    ),
    (
        "关于加强{township}卫生院医疗力量的建议",
        "health",
        "县卫生健康和体育局",
        ["县人力资源和社会保障局"],
        "{township}卫生院医生少、设备旧，群众看病多往县城跑",
        "通过县乡一体化管理下派医生，更新检查设备",
    ),
    (
        "关于提高{township}乡村医生待遇的建议",
        "health",
        "县卫生健康和体育局",
        ["县财政局"],
        "{township}乡村医生收入偏低、年龄偏大，后继乏人",
        "提高乡村医生补助标准，落实养老保障",
    ),
    (
        "关于加强{township}养老服务设施建设的建议",
        "social",
        "县民政局",
        [],
        "{township}留守老人多，日间照料中心覆盖不足",
        "在{village}建设农村互助幸福院，提供助餐服务",
    ),
    (
        "关于增加{village}公益性岗位的建议",
        "social",
        "县人力资源和社会保障局",
        ["县乡村振兴服务中心"],
        "{village}脱贫户中有部分弱劳力家庭缺少稳定收入",
        "增加护林、保洁等公益性岗位，优先安置弱劳力",
    ),
    (
        "关于加强{township}护林防火基础设施建设的建议",
        "environment",
        "县林业局",
        ["县应急管理局"],
        "{township}林区面积大，防火通道和取水点不足，扑救条件差",
        "修建防火通道和蓄水池，配备扑火机具",
    ),
    (
        "关于巩固{village}退耕还林成果的建议",
        "environment",
        "县林业局",
        [],
        "{village}部分退耕还林地块补植不及时，管护责任不落实",
        "及时补植补造，落实管护人员和管护经费",
    ),
    (
        "关于治理{village}生活垃圾和污水的建议",
        "environment",
        "市生态环境局吉县分局",
        ["县住房和城乡建设管理局"],
        "{village}生活污水随意排放，垃圾清运不及时",
        "建设小型污水处理设施，完善垃圾收运体系",
    ),
    (
        "关于加大{village}地质灾害隐患治理力度的建议",
        "environment",
        "县自然资源局",
        ["县应急管理局"],
        "{village}有多处窑洞和房屋位于滑坡隐患点附近，汛期存在安全风险",
        "对隐患点进行工程治理，必要时实施避险搬迁",
    ),
    (
        "关于在{village}安装路灯的建议",
        "infrastructure",
        "{township}人民政府",
        [],
        "{village}主干道没有路灯，群众夜间出行不便，存在安全隐患",
        "在村主干道安装太阳能路灯",
    ),
    (
        "关于整治{township}集镇交通秩序的建议",
        "law",
        "县公安局",
        ["县住房和城乡建设管理局"],
        "{township}集镇逢集日车辆乱停乱放，交通拥堵",
        "划定停车区域，逢集日安排警力疏导",
    ),
    (
        "关于加强{township}食品安全监管的建议",
        "law",
        "县市场监督管理局",
        [],
        "{township}学校周边和集市上的小作坊食品安全隐患较多",
        "加强日常检查，规范小作坊、小摊贩经营",
    ),
    (
        "关于提高{township}城乡居民医保报销比例的建议",
        "health",
        "县医疗保障局",
        [],
        "{township}部分慢性病患者门诊费用负担较重",
        "扩大门诊慢特病认定范围，提高报销比例",
    ),
]

REPLY_TEXTS = {
    "A": "您提出的建议收悉。我单位高度重视，会同有关方面实地调研，所提问题已于{month}月底前解决，"
    "并建立了长效管理机制。感谢您对我们工作的关心和支持。",
    "B": "您提出的建议很有针对性。我单位已将该事项列入{year}年度工作计划，目前正在推进项目前期工作，"
    "资金已初步落实，预计年底前完成。",
    "C": "您提出的建议符合实际，但受资金和政策条件限制，目前尚难全面实施。我单位将积极争取上级项目资金，"
    "待条件成熟后逐步解决。",
    "D": "感谢您的建议。经研究，该事项涉及面广，我单位将作为今后工作的参考，在制定相关规划时统筹考虑。",
}
PROGRESS_TEXTS = [
    "已完成项目前期勘察和方案设计。",
    "项目已列入年度投资计划，资金已落实。",
    "工程已开工建设，完成总工程量的六成。",
    "工程已完工并通过验收，投入使用，代表和群众认可。",
]
CONSULT_NOTES = [
    "与代表当面沟通办理思路，代表同意办理方案。",
    "电话征求代表意见，代表希望加快进度。",
    "邀请代表参加办理座谈会，现场答复代表关心的问题。",
    "陪同代表实地查看现场，共同研究解决办法。",
]
COHANDLING_OPINION = "我单位同意主办单位的办理意见，将在职责范围内积极配合，落实相关工作。"
RATING_COMMENTS = {
    Satisfaction.SATISFIED: "办理认真，答复具体，问题已解决。",
    Satisfaction.BASICALLY: "答复基本满意，希望加快落实。",
    Satisfaction.UNSATISFIED: "答复过于笼统，没有提出具体措施，要求重新办理。",
}
TRANSFER_REASON = "该事项属乡镇人民政府职责范围，建议改由所在乡镇人民政府办理。"
EXTENSION_REASON = "该建议涉及项目立项和资金筹措，情况复杂，需延期办理。"
RETURN_NOTE = "建议内容过于笼统，请补充具体地点、存在的问题和可行的措施后重新提交。"
REJECT_NOTE = "该事项属于个人诉求，不属于代表建议范围，建议通过信访渠道反映。"


@dataclass
class Story:
    """One suggestion of the demo: who, what, and which way it went (`plan`)."""

    title: str
    content: str
    category: str
    deputy: Deputy
    lead_unit: str
    co_units: list[str]
    plan: str
    session: Session | None
    year: int
    filed: date
    assigned: date | None = None
    outcome: str = ""
    late: bool = False
    key: bool = False
    cosigners: list[Deputy] = field(default_factory=list)
    invited: list[Deputy] = field(default_factory=list)
    declined: list[Deputy] = field(default_factory=list)
    merge_into: "Story | None" = None
    reassign_to: str = ""


# Plans: which way a suggestion went. Each is played by `play` below.
HANDLED = {
    "closed",
    "implemented",
    "implementing",
    "evaluated",
    "rehandled_closed",
    "rehandled_implementing",
    "rehandling",
    "replied",
    "in_progress",
    "extended",
    "assigned",
    "transfer_requested",
    "reassigned",
}


class Days:
    """Working days over the demo's span, with one calendar query."""

    def __init__(self):
        start, end = date(2021, 9, 1), date(2027, 12, 31)
        cal = WorkCalendar(start, end)
        self.workday = {
            start + timedelta(days=i): cal.is_workday(start + timedelta(days=i))
            for i in range((end - start).days + 1)
        }

    def roll(self, day: date) -> date:
        while not self.workday[day]:
            day += timedelta(days=1)
        return day

    def add(self, day: date, n: int) -> date:
        while n:
            day += timedelta(days=1)
            n -= self.workday[day]
        return day

    def deadline(self, start: date, months: int) -> date:
        return self.roll(add_months(start, months))


def at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=TZ)


class Play:
    """Plays a story through the workflow table, collecting the rows it leaves behind."""

    def __init__(self, story: Story, *, days: Days, policy: Policy, rng: random.Random, users, units):
        self.s, self.days, self.policy, self.rng = story, days, policy, rng
        self.users, self.units = users, units
        self.state = State.DRAFT
        self.moves: list[tuple] = []  # (action, from, to, at, by, note)
        self.hour: dict[date, int] = defaultdict(lambda: 9)
        self.fields: dict = {}
        self.replies: list[dict] = []
        self.consultations: list[dict] = []
        self.progress: list[dict] = []
        self.cohandling_sent: date | None = None
        self.deputy_user = story.deputy.user or users["staff"]

    def move(self, action: str, day: date, by, note: str = "") -> None:
        spec = MOVES[action]
        if self.state not in spec.sources:
            raise ValueError(f"demo story {self.s.title}: cannot {action} from {self.state}")
        if day > DEMO_TODAY:
            raise ValueError(f"demo story {self.s.title}: {action} on {day} is after {DEMO_TODAY}")
        hour = self.hour[day]
        self.hour[day] = hour + 1
        self.moves.append((action, self.state, spec.target, at(day, hour), by, note))
        self.state = spec.target

    def unit_user(self, unit_name: str):
        return self.users.get(unit_name) or self.users["staff"]

    # --- the handling after assignment ------------------------------------------------------------

    def assign(self, day: date, unit_name: str) -> None:
        self.move("assign", day, self.users["staff"])
        self.fields.update(
            assigned_at=day,
            lead_unit=unit_name,
            reply_due=self.days.deadline(day, self.policy.reply_months),
            transfer_due=self.days.add(day, self.policy.transfer_working_days),
        )

    def consult(self, day: date, unit_name: str) -> None:
        if any(c["date"] == day for c in self.consultations):
            return
        self.consultations.append(
            {
                "unit": unit_name,
                "way": self.rng.choice(list(Consultation.Way.values)),
                "date": day,
                "notes": self.rng.choice(CONSULT_NOTES),
                "recorded_by": self.unit_user(unit_name),
            }
        )

    def reply(self, day: date, outcome: str, *, round_: int) -> None:
        unit = self.fields["lead_unit"]
        self.move("reply", day, self.unit_user(unit))
        self.replies.append(
            {
                "round": round_,
                "unit": unit,
                "outcome": outcome,
                "text": REPLY_TEXTS[outcome].format(month=day.month, year=day.year),
                "replied_at": day,
                "by": self.unit_user(unit),
            }
        )
        self.fields.update(replied_at=day, outcome=outcome)

    def rate(self, day: date, satisfaction: str) -> None:
        action = "rehandle" if satisfaction == Satisfaction.UNSATISFIED else "rate"
        self.move(action, day, self.deputy_user)
        self.replies[-1].update(
            satisfaction=satisfaction, rating_comment=RATING_COMMENTS[satisfaction], rated_at=at(day, 16)
        )
        self.fields["satisfaction"] = satisfaction
        if action == "rehandle":
            self.fields["rehandling_rounds"] = self.fields.get("rehandling_rounds", 0) + 1
            self.fields["reply_due"] = self.days.deadline(day, self.policy.rehandling_months)

    def handle(self, start: date, *, outcome: str, late: bool, round_: int = 1, when=None) -> date:
        """Consult (mostly), reply on time (or late, or `when`); returns the reply date."""
        due = self.fields["reply_due"]
        if when is not None:
            reply_day = self.days.roll(when)
        elif late:
            reply_day = self.days.roll(due + timedelta(days=self.rng.randint(6, 30)))
        else:
            span = max((due - start).days, 12)
            reply_day = self.days.roll(start + timedelta(days=self.rng.randint(span // 2, span - 5)))
        reply_day = min(reply_day, self.days.roll(DEMO_TODAY - timedelta(days=20)))
        if round_ > 1 or self.rng.random() < 0.82:
            consult_day = start + timedelta(days=max(3, (reply_day - start).days // 3))
            self.consult(min(consult_day, reply_day), self.fields["lead_unit"])
        self.reply(reply_day, outcome, round_=round_)
        return reply_day

    def rating(self) -> str:
        return Satisfaction.SATISFIED if self.rng.random() < 0.65 else Satisfaction.BASICALLY

    def implement(self, start: date, *, done: bool) -> date:
        """Keep a B/C reply open (落实) with dated progress; `done` ends with the implementation done.
        The steps are spread over the time there is until DEMO_TODAY."""
        self.move("implement", start, self.users["staff"])
        texts = PROGRESS_TEXTS if done else PROGRESS_TEXTS[: self.rng.randint(1, 2)]
        gaps = [self.rng.randint(45, 110) for _ in texts]
        room = (DEMO_TODAY - timedelta(days=20) - start).days
        if sum(gaps) > room:
            gaps = [max(1, gap * room // sum(gaps)) for gap in gaps]
        day = start
        for i, (text, gap) in enumerate(zip(texts, gaps, strict=True)):
            day += timedelta(days=gap)
            self.progress.append(
                {
                    "date": day,
                    "text": text,
                    "is_done": done and i == len(texts) - 1,
                    "by": self.unit_user(self.fields["lead_unit"]),
                }
            )
        return day

    def close(self, day: date) -> None:
        day = min(day, DEMO_TODAY)
        self.move("close", day, self.users["staff"])
        self.fields["closed_at"] = day

    # --- the whole story ---------------------------------------------------------------------------

    def play(self) -> None:
        s, rng, days, staff = self.s, self.rng, self.days, self.users["staff"]
        plan = s.plan
        if plan == "draft":
            return
        self.move("submit", s.filed, s.deputy.user or staff)
        self.fields["submitted_at"] = at(s.filed, 10)
        if plan == "submitted":
            return
        if plan == "withdrawn":
            self.move("withdraw", days.add(s.filed, 2), self.deputy_user)
            return
        reviewed = days.add(s.filed, rng.randint(1, 3))
        self.move("review", reviewed, staff)
        if plan == "under_review":
            return
        if plan == "returned":
            self.move("return", days.add(reviewed, 2), staff, RETURN_NOTE)
            self.fields["review_note"] = RETURN_NOTE
            return
        if plan == "rejected":
            self.move("reject", days.add(reviewed, 3), staff, REJECT_NOTE)
            self.fields["review_note"] = REJECT_NOTE
            return
        if plan == "merged":
            self.move("merge", days.add(reviewed, 2), staff)
            return
        self.assign(s.assigned, s.lead_unit)
        if s.co_units:
            self.cohandling_sent = days.add(s.assigned, rng.randint(8, 18))
        unit_user = self.unit_user(s.lead_unit)
        if plan == "assigned":
            return
        if plan in ("transfer_requested", "reassigned"):
            self.move("request_transfer", days.add(s.assigned, rng.randint(1, 3)), unit_user, TRANSFER_REASON)
            self.fields["transfer_reason"] = TRANSFER_REASON
            if plan == "transfer_requested":
                return
            again = days.add(s.assigned, 7)
            self.move("assign", again, staff)
            self.fields.update(
                lead_unit=s.reassign_to,
                assigned_at=again,
                reply_due=days.deadline(again, self.policy.reply_months),
                transfer_due=days.add(again, self.policy.transfer_working_days),
            )
            unit_user = self.unit_user(s.reassign_to)
        accepted = days.add(self.fields["assigned_at"], rng.randint(1, 3))
        self.move("accept", accepted, unit_user)
        if plan == "in_progress":
            if rng.random() < 0.7:
                self.consult(min(accepted + timedelta(days=20), DEMO_TODAY), self.fields["lead_unit"])
            return
        if plan == "extended":
            asked = min(accepted + timedelta(days=rng.randint(25, 40)), DEMO_TODAY)
            self.consult(asked - timedelta(days=10), self.fields["lead_unit"])
            self.move("extend", days.roll(asked), self.users["director"], EXTENSION_REASON)
            self.fields.update(
                is_extended=True,
                extension_requested_at=asked - timedelta(days=3),
                extension_reason=EXTENSION_REASON,
                reply_due=days.deadline(self.fields["assigned_at"], self.policy.extended_reply_months),
            )
            return
        outcome = s.outcome
        if plan.startswith("rehandl"):
            # Sent back only lately (`late`): the new deadline is still ahead on DEMO_TODAY.
            when = DEMO_TODAY - timedelta(days=rng.randint(30, 40)) if s.late else None
            first = self.handle(accepted, outcome=rng.choice("CD"), late=s.late, when=when)
            rated = min(first + timedelta(days=rng.randint(5, 12)), DEMO_TODAY)
            self.rate(rated, Satisfaction.UNSATISFIED)
            if plan == "rehandling":
                if rng.random() < 0.5:
                    self.consult(min(rated + timedelta(days=7), DEMO_TODAY), self.fields["lead_unit"])
                return
            second = self.handle(
                rated, outcome="A" if plan == "rehandled_closed" else "B", late=False, round_=2
            )
            rated = second + timedelta(days=rng.randint(4, 10))
            self.rate(rated, Satisfaction.BASICALLY if plan == "rehandled_implementing" else self.rating())
            if plan == "rehandled_closed":
                self.close(rated + timedelta(days=rng.randint(15, 30)))
            else:
                self.implement(rated, done=False)
            return
        # A late reply still waiting for its rating came in only lately.
        when = DEMO_TODAY - timedelta(days=rng.randint(8, 18)) if s.late and plan == "replied" else None
        replied = self.handle(accepted, outcome=outcome, late=s.late, when=when)
        if plan == "replied":
            return
        rated = min(replied + timedelta(days=rng.randint(5, 15)), DEMO_TODAY)
        self.rate(rated, self.rating())
        if plan == "evaluated":
            return
        if plan in ("closed", "reassigned"):
            self.close(rated + timedelta(days=rng.randint(15, 40)))
        elif plan == "implementing":
            self.implement(rated, done=False)
        elif plan == "implemented":
            finished = self.implement(rated, done=True)
            self.close(finished + timedelta(days=rng.randint(5, 15)))


# --- which suggestions there are -------------------------------------------------------------------

# The demo accounts' own suggestions: (deputy, group, title, topic index, plan, outcome, extras).
# A group is a session number or ("recess", year).
ACCOUNT_STORIES = [
    ("冯志刚", 2, "关于解决屯里镇部分村饮水安全问题的建议", 4, "closed", "A", {"village": "屯里村"}),
    ("冯志刚", 3, "关于扶持屯里镇苹果冷链仓储建设的建议", 7, "implemented", "B", {"village": "屯里村"}),
    ("冯志刚", 4, "关于硬化屯里村至麦城村通村公路的建议", 0, "rehandled_closed", "", {"village": "屯里村"}),
    (
        "冯志刚",
        5,
        "关于推广苹果矮砧密植栽培技术的建议",
        6,
        "implementing",
        "C",
        {"key": True, "village": "屯里村"},
    ),
    (
        "冯志刚",
        6,
        "关于在屯里镇建设苹果气调冷库的建议",
        7,
        "in_progress",
        "",
        {"key": True, "village": "屯里村"},
    ),
    ("冯志刚", 6, "关于加强苹果花期防冻减灾的建议", 8, "replied", "B", {"late": True, "village": "屯里村"}),
    ("冯志刚", 6, "关于修复屯里镇提灌站的建议", 5, "evaluated", "A", {"village": "屯里村"}),
    (
        "冯志刚",
        ("recess", 2026),
        "关于屯里村通村公路临崖路段安装护栏的建议",
        2,
        "in_progress",
        "",
        {"village": "屯里村"},
    ),
    (
        "冯志刚",
        ("recess", 2026),
        "关于增设屯里镇至县城农村客运班次的建议",
        3,
        "submitted",
        "",
        {"village": "屯里村"},
    ),
    (
        "冯志刚",
        ("recess", 2026),
        "关于支持屯里镇农村电商服务站建设的建议",
        11,
        "draft",
        "",
        {"village": "屯里村"},
    ),
    ("薛丽娟", 2, "关于改善壶口镇中心学校寄宿条件的建议", 14, "implemented", "B", {"village": "小船窝村"}),
    (
        "薛丽娟",
        4,
        "关于提升壶口瀑布景区游客服务设施的建议",
        13,
        "closed",
        "A",
        {"key": True, "village": "小船窝村"},
    ),
    (
        "薛丽娟",
        5,
        "关于解决小船窝村群众饮水安全问题的建议",
        4,
        "rehandled_implementing",
        "",
        {"village": "小船窝村"},
    ),
    ("薛丽娟", 6, "关于加强乡村学校心理健康教育的建议", 14, "rehandling", "", {"village": "小船窝村"}),
    ("薛丽娟", 6, "关于维修壶口镇至小船窝村道路的建议", 1, "extended", "", {"village": "小船窝村"}),
    (
        "薛丽娟",
        ("recess", 2026),
        "关于在壶口镇增设农村客运招呼站的建议",
        3,
        "assigned",
        "",
        {"village": "小船窝村"},
    ),
    (
        "薛丽娟",
        ("recess", 2026),
        "关于加强壶口镇卫生院医疗力量的建议",
        15,
        "returned",
        "",
        {"village": "小船窝村"},
    ),
]

# How the other suggestions of each group went: (plan, outcome) repeated `count` times.
OLD_SESSION = [
    ("closed", "A", 8),
    ("closed", "D", 3),
    ("implemented", "B", 5),
    ("implemented", "C", 1),
    ("implementing", "C", 2),
    ("rehandled_closed", "", 2),
    ("rejected", "", 1),
    ("merged", "", 1),
    ("withdrawn", "", 1),
]
SESSION_5 = [
    ("closed", "A", 8),
    ("closed", "D", 2),
    ("implemented", "B", 4),
    ("implementing", "B", 3),
    ("implementing", "C", 3),
    ("evaluated", "A", 2),
    ("rehandled_closed", "", 1),
    ("rehandled_implementing", "", 1),
    ("reassigned", "A", 1),
    ("rejected", "", 1),
    ("merged", "", 1),
]
SESSION_6 = [
    ("closed", "A", 5),
    ("closed", "D", 2),
    ("evaluated", "A", 3),
    ("implementing", "B", 5),
    ("implementing", "C", 2),
    ("implemented", "B", 2),
    ("replied", "A", 2),
    ("rehandling", "", 1),
    ("in_progress", "", 2),
    ("rejected", "", 1),
    ("merged", "", 1),
    ("withdrawn", "", 1),
]
OLD_RECESS = [("closed", "A", 3), ("implemented", "B", 1), ("closed", "D", 1), ("rejected", "", 1)]
RECESS_2026 = [
    ("assigned", "", 1),
    ("transfer_requested", "", 2),
    ("in_progress", "", 2),
    ("extended", "", 1),
    ("replied", "A", 1),
    ("submitted", "", 2),
    ("under_review", "", 2),
    ("rejected", "", 1),
    ("withdrawn", "", 1),
    ("merged", "", 1),
    ("draft", "", 1),
]
# Filing dates in 2026's recess by plan: the later in the story, the earlier filed.
RECESS_2026_FILED = {
    "extended": date(2026, 6, 22),
    "replied": date(2026, 7, 6),
    "in_progress": [date(2026, 8, 20), date(2026, 10, 9), date(2026, 9, 14)],
    "withdrawn": date(2026, 6, 3),
    "rejected": date(2026, 9, 7),
    "transfer_requested": [date(2026, 11, 2), date(2026, 11, 3)],
    "assigned": [date(2026, 11, 9), date(2026, 11, 10)],
    "merged": date(2026, 11, 12),
    "returned": date(2026, 10, 27),
    "under_review": [date(2026, 11, 16), date(2026, 11, 18)],
    "submitted": [date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 26)],
    "draft": [date(2026, 11, 25), date(2026, 11, 27)],
}
STREET_LIGHTS = 23
AGRI_TOPICS = [6, 7, 8, 9, 10]
TRANSPORT_TOPICS = [0, 1, 2, 3]
OPEN_FOR_DEMO_UNITS = {"in_progress", "rehandling", "implementing", "assigned", "extended", "replied"}
# Key suggestions (重点督办) among the generated ones, per session number.
KEY_PER_SESSION = {4: 2, 5: 3, 6: 4}


def _topic_text(index: int, township: str, village: str) -> tuple[str, str, str, str, list[str]]:
    template, category, lead, co_units, problem, ask = TOPICS[index]
    names = {"township": township, "village": village}
    title = template.format(**names)
    content = (
        f"{problem.format(**names)}。建议{ask.format(**names)}，切实解决群众的急难愁盼问题。"
        if index % 2
        else f"据群众反映，{problem.format(**names)}。为此建议：{ask.format(**names)}。"
    )
    return title, content, category, lead.format(**names), [u.format(**names) for u in co_units]


def _stories(rng: random.Random, deputies: list[Deputy], sessions: dict[int, Session], days: Days):
    by_name = {d.name: d for d in deputies}
    pool = [d for d in deputies if d.name not in ("冯志刚", "薛丽娟")]
    taken: set[str] = set()
    stories: list[Story] = []

    def session_dates(number: int) -> tuple[date, date]:
        session = sessions[number]
        return session.start_date, days.roll(session.end_date + timedelta(days=26))

    def place(deputy: Deputy) -> tuple[str, str]:
        township = deputy.township.name if deputy.township_id else "吉昌镇"
        villages = VILLAGES.get(township) or VILLAGES["吉昌镇"]
        return township, rng.choice(villages)

    def add(
        deputy,
        group,
        plan,
        outcome,
        *,
        title=None,
        topic=None,
        topics=None,
        filed=None,
        village=None,
        **extra,
    ):
        for attempt in range(60):
            # A topic of the family asked for; any topic once those titles are used up.
            index = rng.choice(topics) if topics and attempt < 30 else rng.randrange(len(TOPICS))
            if topic is not None:
                index = topic
            township, village = place(deputy) if village is None else (deputy.township.name, village)
            made_title, content, category, lead, co_units = _topic_text(index, township, village)
            made_title = title or made_title
            if made_title not in taken:
                break
        else:  # pragma: no cover - the topics and villages give far more titles than needed
            raise RuntimeError("the demo ran out of suggestion titles")
        taken.add(made_title)
        if isinstance(group, tuple):
            year, session = group[1], None
            if filed is None:
                filed = days.roll(date(year, rng.randint(4, 10), rng.randint(1, 25)))
            assigned = days.add(filed, rng.randint(8, 14))
        else:
            session = sessions[group]
            start, assigned = session_dates(group)
            year = start.year
            filed = start + timedelta(days=rng.randint(0, 1))
        story = Story(
            title=made_title,
            content=content,
            category=category,
            deputy=deputy,
            lead_unit=lead,
            co_units=[u for u in co_units if u != lead][: rng.choice([0, 1, 1, 2])],
            plan=plan,
            session=session,
            year=year,
            filed=filed,
            assigned=assigned if plan in HANDLED else None,
            outcome=outcome or rng.choice("AB"),
            **extra,
        )
        stories.append(story)
        return story

    # The demo accounts' suggestions first, so that their titles are theirs.
    for name, group, title, topic, plan, outcome, extra in ACCOUNT_STORIES:
        filed = None
        if isinstance(group, tuple):
            filed = _recess_filed(plan)
        add(by_name[name], group, plan, outcome, title=title, topic=topic, filed=filed, **extra)

    groups = [(n, OLD_SESSION) for n in (1, 2, 3, 4)] + [(5, SESSION_5), (6, SESSION_6)]
    groups += [(("recess", y), OLD_RECESS) for y in (2022, 2023, 2024, 2025)]
    groups += [(("recess", 2026), RECESS_2026)]
    turn = 0
    for group, plans in groups:
        for plan, outcome, count in plans:
            for _ in range(count):
                filed = _recess_filed(plan) if group == ("recess", 2026) else None
                extra = {}
                if group == 6 and plan == "replied":
                    extra["late"] = True
                topics = None
                if plan in ("transfer_requested", "reassigned"):
                    topics = [STREET_LIGHTS]  # a township's matter sent to a county bureau
                elif group in (6, ("recess", 2026)) and plan in OPEN_FOR_DEMO_UNITS:
                    # The demo units hold every kind of open item of 2026.
                    topics, turn = [AGRI_TOPICS, TRANSPORT_TOPICS][turn % 2], turn + 1
                add(rng.choice(pool), group, plan, outcome, filed=filed, topics=topics, **extra)
    _shape(stories, rng, pool, by_name, sessions)
    return stories


_recess_queue: dict[str, list[date]] = {}


def _recess_filed(plan: str) -> date:
    """The next filing date for a 2026-recess suggestion of `plan`."""
    spec = RECESS_2026_FILED[plan]
    if isinstance(spec, date):
        return spec
    queue = _recess_queue.setdefault(plan, list(spec))
    return queue.pop(0) if len(queue) > 1 else queue[0]


def _shape(stories: list[Story], rng: random.Random, pool, by_name, sessions) -> None:
    """The finishing touches: the demo units' share, 2026's dates, co-signers, key suggestions, merges."""
    feng, xue = by_name["冯志刚"], by_name["薛丽娟"]
    generated = [s for s in stories if s.deputy not in (feng, xue)]

    # A township's matter sent to a county bureau, which asks to return it (退办).
    transfers = [s for s in generated if s.plan in ("transfer_requested", "reassigned")]
    for i, s in enumerate(transfers):
        s.reassign_to = s.lead_unit
        s.lead_unit = [AGRI, TRANSPORT][i % 2]
    # The demo units also co-handle some.
    for i, s in enumerate(generated[::7]):
        if s.plan in HANDLED:
            extra = AGRI if i % 2 == 0 else TRANSPORT
            if extra != s.lead_unit:
                s.co_units = [*s.co_units, extra]
    for s in stories:
        s.co_units = [u for u in dict.fromkeys(s.co_units) if u != s.lead_unit]

    # Co-signers: mostly deputies of the same delegation; the demo accounts co-sign some.
    by_township = defaultdict(list)
    for d in pool:
        by_township[d.township_id].append(d)
    for s in stories:
        if s.plan == "draft":
            continue
        mates = [d for d in by_township[s.deputy.township_id] if d != s.deputy] or pool
        count = rng.choice([0, 1, 1, 2, 2, 3])
        s.cosigners = rng.sample(mates, min(count, len(mates)))
    candidates = [s for s in generated if s.plan not in ("draft", "withdrawn")]
    feng_cosigns = [s for s in candidates if s.deputy.township_id == feng.township_id][:5]
    xue_cosigns = [s for s in candidates if s.deputy.township_id == xue.township_id][:5]
    for s in feng_cosigns:
        s.cosigners = [*s.cosigners, feng]
    for s in xue_cosigns:
        s.cosigners = [*s.cosigners, xue]
    # Open invitations and a declined one.
    mine = [s for s in stories if s.deputy == feng and s.plan == "submitted"]
    for s in mine:
        s.invited = [xue]
    open_ones = [s for s in generated if s.plan in ("submitted", "under_review") and feng not in s.cosigners]
    if open_ones:
        open_ones[0].declined = [feng]

    # Key suggestions picked by the director meeting.
    for number, count in KEY_PER_SESSION.items():
        eligible = [
            s for s in generated if s.session is not None and s.session.number == number and s.plan in HANDLED
        ]
        for s in rng.sample(eligible, min(count, len(eligible))):
            s.key = True
    # About one reply in eight came after its deadline.
    for s in generated:
        if s.plan in ("closed", "implemented", "implementing", "evaluated") and rng.random() < 0.12:
            s.late = True
    # Rehandling sent back only lately, so that one is overdue and one is not.
    rehandling = [s for s in stories if s.plan == "rehandling"]
    for i, s in enumerate(rehandling):
        s.late = i % 2 == 1

    # Duplicates merged into a suggestion of the same group on a similar matter.
    for s in stories:
        if s.plan != "merged":
            continue
        same = [
            t
            for t in stories
            if t is not s
            and t.session == s.session
            and t.year == s.year
            and t.plan in HANDLED
            and t.plan not in ("reassigned",)
        ]
        same_topic = [t for t in same if t.category == s.category] or same
        s.merge_into = same_topic[0]
        if s.deputy not in s.merge_into.cosigners and s.deputy != s.merge_into.deputy:
            # Merging keeps every deputy's name on the merged suggestion.
            s.merge_into.cosigners = [*s.merge_into.cosigners, s.deputy]


# --- writing ---------------------------------------------------------------------------------------


def _sync_plain(model, rows: list[dict], key: tuple[str, ...], scope) -> dict[tuple, object]:
    """Create or update rows of a model without history, found by `key` within `scope`."""
    existing = {tuple(getattr(o, f) for f in key): o for o in scope}
    found, new, changed, changed_fields = {}, [], [], set()
    for row in rows:
        row_key = tuple(row[f] for f in key)
        obj = existing.get(row_key)
        if obj is None:
            obj = model(**row)
            new.append(obj)
        else:
            diff = [f for f, v in row.items() if getattr(obj, f) != v]
            for f in diff:
                setattr(obj, f, row[f])
            if diff:
                changed.append(obj)
                changed_fields.update(diff)
        found[row_key] = obj
    if new:
        model._default_manager.bulk_create(new, batch_size=500)
    if changed:
        model._default_manager.bulk_update(changed, sorted(changed_fields), batch_size=500)
    return found


@transaction.atomic
def load_demo_proposals(stdout) -> None:
    term = Term.objects.filter(number=16).first()
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["staff", "director"])}
    if term is None or len(users) < 2:
        stdout.write("suggestions: skipped (load the reference data and demo accounts first)")
        return
    deputies = list(
        Deputy.objects.active()
        .filter(mandates__level=Level.COUNTY, mandates__term=term)
        .select_related("township", "user")
        .order_by("name_initials", "name")
        .distinct()
    )
    names = {d.name for d in deputies}
    if not {"冯志刚", "薛丽娟"} <= names:
        stdout.write("suggestions: skipped (load the demo deputies first)")
        return
    units = {u.name: u for u in Unit.objects.all()}
    for unit_user in get_user_model().objects.filter(username__in=["unit", "unit2"]).select_related("unit"):
        if unit_user.unit_id:
            users[unit_user.unit.name] = unit_user
    sessions = {s.number: s for s in Session.objects.filter(term=term)}
    policy = Policy.current()
    days = Days()
    rng = random.Random(SEED + 40)  # noqa: S311 - reproducible invented data, not a secret
    _recess_queue.clear()
    stories = _stories(rng, deputies, sessions, days)
    plays = []
    for story in stories:
        play = Play(story, days=days, policy=policy, rng=rng, users=users, units=units)
        play.play()
        plays.append(play)

    # Numbers: gapless per sequence, in the order of filing, for every suggestion ever assigned.
    numbered = defaultdict(list)
    for play in plays:
        if "assigned_at" in play.fields:
            probe = Suggestion(term=term, session=play.s.session, year=play.s.year)
            numbered[sequence_key(probe)].append(play)
    for key, members in numbered.items():
        members.sort(key=lambda p: (p.s.filed, p.s.title))
        for number, play in enumerate(members, start=1):
            play.fields.update(sequence=key, number=number)

    def suggestion_row(play: Play) -> dict:
        s, f = play.s, play.fields
        created = at(s.filed, 9) if s.plan != "draft" else at(s.filed, 20)
        return {
            "term_id": term.pk,
            "session_id": s.session.pk if s.session else None,
            "year": s.year,
            "sequence": f.get("sequence", ""),
            "number": f.get("number"),
            "title": s.title,
            "content": s.content,
            "category": s.category,
            "lead_deputy_id": s.deputy.pk,
            "delegation_id": s.deputy.township_id,
            "filed_by_id": (s.deputy.user or users["staff"]).pk,
            "state": play.state,
            "submitted_at": f.get("submitted_at"),
            "review_note": f.get("review_note", ""),
            "lead_unit_id": units[f["lead_unit"]].pk if "lead_unit" in f else None,
            "assigned_at": f.get("assigned_at"),
            "reply_due": f.get("reply_due"),
            "transfer_due": f.get("transfer_due"),
            "transfer_reason": f.get("transfer_reason", ""),
            "extension_requested_at": f.get("extension_requested_at"),
            "extension_reason": f.get("extension_reason", ""),
            "is_extended": f.get("is_extended", False),
            "replied_at": f.get("replied_at"),
            "outcome": f.get("outcome", ""),
            "satisfaction": f.get("satisfaction", ""),
            "rehandling_rounds": f.get("rehandling_rounds", 0),
            "is_key": s.key,
            "supervising_leader_id": users["director"].pk if s.key else None,
            "closed_at": f.get("closed_at"),
            "created_at": created,
        }

    # Merged suggestions point at their target, so the targets are written first.
    first = [p for p in plays if p.s.plan != "merged"]
    rows = sync_rows(Suggestion, [suggestion_row(p) for p in first], key=("title", "lead_deputy_id"))
    pk_of = {id(p.s): rows[(p.s.title, p.s.deputy.pk)].pk for p in first}
    merged_rows = []
    for p in plays:
        if p.s.plan == "merged":
            row = suggestion_row(p)
            row["merged_into_id"] = pk_of[id(p.s.merge_into)]
            merged_rows.append(row)
    rows.update(sync_rows(Suggestion, merged_rows, key=("title", "lead_deputy_id")))
    for p in plays:
        pk_of[id(p.s)] = rows[(p.s.title, p.s.deputy.pk)].pk
    ids = list(pk_of.values())

    cosign_rows = {}
    for p in plays:
        sid = pk_of[id(p.s)]
        answered = at(p.s.filed, 15)
        answers = [
            *((d, Cosignature.State.CONFIRMED, answered) for d in p.s.cosigners),
            *((d, Cosignature.State.INVITED, None) for d in p.s.invited),
            *((d, Cosignature.State.DECLINED, answered) for d in p.s.declined),
        ]
        for deputy, state, when in answers:
            if deputy != p.s.deputy:
                cosign_rows.setdefault(
                    (sid, deputy.pk),
                    {"suggestion_id": sid, "deputy_id": deputy.pk, "state": state, "answered_at": when},
                )
    _sync_plain(
        Cosignature,
        list(cosign_rows.values()),
        ("suggestion_id", "deputy_id"),
        Cosignature.objects.filter(suggestion_id__in=ids),
    )

    cohandling_rows = []
    for p in plays:
        if "assigned_at" not in p.fields:
            continue
        due = days.deadline(p.fields["assigned_at"], policy.cohandling_months)
        for name in p.s.co_units:
            sent = p.cohandling_sent if p.cohandling_sent and p.cohandling_sent <= DEMO_TODAY else None
            cohandling_rows.append(
                {
                    "suggestion_id": pk_of[id(p.s)],
                    "unit_id": units[name].pk,
                    "due": due,
                    "opinion": COHANDLING_OPINION if sent else "",
                    "sent_at": sent,
                    "sent_by_id": (users.get(name) or users["staff"]).pk if sent else None,
                }
            )
    _sync_plain(
        CoHandling,
        cohandling_rows,
        ("suggestion_id", "unit_id"),
        CoHandling.objects.filter(suggestion_id__in=ids),
    )

    consultation_rows = [
        {
            "suggestion_id": pk_of[id(p.s)],
            "unit_id": units[c["unit"]].pk,
            "way": c["way"],
            "date": c["date"],
            "notes": c["notes"],
            "recorded_by_id": c["recorded_by"].pk,
        }
        for p in plays
        for c in p.consultations
    ]
    _sync_plain(
        Consultation,
        consultation_rows,
        ("suggestion_id", "date", "way"),
        Consultation.objects.filter(suggestion_id__in=ids),
    )

    reply_rows = [
        {
            "suggestion_id": pk_of[id(p.s)],
            "round": r["round"],
            "unit_id": units[r["unit"]].pk,
            "outcome": r["outcome"],
            "text": r["text"],
            "replied_at": r["replied_at"],
            "by_id": r["by"].pk,
            "satisfaction": r.get("satisfaction", ""),
            "rating_comment": r.get("rating_comment", ""),
            "rated_at": r.get("rated_at"),
        }
        for p in plays
        for r in p.replies
    ]
    _sync_plain(Reply, reply_rows, ("suggestion_id", "round"), Reply.objects.filter(suggestion_id__in=ids))

    progress_rows = [
        {
            "suggestion_id": pk_of[id(p.s)],
            "date": u["date"],
            "text": u["text"],
            "is_done": u["is_done"],
            "by_id": u["by"].pk,
        }
        for p in plays
        for u in p.progress
    ]
    _sync_plain(
        ProgressUpdate,
        progress_rows,
        ("suggestion_id", "date"),
        ProgressUpdate.objects.filter(suggestion_id__in=ids),
    )

    # The transition record of every story, added once.
    suggestion_type = ContentType.objects.get_for_model(Suggestion)
    recorded = set(
        Transition.objects.filter(content_type=suggestion_type, object_id__in=ids).values_list(
            "object_id", "action", "at"
        )
    )
    new_transitions = [
        Transition(
            content_type=suggestion_type,
            object_id=pk_of[id(p.s)],
            action=action,
            from_state=source,
            to_state=target,
            by=by,
            at=when,
            note=note,
        )
        for p in plays
        for action, source, target, when, by, note in p.moves
        if (pk_of[id(p.s)], action, when) not in recorded
    ]
    Transition.objects.bulk_create(new_transitions, batch_size=500)

    # The sequences end where the demo's numbers end (or later, if real suggestions took more).
    taken = dict(
        Suggestion.objects.filter(sequence__in=list(numbered))
        .values("sequence")
        .annotate(last=Max("number"))
        .values_list("sequence", "last")
    )
    for key in numbered:
        NumberSequence.objects.update_or_create(key=key, defaults={"last": taken.get(key) or 0})

    states = Counter(p.state for p in plays)
    overdue = Suggestion.objects.filter(pk__in=ids).overdue(today=DEMO_TODAY).count()
    stdout.write(
        f"suggestions: {len(plays)} ({', '.join(f'{s} {states[s]}' for s in State.values if states[s])}), "
        f"{overdue} overdue on {DEMO_TODAY:%Y-%m-%d}, {len(reply_rows)} replies, "
        f"{len(consultation_rows)} consultations, {len(new_transitions)} new transitions"
    )


DRAFTS_FROM_OPINIONS = 3


def load_demo_drafts_from_opinions(stdout) -> None:
    """The demo deputy turns the latest constituent opinions marked "to become a suggestion" at
    their station into drafts (the opinion stays the draft's origin), as they would from a phone."""
    from liaison.models import Opinion
    from proposals.filing import suggestion_from_opinion

    deputy = Deputy.objects.filter(user__username="deputy").first()
    staff = get_user_model().objects.filter(username="staff").first()
    if deputy is None or staff is None:
        stdout.write("suggestions from opinions: skipped (load the demo deputies first)")
        return
    done = Suggestion.objects.filter(origin_opinion__isnull=False).count()
    pending = Opinion.objects.filter(state=Opinion.State.TO_SUGGESTION, suggestion__isnull=True).order_by(
        "-reception__date", "-pk"
    )[: max(DRAFTS_FROM_OPINIONS - done, 0)]
    made = [
        suggestion_from_opinion(opinion=opinion, lead_deputy=deputy, by=deputy.user or staff)
        for opinion in pending
    ]
    stdout.write(
        f"suggestions from opinions: {done + len(made)} drafts whose origin is a constituent opinion"
    )
