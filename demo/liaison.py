"""Demo liaison network of 吉县: 8 stations, 78 points, every deputy in a station, a year of reception
days and the residents' opinions raised at them, in every routing state.

Dates are fixed (December 2025 to November 2026, and the planned days of December 2026) around
DEMO_TODAY, so that a second `load_demo` finds every row again by its natural key: a station or
point by name, an assignment by deputy, a reception by place and date, an opinion by reception and
text. Residents and contact people are invented (random.Random(2026)).
"""

import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from demo.deputies import (
    COUNTY_SEAT_COMMUNITIES,
    SEED,
    VILLAGES,
    NameMaker,
    demo_roster,
    phone_number,
    sync_pairs,
    sync_rows,
)
from deputies.models import Deputy, Gender
from liaison.models import Assignment, Opinion, Point, Reception, Station
from liaison.workflow import FORWARD_REPLY_WORKING_DAYS, MOVES
from renda.core.calendar import WorkCalendar
from renda.core.models import Township, Transition, Unit

DEMO_TODAY = date(2026, 11, 30)
FIRST_MONTH = date(2025, 12, 1)
MONTHS = 12  # held: December 2025 to November 2026; then next month's planned days
CITY_STATION = "吉昌镇城区人大代表联络站"

# name, township, address, reception day of the month, villages or communities of its points
STATIONS = [
    (CITY_STATION, "吉昌镇", "吉县锦绣社区党群服务中心二楼", 10, COUNTY_SEAT_COMMUNITIES),
    ("吉昌镇人大代表联络站", "吉昌镇", "吉昌镇人民政府一楼", 12, VILLAGES["吉昌镇"]),
    ("屯里镇人大代表联络站", "屯里镇", "屯里镇人民政府院内东侧", 15, VILLAGES["屯里镇"]),
    ("壶口镇人大代表联络站", "壶口镇", "壶口镇人民政府一楼", 8, VILLAGES["壶口镇"]),
    ("车城乡人大代表联络站", "车城乡", "车城乡人民政府院内", 18, VILLAGES["车城乡"]),
    ("文城乡人大代表联络站", "文城乡", "文城乡便民服务中心二楼", 20, VILLAGES["文城乡"]),
    ("柏山寺乡人大代表联络站", "柏山寺乡", "柏山寺乡人民政府院内", 16, VILLAGES["柏山寺乡"]),
    ("中垛乡人大代表联络站", "中垛乡", "中垛乡人民政府一楼", 25, VILLAGES["中垛乡"]),
]

TOPICS = {
    1: "春节前民生保障",
    2: "春耕备耕",
    3: "苹果春季管理与花期防冻",
    4: "护林防火",
    5: "乡村振兴与产业发展",
    6: "防汛备汛",
    7: "农村饮水安全",
    8: "学生资助与校车安全",
    9: "苹果采摘与销售",
    10: "秋收与壶口景区旅游旺季",
    11: "农村人居环境整治",
    12: "冬季取暖与安全生产",
}

CANCEL_NOTES = {
    "winter": "因降雪道路结冰，本次接待取消，顺延至下月。",
    "summer": "因防汛值守，本次接待取消，已在村民微信群告知。",
    "other": "因农忙时节群众外出务工，本次接待取消，已在村民微信群告知。",
}


@dataclass(frozen=True)
class Template:
    category: str
    text: str  # {place}: the village or community
    answer: str
    unit: str
    reply: str
    where: str = ""  # "village", "community", a township's name, or "" for anywhere


C = Opinion.Category
TEMPLATES = [
    Template(
        C.AGRICULTURE,
        "{place}苹果园大多靠天浇水，花期遇旱坐果率低，希望修建集雨水窖、配套滴灌设施。",
        "代表现场介绍了果园节水灌溉项目的申报条件，请村委会摸清需求后统一上报。",
        "县农业农村局",
        "经实地查看，已将该村列入明年果园集雨节灌项目储备库，计划新建集雨水窖20处、铺设滴灌管网。",
        "village",
    ),
    Template(
        C.AGRICULTURE,
        "苹果套袋、摘袋季节劳力紧张，雇工难、工价高，希望组织劳务对接。",
        "代表现场答复：乡镇正在统计用工需求，将通过劳务合作社统一调配。",
        "县人力资源和社会保障局",
        "已在农忙季节组织周边县劳务人员对接，并通过零工市场发布用工信息。",
        "village",
    ),
    Template(
        C.AGRICULTURE,
        "村里苹果没有冷库储存，集中上市压价严重，希望对新建果品冷库给予补贴并组织申报培训。",
        "代表介绍了果品冷链仓储补贴政策，答应协调县农业农村局来村讲解。",
        "县农业农村局",
        "已组织冷链仓储项目申报培训，该村合作社申报的300吨冷库已纳入年度补贴计划。",
    ),
    Template(
        C.AGRICULTURE,
        "今年红薯丰收，但销路不畅、收购价低，希望帮助搭建电商销售渠道。",
        "代表现场联系了县电商服务中心，约定下周来村对接。",
        "县商务局",
        "县电商服务中心已将该村红薯纳入“吉县好物”线上专区，并组织直播带货两场。",
    ),
    Template(
        C.AGRICULTURE,
        "本地小米品质好但名气小，希望统一品牌包装、申请地理标志。",
        "代表答复将在县人代会上提出相关建议。",
        "县农业农村局",
        "已将吉县小米纳入区域公用品牌培育计划，正在准备地理标志产品申报材料。",
    ),
    Template(
        C.AGRICULTURE,
        "光伏扶贫电站收益怎么分配群众不清楚，希望定期公开。",
        "代表现场说明了光伏收益用于公益岗位和小型公益事业的规定。",
        "县乡村振兴服务中心",
        "已督促各村按季度在村务公开栏公示光伏收益分配情况，并将开展专项检查。",
        "village",
    ),
    Template(
        C.AGRICULTURE,
        "果园防雹网老化破损，希望继续给予防雹网补贴。",
        "代表答复：今年防雹网补贴已下达到乡镇，可向乡镇农经站咨询。",
        "县果业发展中心",
        "明年防雹网补贴计划已向该村倾斜，补贴标准不变，春季统一发放。",
        "village",
    ),
    Template(
        C.AGRICULTURE,
        "山地果园作业不便，希望把果园小型农机纳入农机购置补贴。",
        "代表介绍了农机购置补贴目录的查询办法。",
        "县农业农村局",
        "果园开沟机、小型喷雾机已在补贴目录内，已安排农机站入村现场演示。",
        "village",
    ),
    Template(
        C.ROADS,
        "{place}通村公路多处路面破损、坑洼积水，雨天车辆难行，希望尽快修复。",
        "代表现场查看了破损路段，答应协调有关部门尽快处理。",
        "县交通运输局",
        "已安排养护队对破损路段进行修补，并将该路段列入明年农村公路提质改造计划。",
        "village",
    ),
    Template(
        C.ROADS,
        "通往{place}果园的生产道路还是土路，运苹果很不方便，希望硬化。",
        "代表答复将把该路段报乡镇汇总，争取纳入产业路建设计划。",
        "县交通运输局",
        "该生产路已纳入明年产业路硬化项目，预计春季开工。",
        "village",
    ),
    Template(
        C.ROADS,
        "县城到{place}的农村客运班车班次少，老人进城看病不方便，希望增加班次。",
        "代表答复将向县交通运输局反映。",
        "县交通运输局",
        "已协调客运公司在每周一、三、五增加往返班次各一趟。",
        "village",
    ),
    Template(
        C.ROADS,
        "旅游旺季壶口景区周边车辆拥堵，村民出行困难，希望增设停车场、加强交通疏导。",
        "代表答复：国庆期间交警已增派警力，意见将转景区管理中心。",
        "县壶口景区管理中心",
        "已在旺季启用临时停车场两处，并与交警部门建立节假日联合疏导机制。",
        "壶口镇",
    ),
    Template(
        C.ROADS,
        "村口公路急弯处没有护栏和警示标志，存在安全隐患，希望尽快设置。",
        "代表现场查看后答复将督促尽快整改。",
        "县交通运输局",
        "已在急弯处增设波形护栏60米、警示标志2块。",
    ),
    Template(
        C.HOUSING,
        "{place}主干道没有路灯，夜间出行不便，希望安装太阳能路灯。",
        "代表答复：太阳能路灯项目由乡镇统一实施，已记录需求。",
        "县住房和城乡建设管理局",
        "已将该村纳入明年太阳能路灯安装计划，计划安装路灯30盏。",
        "village",
    ),
    Template(
        C.EDUCATION,
        "小学校车线路没有覆盖本村，孩子上学要走很远的山路，希望增设站点。",
        "代表答复将与县教育科技局沟通校车线路调整。",
        "县教育科技局",
        "经核实，已调整校车运行线路，下学期起在该村增设停靠站点。",
        "village",
    ),
    Template(
        C.EDUCATION,
        "乡镇中心幼儿园学位紧张，有的孩子只能进城上幼儿园，希望扩建。",
        "代表现场说明了公办幼儿园扩容计划。",
        "县教育科技局",
        "该幼儿园扩建项目已列入县学前教育提升工程，新增学位90个。",
    ),
    Template(
        C.EDUCATION,
        "城区学校放学时段校门口车辆乱停、交通拥堵，希望加强疏导。",
        "代表答复将建议交警部门在放学时段定点执勤。",
        "县公安局",
        "交警大队已在上下学时段安排警力定点疏导，并施划临时停车位。",
        "community",
    ),
    Template(
        C.HEALTH,
        "{place}卫生室常用药品不全，村医年龄偏大，希望配齐药品、培养年轻村医。",
        "代表答复：乡镇卫生院可代购常用药品，意见将向卫健部门反映。",
        "县卫生健康和体育局",
        "已为该村卫生室补充基本药物42种，并安排乡镇卫生院医生每周坐诊一天。",
        "village",
    ),
    Template(
        C.HEALTH,
        "希望乡镇卫生院定期组织医生下乡巡诊，方便老年人看病。",
        "代表介绍了家庭医生签约服务，现场帮助两位老人联系了签约医生。",
        "县卫生健康和体育局",
        "已建立乡镇卫生院每月巡诊制度，家庭医生团队每季度入户随访一次。",
    ),
    Template(
        C.HEALTH,
        "城乡居民医保缴费标准逐年提高，部分群众觉得负担重，希望加强政策宣传。",
        "代表现场讲解了医保缴费标准和困难群众资助参保政策。",
        "县医疗保障局",
        "已组织医保政策进村宣讲，对特困、低保等人员落实了资助参保。",
    ),
    Template(
        C.WATER,
        "夏季用水高峰期{place}自来水经常停水，希望解决饮水安全问题。",
        "代表现场联系了乡镇水管站，答应尽快查明原因。",
        "县水利局",
        "经排查为蓄水池容量不足，已实施供水管网改造并新建蓄水池一座。",
        "village",
    ),
    Template(
        C.WATER,
        "{place}人饮工程管道老化漏水严重，希望更换。",
        "代表答复将把管网改造需求报乡镇汇总。",
        "县水利局",
        "已将该村纳入农村供水保障工程，更换老化管道2.3公里。",
        "village",
    ),
    Template(
        C.WATER,
        "村边河道淤积严重，汛期存在安全隐患，希望清淤。",
        "代表答复汛前将督促乡镇组织排查。",
        "县水利局",
        "已在汛前完成河道清淤1.2公里，并设置警示标志。",
        "village",
    ),
    Template(
        C.ENVIRONMENT,
        "农村厕所改造后化粪池满了没人清掏，希望建立长效管护机制。",
        "代表答复：乡镇已有抽粪车，可向村委会登记预约。",
        "县农业农村局",
        "已督促乡镇建立改厕后续管护服务站，公布清掏预约电话，实行定期上门清掏。",
        "village",
    ),
    Template(
        C.ENVIRONMENT,
        "护林防火期间巡护人员不足，希望增加护林员岗位。",
        "代表现场宣传了护林防火有关规定。",
        "县林业局",
        "已在防火期为该区域增加生态护林员4名。",
        "village",
    ),
    Template(
        C.ENVIRONMENT,
        "{place}生活垃圾清运不及时，夏季异味大，希望增加清运次数。",
        "代表答复将督促保洁公司按时清运。",
        "县住房和城乡建设管理局",
        "已要求保洁公司夏季每日清运一次，并增设垃圾桶10个。",
    ),
    Template(
        C.ENVIRONMENT,
        "小区周边餐饮店油烟扰民，希望督促整改。",
        "代表答复将向生态环境部门反映。",
        "市生态环境局吉县分局",
        "已责令相关餐饮店安装油烟净化设施，并定期检查运行情况。",
        "community",
    ),
    Template(
        C.SOCIAL,
        "高龄补贴发放时间不固定，老人多次询问，希望按时发放。",
        "代表现场说明了高龄补贴的发放标准和时间。",
        "县民政局",
        "已规范高龄补贴按季度发放，并在发放后短信告知。",
    ),
    Template(
        C.SOCIAL,
        "希望增加公益性岗位，帮助脱贫户、监测户就近就业。",
        "代表介绍了公益岗位的申报条件。",
        "县人力资源和社会保障局",
        "今年已新增乡村公益性岗位，该村安置脱贫劳动力3人。",
    ),
    Template(
        C.SOCIAL,
        "农村低保评定程序群众不太了解，希望公开评定标准和结果。",
        "代表现场讲解了低保申请和评议程序。",
        "县民政局",
        "已督促各村在村务公开栏公示低保评定标准、程序和结果，并公布监督电话。",
    ),
    Template(
        C.HOUSING,
        "老旧小区没有电梯，老人上下楼困难，希望加装电梯。",
        "代表答复将了解加装电梯的政策和补助标准。",
        "县住房和城乡建设管理局",
        "该小区已纳入明年老旧小区改造计划，加装电梯需业主协商一致后申报。",
        "community",
    ),
    Template(
        C.HOUSING,
        "农村危房改造申请提交后一直没有消息，希望告知进度。",
        "代表现场帮助联系了乡镇经办人员。",
        "县住房和城乡建设管理局",
        "经核查，该户已通过鉴定，列入本年度危房改造计划，近期开工。",
        "village",
    ),
    Template(
        C.HOUSING,
        "天然气管道还没有通到{place}，冬季取暖靠烧煤，希望推进“煤改气”。",
        "代表答复将向县能源局反映。",
        "县能源局",
        "该区域已纳入燃气管网延伸工程，计划明年采暖季前通气。",
    ),
    Template(
        C.OTHER,
        "希望在村里设立便民服务点，代办社保、医保等业务。",
        "代表答复：乡镇便民服务中心已开通帮办代办服务，可电话预约。",
        "县行政审批服务管理局",
        "已在该村设立便民服务代办点，由村干部代办社保、医保等12项业务。",
        "village",
    ),
    Template(
        C.OTHER,
        "壶口景区周边农家乐经营不规范，希望加强培训引导。",
        "代表答复将建议文旅部门组织培训。",
        "县文化和旅游局",
        "已组织农家乐经营户开展服务规范和食品安全培训两期。",
        "壶口镇",
    ),
]

FEEDBACK = [
    "已将办理情况电话告知反映人，群众表示满意。",
    "代表入户向反映人反馈了办理结果，群众表示满意。",
    "联络站工作人员已向反映人反馈，群众表示基本满意。",
    "已在接待选民日向反映人当面反馈，群众表示理解。",
]
REFER_FEEDBACK = "已转{township}人民政府办理，乡镇干部已实地查看并作出安排，结果已告知反映人。"
FORWARD_FEEDBACK = "已将{unit}的办理情况告知反映人，群众表示满意。"

# Opinion states by the age of the reception: recent ones are still open, old ones mostly closed.
STATE_WEIGHTS = [
    (30, {"recorded": 30, "answered": 15, "referred": 12, "forwarded": 25, "unit_replied": 5,
          "to_suggestion": 5, "closed": 8}),
    (90, {"recorded": 4, "answered": 8, "referred": 10, "forwarded": 14, "unit_replied": 18,
          "to_suggestion": 6, "closed": 40}),
    (10_000, {"recorded": 0, "answered": 3, "referred": 4, "forwarded": 3, "unit_replied": 5,
              "to_suggestion": 6, "closed": 79}),
]  # fmt: skip
CLOSED_VIA = {"answered": 35, "referred": 25, "forwarded": 5, "unit_replied": 35}

TZ = timezone.get_default_timezone()


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=TZ)


class Workdays:
    """Next working day and working-day offsets over the demo's span, with one calendar query."""

    def __init__(self):
        start, end = FIRST_MONTH - timedelta(days=31), DEMO_TODAY + timedelta(days=120)
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


def advance(steps: list, start: date, action: str, after: int, by) -> date:
    """Add the next step of an opinion's route, `after` days after the last one but never after today."""
    last = steps[-1][1] if steps else start
    day = min(last + timedelta(days=after), DEMO_TODAY)
    steps.append((action, day, by))
    return day


def month_start(index: int) -> date:
    year, month = divmod(FIRST_MONTH.month - 1 + index, 12)
    return date(FIRST_MONTH.year + year, month + 1, 1)


def load_demo_liaison(stdout) -> None:
    rng = random.Random(SEED)  # noqa: S311 - reproducible invented data, not a secret
    roster = demo_roster()
    names = NameMaker(rng, taken=(d.name for d in roster))
    townships = {t.name: t for t in Township.objects.all()}
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=["staff", "deputy", "unit", "unit2"])
    }
    staff = users.get("staff")
    units = {u.name: u for u in Unit.objects.all()}
    unit_users = {"县农业农村局": users.get("unit"), "县交通运输局": users.get("unit2")}
    days = Workdays()

    # Stations and points.
    station_rows, point_rows, point_place = [], [], {}
    for order, (name, township, address, day, places) in enumerate(STATIONS):
        gender = Gender.FEMALE if rng.random() < 0.4 else Gender.MALE
        station_rows.append(
            {
                "name": name,
                "township_id": townships[township].pk,
                "address": address,
                "contact_name": names(gender),
                "contact_phone": phone_number(rng),
                "schedule": f"每月{day}日",
                "sort_order": order,
            }
        )
        for place in places:
            community = place.endswith("社区")
            point_day = rng.choice([d for d in range(3, 28) if abs(d - day) > 2])
            point_rows.append(
                {
                    "name": f"{place}人大代表联络点",
                    "_station": name,
                    "township_id": townships[township].pk,
                    "village": place,
                    "address": f"{township}{place}党群服务中心" if community else f"{township}{place}村委会",
                    "contact_name": names(Gender.FEMALE if rng.random() < 0.3 else Gender.MALE),
                    "contact_phone": phone_number(rng),
                    "schedule": f"每月{point_day}日",
                }
            )
            point_place[place] = f"{place}人大代表联络点"
    stations = {key[0]: s for key, s in sync_rows(Station, station_rows, key=("name",)).items()}
    for row in point_rows:
        row["station_id"] = stations[row.pop("_station")].pk
    points = {key[0]: p for key, p in sync_rows(Point, point_rows, key=("name",)).items()}
    station_by_pk = {s.pk: s for s in stations.values()}
    places_of = {stations[name].pk: places for name, _t, _a, _d, places in STATIONS}

    # Every active deputy in a station (全部进站): the point of their village, or their township's
    # station; deputies added outside the demo go to the first station of their township.
    first_station = {}
    for name, township, *_rest in STATIONS:
        first_station.setdefault(township, name)
    first_station["吉昌镇"] = "吉昌镇人大代表联络站"
    in_roster = {(d.name, d.birth_date): d for d in roster}
    assignment_rows = []
    for deputy in Deputy.objects.active().select_related("township"):
        spec = in_roster.get((deputy.name, deputy.birth_date))
        point = points.get(point_place.get(spec.village, "")) if spec else None
        if point is not None:
            station = station_by_pk[point.station_id]
        else:
            township = deputy.township.name if deputy.township else "吉昌镇"
            station = stations[first_station.get(township, STATIONS[0][0])]
        assignment_rows.append(
            {"deputy_id": deputy.pk, "station_id": station.pk, "point_id": point.pk if point else None}
        )
    assignments = sync_rows(Assignment, assignment_rows, key=("deputy_id",))

    # Who can be on duty where: a point's deputies, and all of a station's.
    at_point, at_station = defaultdict(list), defaultdict(list)
    for a in assignments.values():
        at_station[a.station_id].append(a.deputy_id)
        if a.point_id:
            at_point[a.point_id].append(a.deputy_id)
    # The demo accounts' deputies work their own point every time and their station quarterly.
    account_places = []
    for d in (d for d in roster if d.username):
        pk = Deputy.objects.filter(name=d.name, birth_date=d.birth_date).values_list("pk", flat=True).first()
        if pk and (pk,) in assignments:
            account_places.append((d.username, pk, assignments[(pk,)]))
    own_point_of_deputy = next((a.point_id for u, _pk, a in account_places if u == "deputy"), None)

    # Reception days: every station every month, each point in most months, next month planned.
    reception_rows, duty, present, plan = [], {}, {}, []
    for name, _township, _address, day, places in STATIONS:
        station = stations[name]
        for month in range(MONTHS + 1):
            plan.append((station, None, month, day))
        for place in places:
            point = points[point_place[place]]
            held_months = sorted(rng.sample(range(MONTHS), rng.randint(7, 10)))
            point_day = int(point.schedule.removeprefix("每月").removesuffix("日"))
            plan.extend((station, point, month, point_day) for month in held_months)
            if rng.random() < 0.35:
                plan.append((station, point, MONTHS, point_day))
    opinion_plan = []
    for station, point, month, day in plan:
        first = month_start(month)
        when = days.roll(first.replace(day=day))
        planned = when > DEMO_TODAY
        cancelled = not planned and point is not None and rng.random() < 0.03
        pool = at_point[point.pk] if point and at_point[point.pk] else at_station[station.pk]
        size = min(len(pool), rng.randint(1, 3) if point else rng.randint(2, 4))
        on_duty = set(rng.sample(pool, size))
        here = set(on_duty)
        if not planned and len(here) > 1 and rng.random() < 0.1:
            here.discard(min(here))
        if not planned and rng.random() < 0.15:
            here.add(rng.choice(at_station[station.pk]))
        for _username, pk, a in account_places:
            if (point is not None and point.pk == a.point_id) or (
                point is None and station.pk == a.station_id and month % 3 == 0
            ):
                on_duty.add(pk)
                here.add(pk)
        announced = when - timedelta(days=15)
        state = (
            Reception.State.PLANNED
            if planned
            else Reception.State.CANCELLED
            if cancelled
            else Reception.State.HELD
        )
        n_opinions = 0
        if state == Reception.State.HELD:
            n_opinions = rng.choices(
                [0, 1, 2, 3, 4], weights=[1, 3, 4, 3, 1] if point is None else [3, 4, 3, 1, 0]
            )[0]
        residents = 0
        if state == Reception.State.HELD:
            residents = max(n_opinions + 2, rng.randint(8, 30) if point is None else rng.randint(3, 15))
        if state == Reception.State.HELD:
            notes = f"接待群众{residents}人次，收集意见建议{n_opinions}条。"
        elif state == Reception.State.CANCELLED:
            season = "winter" if when.month in (12, 1, 2) else "summer" if when.month in (7, 8) else "other"
            notes = CANCEL_NOTES[season]
        else:
            notes = ""
        # The demo deputy records the reception days of their own point themselves.
        own_point = point is not None and point.pk == own_point_of_deputy
        recorder = users.get("deputy") if own_point else staff
        key = (station.pk, point.pk if point else None, when)
        reception_rows.append(
            {
                "station_id": station.pk,
                "point_id": point.pk if point else None,
                "date": when,
                "place": point.address if point else station.address,
                "topic": TOPICS[when.month] if point is None or rng.random() < 0.6 else "",
                "state": state,
                "announced_at": announced if announced <= DEMO_TODAY else None,
                "residents_received": residents,
                "notes": notes,
                "recorded_by_id": recorder.pk if recorder and state == Reception.State.HELD else None,
                "created_at": at(min(announced, DEMO_TODAY), 9),
            }
        )
        duty[key] = on_duty
        present[key] = here if state == Reception.State.HELD else set()
        opinion_plan.append((key, station, point, n_opinions))
    receptions = sync_rows(Reception, reception_rows, key=("station_id", "point_id", "date"))
    scope = [r.pk for r in receptions.values()]
    sync_pairs(
        Reception.on_duty.through,
        "reception_id",
        "deputy_id",
        {(receptions[k].pk, d) for k, ds in duty.items() for d in ds},
        scope,
    )
    sync_pairs(
        Reception.present.through,
        "reception_id",
        "deputy_id",
        {(receptions[k].pk, d) for k, ds in present.items() for d in ds},
        scope,
    )

    # Opinions, each routed as far as its age allows, with the transitions that got it there.
    opinion_rows, moves = [], {}
    station_township = {s.pk: s.township for s in stations.values()}
    for key, station, point, n_opinions in opinion_plan:
        if not n_opinions:
            continue
        reception = receptions[key]
        # Residents at a station come from any of its villages or communities.
        place = point.village if point else rng.choice(places_of[station.pk])
        kind = "community" if place.endswith("社区") else "village"
        township = station_township[station.pk]
        fitting = [t for t in TEMPLATES if t.where in ("", kind, township.name)]
        age = (DEMO_TODAY - reception.date).days
        weights = next(w for limit, w in STATE_WEIGHTS if age <= limit)
        for i, template in enumerate(rng.sample(fitting, n_opinions)):
            state = rng.choices(list(weights), weights=list(weights.values()))[0]
            via = (
                rng.choices(list(CLOSED_VIA), weights=list(CLOSED_VIA.values()))[0]
                if state == "closed"
                else state
            )
            unit = units[template.unit]
            row = {
                "reception_id": reception.pk,
                "content": template.text.format(place=place),
                "category": template.category,
                "resident_name": names(Gender.FEMALE if rng.random() < 0.4 else Gender.MALE)
                if rng.random() < 0.85
                else "",
                "resident_contact": phone_number(rng) if rng.random() < 0.7 else "",
                "state": state,
                "answer": "",
                "township_id": None,
                "unit_id": None,
                "due_date": None,
                "unit_reply": "",
                "unit_replied_at": None,
                "feedback": "",
                "feedback_at": None,
                "recorded_by_id": reception.recorded_by_id,
                "created_at": at(reception.date, 10) + timedelta(minutes=5 * i),
            }
            steps = []  # (action, day, by)

            if via == "answered":
                row["answer"] = template.answer
                advance(steps, reception.date, "answer", 0, staff)
            elif via == "referred":
                row["township_id"] = township.pk
                advance(steps, reception.date, "refer", rng.randint(1, 3), staff)
            elif via == "to_suggestion":
                advance(steps, reception.date, "propose", rng.randint(2, 10), staff)
            elif via in ("forwarded", "unit_replied"):
                forwarded = advance(steps, reception.date, "forward", rng.randint(1, 5), staff)
                row["unit_id"] = unit.pk
                row["due_date"] = days.add(forwarded, FORWARD_REPLY_WORKING_DAYS)
                if via == "unit_replied":
                    replied = advance(
                        steps, reception.date, "unit_reply", rng.randint(5, 28), unit_users.get(unit.name)
                    )
                    row["unit_reply"] = template.reply
                    row["unit_replied_at"] = at(replied, 15, rng.randint(0, 59))
            if state == "closed":
                closed = advance(steps, reception.date, "close", rng.randint(1, 7), staff)
                row["feedback_at"] = closed
                if via == "referred":
                    row["feedback"] = REFER_FEEDBACK.format(township=township.name)
                elif via == "unit_replied":
                    row["feedback"] = FORWARD_FEEDBACK.format(unit=unit.name)
                else:
                    row["feedback"] = rng.choice(FEEDBACK)
            moves[(reception.pk, row["content"])] = steps
            opinion_rows.append(row)
    opinions = sync_rows(Opinion, opinion_rows, key=("reception_id", "content"))

    # The transition record of each route, added once.
    opinion_type = ContentType.objects.get_for_model(Opinion)
    recorded = set(
        Transition.objects.filter(
            content_type=opinion_type, object_id__in=[o.pk for o in opinions.values()]
        ).values_list("object_id", "action")
    )
    new_transitions = []
    for key, steps in moves.items():
        opinion = opinions[key]
        state = Opinion.State.RECORDED
        for action, day, by in steps:
            target = MOVES[action].target
            if (opinion.pk, action) not in recorded:
                new_transitions.append(
                    Transition(
                        content_type=opinion_type,
                        object_id=opinion.pk,
                        action=action,
                        from_state=state,
                        to_state=target,
                        by=by,
                        at=at(day, 11 if action != "unit_reply" else 15),
                    )
                )
            state = target
    Transition.objects.bulk_create(new_transitions, batch_size=500)

    states = Counter(o.state for o in opinions.values())
    held = sum(1 for r in receptions.values() if r.state == Reception.State.HELD)
    stdout.write(
        f"liaison: {len(stations)} stations, {len(points)} points, {len(assignments)} assignments, "
        f"{len(receptions)} reception days ({held} held), {len(opinions)} opinions "
        f"({', '.join(f'{s} {states[s]}' for s in Opinion.State.values)})"
    )
