"""Demo reference data in 吉县's real shape: its townships, units, the term and its sessions.

Idempotent: it finds rows by their natural key and updates them.
"""

from datetime import date

from renda.core.models import Session, Term, Township, Unit

# 吉县 today has 3 towns and 4 townships; 东城乡 was merged away but old records name it.
TOWNSHIPS = [
    ("吉昌镇", Township.Kind.TOWN, "141028100", True),
    ("屯里镇", Township.Kind.TOWN, "141028101", True),
    ("壶口镇", Township.Kind.TOWN, "141028102", True),
    ("车城乡", Township.Kind.TOWNSHIP, "141028200", True),
    ("文城乡", Township.Kind.TOWNSHIP, "141028201", True),
    ("柏山寺乡", Township.Kind.TOWNSHIP, "141028203", True),
    ("中垛乡", Township.Kind.TOWNSHIP, "141028204", True),
    ("东城乡", Township.Kind.TOWNSHIP, "", False),
]

STATE_BODIES = ["吉县人民政府", "吉县监察委员会", "吉县人民法院", "吉县人民检察院"]

DEPARTMENTS = [
    "县人民政府办公室",
    "县发展和改革局",
    "县教育科技局",
    "县公安局",
    "县民政局",
    "县司法局",
    "县财政局",
    "县人力资源和社会保障局",
    "县自然资源局",
    "市生态环境局吉县分局",
    "县住房和城乡建设管理局",
    "县交通运输局",
    "县水利局",
    "县农业农村局",
    "县果业发展中心",
    "县林业局",
    "县商务局",
    "县文化和旅游局",
    "县卫生健康和体育局",
    "县退役军人事务局",
    "县应急管理局",
    "县审计局",
    "县市场监督管理局",
    "县统计局",
    "县医疗保障局",
    "县乡村振兴服务中心",
    "县行政审批服务管理局",
    "县能源局",
    "县壶口景区管理中心",
    "县融媒体中心",
]

COMMITTEE_BODIES = [
    "县人大常委会办公室",
    "县人大常委会法制工作委员会",
    "县人大常委会财政经济工作委员会",
    "县人大常委会教育科学文化卫生工作委员会",
    "县人大常委会农业农村工作委员会",
    "县人大常委会代表人事选举任免工作委员会",
    "县人大常委会社会建设工作委员会",
]

SESSIONS = [
    (1, "第一次会议", date(2021, 10, 26), date(2021, 10, 28)),
    (2, "第二次会议", date(2022, 2, 22), date(2022, 2, 24)),
    (3, "第三次会议", date(2023, 2, 14), date(2023, 2, 16)),
    (4, "第四次会议", date(2024, 2, 27), date(2024, 2, 29)),
    (5, "第五次会议", date(2025, 2, 18), date(2025, 2, 20)),
    (6, "第六次会议", date(2026, 2, 10), date(2026, 2, 12)),
]


def load_reference_data(stdout) -> None:
    townships = {}
    for order, (name, kind, code, active) in enumerate(TOWNSHIPS):
        townships[name], _ = Township.objects.update_or_create(
            name=name, defaults={"kind": kind, "code": code, "is_active": active, "sort_order": order}
        )
    groups = [
        (Unit.Kind.STATE_BODY, STATE_BODIES, None),
        (Unit.Kind.DEPARTMENT, DEPARTMENTS, None),
        (Unit.Kind.COMMITTEE_BODY, COMMITTEE_BODIES, None),
    ]
    for kind, names, township in groups:
        for order, name in enumerate(names):
            Unit.objects.update_or_create(
                name=name, defaults={"kind": kind, "sort_order": order, "township": township}
            )
    for order, (name, township) in enumerate(townships.items()):
        if township.is_active:
            Unit.objects.update_or_create(
                name=f"{name}人民政府",
                defaults={
                    "kind": Unit.Kind.TOWNSHIP,
                    "township": township,
                    "sort_order": order,
                    "short_name": name,
                },
            )
    Term.objects.update_or_create(
        number=15,
        defaults={
            "name": "第十五届",
            "start_date": date(2016, 10, 1),
            "end_date": date(2021, 9, 30),
            "is_current": False,
        },
    )
    term, _ = Term.objects.update_or_create(
        number=16,
        defaults={"name": "第十六届", "start_date": date(2021, 10, 1), "end_date": None, "is_current": True},
    )
    for number, name, start, end in SESSIONS:
        Session.objects.update_or_create(
            term=term, number=number, defaults={"name": name, "start_date": start, "end_date": end}
        )
    stdout.write(
        f"reference data: {Township.objects.count()} townships, {Unit.objects.count()} units, "
        f"{Term.objects.count()} terms, {Session.objects.count()} sessions"
    )
