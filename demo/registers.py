"""Demo registers of 吉县's standing committee in the 第十六届 term: elections at the congress sessions
and appointments and removals at standing committee meetings, major-matter reports to the county
party committee, the party committee's documents on congress work (two with a generated PDF), and
the township guidance: a guiding deputy director for every active township, its congress cadres,
guidance visits and two exchange meetings.

It runs after the meetings demo (order 75 > 70) and uses its congress and standing committee
meetings; where those do not exist it creates the few it needs. Three more deputy directors
(director2, director3, director4, password as the other demo accounts) join the demo `director`.
Invented people only; the cadres' phones are internal and never reach the public portal. Every row
is found again by its natural key, so a second run adds nothing.
"""

from datetime import date

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile

from demo.accounts import DEMO_PASSWORD
from demo.pdf import DEMO_FONT, demo_pdf
from meetings.models import (
    Appointment,
    GuidanceAssignment,
    GuidanceVisit,
    MajorReport,
    Meeting,
    PartyDocument,
    TownshipCadre,
)
from renda.accounts.models import User
from renda.accounts.roles import Role
from renda.core.models import Term, Township, Unit

A = Appointment.Kind

# username, display name
DIRECTORS = [("director2", "杨振华"), ("director3", "高红梅"), ("director4", "任国栋")]

# township: guiding director's username
ARRANGEMENT = {
    "吉昌镇": "director",
    "屯里镇": "director",
    "壶口镇": "director2",
    "车城乡": "director2",
    "文城乡": "director3",
    "柏山寺乡": "director3",
    "中垛乡": "director4",
}

# township: [(role, name, phone, since, current)]
C = TownshipCadre.Role
CADRES = {
    "吉昌镇": [
        (C.CHAIRMAN, "程立新", "13903570101", date(2021, 9, 28), True),
        (C.VICE_CHAIRMAN, "霍秀兰", "13903570102", date(2021, 9, 28), True),
        (C.STAFF, "牛晓峰", "13903570103", date(2022, 3, 1), True),
    ],
    "屯里镇": [
        (C.CHAIRMAN, "贾永红", "13903570201", date(2023, 4, 12), True),
        (C.CHAIRMAN, "申建民", "13903570202", date(2021, 9, 28), False),
        (C.STAFF, "闫丽萍", "13903570203", date(2021, 10, 8), True),
    ],
    "壶口镇": [
        (C.CHAIRMAN, "郝志斌", "13903570301", date(2021, 9, 29), True),
        (C.VICE_CHAIRMAN, "段海燕", "13903570302", date(2022, 6, 1), True),
        (C.STAFF, "薛文博", "13903570303", date(2021, 10, 8), True),
    ],
    "车城乡": [
        (C.CHAIRMAN, "卫国庆", "13903570401", date(2021, 9, 29), True),
        (C.STAFF, "柴晓燕", "13903570402", date(2021, 10, 8), True),
    ],
    "文城乡": [
        (C.CHAIRMAN, "秦保平", "13903570501", date(2021, 9, 30), True),
        (C.STAFF, "席美玲", "13903570502", date(2022, 2, 15), True),
    ],
    "柏山寺乡": [
        (C.CHAIRMAN, "梁润生", "13903570601", date(2021, 9, 30), True),
        (C.STAFF, "毛彩霞", "13903570602", date(2021, 10, 8), True),
    ],
    "中垛乡": [
        (C.CHAIRMAN, "阎中华", "13903570701", date(2024, 1, 10), True),
        (C.STAFF, "冀宏伟", "13903570702", date(2021, 10, 8), True),
    ],
}

V = GuidanceVisit.Kind
# (kind, township or None, date, subject, notes); a visit is led by the township's guiding director.
VISITS = [
    (
        V.VISIT,
        "吉昌镇",
        date(2025, 3, 18),
        "指导镇人代会会前准备工作",
        "审阅会议议程和各项报告，提出修改意见四条。",
    ),
    (
        V.VISIT,
        "屯里镇",
        date(2025, 4, 22),
        "调研代表联络站规范化建设",
        "联络站制度上墙，接待记录完整；建议增加夜间接待。",
    ),
    (
        V.VISIT,
        "壶口镇",
        date(2025, 5, 14),
        "指导代表小组活动",
        "代表小组围绕景区周边环境开展视察，形成建议两件。",
    ),
    (V.VISIT, "车城乡", date(2025, 6, 10), "督导代表建议办理", "乡政府承办的三件建议已答复，代表满意。"),
    (
        V.VISIT,
        "文城乡",
        date(2025, 8, 27),
        "调研乡人大主席团工作",
        "主席团会议记录规范，闭会期间活动次数偏少。",
    ),
    (
        V.VISIT,
        "柏山寺乡",
        date(2025, 9, 16),
        "指导接待选民日活动",
        "现场接待群众十二人，意见五条当场答复三条。",
    ),
    (
        V.VISIT,
        "中垛乡",
        date(2025, 10, 21),
        "调研乡人大工作规范化建设",
        "新任人大主席熟悉工作较快，建议加强业务培训。",
    ),
    (
        V.VISIT,
        "吉昌镇",
        date(2026, 3, 12),
        "指导镇人代会审议民生实事项目",
        "票决产生民生实事项目八项，程序规范。",
    ),
    (
        V.VISIT,
        "壶口镇",
        date(2026, 4, 16),
        "督导代表联络站接待工作",
        "接待台账按月更新，群众意见办结率较高。",
    ),
    (
        V.VISIT,
        "文城乡",
        date(2026, 6, 23),
        "调研代表履职档案建设",
        "履职档案覆盖全部代表，建议补充照片资料。",
    ),
    (V.VISIT, "屯里镇", date(2026, 9, 8), "指导代表述职评议", "五名代表向选民述职，测评均为满意。"),
    (
        V.VISIT,
        "中垛乡",
        date(2026, 10, 27),
        "督导民生实事项目落实",
        "八项民生实事已完成六项，两项年底前完成。",
    ),
    (
        V.EXCHANGE,
        None,
        date(2025, 7, 8),
        "全县乡镇人大工作经验交流会",
        "七个乡镇人大主席交流发言，推广屯里镇联络站经验。",
    ),
    (
        V.EXCHANGE,
        None,
        date(2026, 7, 14),
        "乡镇人大规范化建设经验交流会",
        "吉昌镇、壶口镇作典型发言，部署下半年重点工作。",
    ),
]

R = MajorReport.Kind
# (kind, subject, number, sent_on, meeting (kind, index among the term's meetings of that kind) or None,
#  reply received on or None, reply)
REPORTS = [
    (
        R.REQUEST,
        "关于召开吉县第十六届人民代表大会第五次会议有关事项的请示",
        "吉人常请〔2024〕8号",
        date(2024, 12, 20),
        (Meeting.Kind.CONGRESS, 4),
        date(2025, 1, 6),
        "同意会议于2025年2月中旬召开，议程按请示办理。",
    ),
    (
        R.REQUEST,
        "关于县人大常委会2025年度工作要点的请示",
        "吉人常请〔2025〕1号",
        date(2025, 1, 15),
        None,
        date(2025, 1, 24),
        "原则同意，请结合县委经济工作会议精神进一步完善。",
    ),
    (
        R.REPORT,
        "关于开展《中华人民共和国农产品质量安全法》执法检查情况的报告",
        "吉人常报〔2025〕3号",
        date(2025, 6, 30),
        None,
        None,
        "",
    ),
    (
        R.REQUEST,
        "关于召开全县人大工作会议的请示",
        "吉人常请〔2025〕6号",
        date(2025, 9, 2),
        None,
        date(2025, 9, 15),
        "同意召开，由县委主要领导出席并讲话。",
    ),
    (
        R.REQUEST,
        "关于召开吉县第十六届人民代表大会第六次会议有关事项的请示",
        "吉人常请〔2025〕11号",
        date(2025, 12, 18),
        (Meeting.Kind.CONGRESS, 5),
        date(2025, 12, 30),
        "同意会议于2026年2月上旬召开。",
    ),
    (
        R.REPORT,
        "关于县人大常委会党组2026年上半年工作情况的报告",
        "吉人常报〔2026〕5号",
        date(2026, 7, 10),
        None,
        None,
        "",
    ),
]

P = PartyDocument.Kind
# (kind, title, number, issued_on, summary, with a generated PDF)
DOCUMENTS = [
    (
        P.OPINION,
        "中共吉县县委关于新时代加强和改进人大工作的实施意见",
        "吉发〔2022〕6号",
        date(2022, 4, 18),
        "从坚持党的全面领导、支持人大依法履职、加强代表工作等六个方面提出二十条措施。",
        True,
    ),
    (
        P.NOTICE,
        "关于召开县委人大工作会议的通知",
        "吉办发〔2022〕15号",
        date(2022, 5, 9),
        "会议于5月中旬召开，各乡镇党委书记、县直部门主要负责人参加。",
        False,
    ),
    (
        P.OPINION,
        "关于加强乡镇人大工作和建设的实施意见",
        "吉发〔2023〕3号",
        date(2023, 3, 2),
        "明确乡镇人大主席专职、配备专职工作人员，保障活动经费。",
        True,
    ),
    (
        P.NOTICE,
        "关于做好人大代表联络站建设工作的通知",
        "吉办发〔2023〕21号",
        date(2023, 7, 20),
        "全县建成8个代表联络站、78个联络点，实现代表全部进站。",
        False,
    ),
    (
        P.PLAN,
        "吉县县委2025年人大工作要点",
        "吉办发〔2025〕4号",
        date(2025, 2, 26),
        "部署全年立法建议、监督、代表工作和自身建设重点任务。",
        False,
    ),
    (
        P.NOTICE,
        "关于支持县人大常委会开展专题询问的通知",
        "吉办字〔2026〕9号",
        date(2026, 5, 12),
        "要求政府各部门主要负责人到会应询，认真落实审议意见。",
        False,
    ),
]

# (kind, person, post, unit, meeting (kind, index among the term's meetings of that kind), published)
APPOINTMENTS = [
    (A.ELECT, "王海涛", "县长", "吉县人民政府", (Meeting.Kind.CONGRESS, 0), True),
    (A.ELECT, "刘春燕", "副县长", "吉县人民政府", (Meeting.Kind.CONGRESS, 0), True),
    (A.ELECT, "赵文斌", "主任", "吉县监察委员会", (Meeting.Kind.CONGRESS, 0), True),
    (A.ELECT, "周明亮", "院长", "吉县人民法院", (Meeting.Kind.CONGRESS, 0), True),
    (A.ELECT, "吴静怡", "检察长", "吉县人民检察院", (Meeting.Kind.CONGRESS, 0), True),
    (A.APPOINT, "马俊峰", "局长", "县农业农村局", (Meeting.Kind.STANDING, 0), True),
    (A.APPOINT, "陈志远", "局长", "县交通运输局", (Meeting.Kind.STANDING, 0), True),
    (A.APPOINT, "黄晓霞", "局长", "县教育科技局", (Meeting.Kind.STANDING, 1), True),
    (A.APPOINT, "韩立军", "局长", "县市场监督管理局", (Meeting.Kind.STANDING, 1), True),
    (A.APPOINT, "石磊", "局长", "县财政局", (Meeting.Kind.STANDING, 2), True),
    # The congress accepts the resignation of someone it elected, then fills the post.
    (A.RESIGN, "刘春燕", "副县长", "吉县人民政府", (Meeting.Kind.CONGRESS, 3), True),
    (A.ELECT, "林雅琴", "副县长", "吉县人民政府", (Meeting.Kind.CONGRESS, 3), True),
    (A.REMOVE, "陈志远", "局长", "县交通运输局", (Meeting.Kind.STANDING, 3), True),
    (A.APPOINT, "郑国华", "局长", "县交通运输局", (Meeting.Kind.STANDING, 3), True),
    (A.DISMISS, "韩立军", "局长", "县市场监督管理局", (Meeting.Kind.STANDING, 4), True),
    (A.REMOVE, "黄晓霞", "局长", "县教育科技局", (Meeting.Kind.STANDING, 5), False),
    (A.APPOINT, "何文杰", "局长", "县教育科技局", (Meeting.Kind.STANDING, 5), False),
]

# Meetings created only when the meetings demo has not made enough: kind -> [(number, date, members)].
FALLBACK_MEETINGS = {
    Meeting.Kind.CONGRESS: [
        (1, date(2021, 10, 26), 156),
        (2, date(2022, 2, 22), 156),
        (3, date(2023, 2, 14), 155),
        (4, date(2024, 2, 27), 154),
        (5, date(2025, 2, 18), 154),
        (6, date(2026, 2, 10), 153),
    ],
    Meeting.Kind.STANDING: [
        (2, date(2021, 12, 28), 23),
        (6, date(2022, 6, 29), 23),
        (12, date(2023, 4, 26), 23),
        (18, date(2024, 3, 28), 23),
        (24, date(2025, 4, 24), 23),
        (30, date(2026, 6, 25), 23),
    ],
}


def _directors() -> dict[str, User]:
    group = Group.objects.get(name=Role.DIRECTOR.value)
    users = {}
    for username, display_name in DIRECTORS:
        user, created = User.objects.update_or_create(
            username=username,
            defaults={
                "display_name": display_name,
                "email": f"{username}@example.com",
                "is_active": True,
                "must_change_password": False,
            },
        )
        if created or not user.has_usable_password():
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.set([group])
        users[username] = user
    users["director"] = User.objects.get(username="director")
    return users


def _meetings(term: Term, preparer: User) -> dict:
    """The term's held meetings of each kind by date; the fallback ones where too few exist."""
    found = {}
    for kind, fallback in FALLBACK_MEETINGS.items():
        existing = list(
            Meeting.objects.filter(term=term, kind=kind)
            .exclude(state=Meeting.State.CANCELLED)
            .order_by("date", "pk")
        )
        if len(existing) < len(fallback):
            for number, day, members in fallback:
                Meeting.objects.get_or_create(
                    kind=kind,
                    term=term,
                    number=number,
                    defaults={
                        "date": day,
                        "membership": members,
                        "state": Meeting.State.HELD,
                        "place": "县人大常委会会议室" if kind == Meeting.Kind.STANDING else "吉县会议中心",
                        "prepared_by": preparer,
                    },
                )
            existing = list(
                Meeting.objects.filter(term=term, kind=kind)
                .exclude(state=Meeting.State.CANCELLED)
                .order_by("date", "pk")
            )
        found[kind] = existing
    return found


def _pick(meetings: dict, ref) -> Meeting | None:
    """The meeting at a relative position: index i of n demo slots is spread over what exists."""
    if ref is None:
        return None
    kind, index = ref
    rows = meetings[kind]
    slots = len(FALLBACK_MEETINGS[kind])
    return rows[min(index * len(rows) // slots, len(rows) - 1)]


def _votes(meeting: Meeting) -> dict:
    absent = 2 if meeting.membership > 10 else 0
    cast = max(meeting.membership - absent, 1)
    abstain = 1 if cast > 5 else 0
    return {"votes_cast": cast, "votes_for": cast - abstain, "votes_against": 0, "votes_abstain": abstain}


def _pdf(title: str, number: str, summary: str) -> bytes:
    def draw(page, width, height):
        page.setFont(DEMO_FONT, 12)
        page.drawCentredString(width / 2, height - 90, number)
        page.setFont(DEMO_FONT, 16)
        page.drawCentredString(width / 2, height - 130, title[:30])
        if len(title) > 30:
            page.drawCentredString(width / 2, height - 155, title[30:])
        page.setFont(DEMO_FONT, 11)
        y = height - 200
        for start in range(0, len(summary), 38):
            page.drawString(70, y, summary[start : start + 38])
            y -= 20
        page.drawString(70, y - 20, "（演示文件）")

    return demo_pdf(title, draw)


def _report_body(kind, subject: str) -> str:
    matter = subject.removeprefix("关于").removesuffix("的请示").removesuffix("的报告")
    if kind == MajorReport.Kind.REQUEST:
        verb, closing = "请示", "特此请示，请予批示。"
    else:
        verb, closing = "报告", "特此报告。"
    return f"中共吉县县委：\n\n现就{matter}有关事项{verb}如下。……\n\n{closing}\n\n中共吉县人大常委会党组"


def _guidance(directors: dict) -> None:
    townships = {t.name: t for t in Township.objects.active()}
    for name, username in ARRANGEMENT.items():
        township = townships.get(name)
        if township is None:
            continue
        GuidanceAssignment.objects.update_or_create(
            township=township, defaults={"leader": directors[username], "since": date(2021, 11, 15)}
        )
        for role, person, phone, since, current in CADRES.get(name, []):
            TownshipCadre.objects.update_or_create(
                township=township,
                name=person,
                defaults={"role": role, "phone": phone, "since": since, "is_current": current},
            )
    for kind, name, day, subject, notes in VISITS:
        township = townships.get(name) if name else None
        if name and township is None:
            continue
        leader = directors[ARRANGEMENT[name]] if name else directors["director"]
        GuidanceVisit.objects.update_or_create(
            date=day,
            subject=subject,
            defaults={"kind": kind, "township": township, "leader": leader, "notes": notes},
        )


def load_demo_registers(stdout) -> None:
    term = Term.objects.get(is_current=True)
    directors = _directors()
    preparer = User.objects.get(username="staff")
    meetings = _meetings(term, preparer)
    units = {u.name: u for u in Unit.objects.filter(name__in={row[3] for row in APPOINTMENTS})}

    for kind, person, post, unit_name, ref, published in APPOINTMENTS:
        meeting = _pick(meetings, ref)
        values = {
            "unit": units[unit_name],
            "meeting": meeting,
            "date": meeting.date,
            "sworn_on": meeting.date if kind in Appointment.STARTS else None,
            "is_published": published,
            **_votes(meeting),
        }
        Appointment.objects.update_or_create(person=person, post=post, kind=kind, defaults=values)

    for kind, subject, number, sent_on, ref, replied_on, reply in REPORTS:
        MajorReport.objects.update_or_create(
            subject=subject,
            defaults={
                "kind": kind,
                "number": number,
                "sent_on": sent_on,
                "meeting": _pick(meetings, ref),
                "reply_received_on": replied_on,
                "reply": reply,
                "body": _report_body(kind, subject),
            },
        )

    for kind, title, number, issued_on, summary, with_pdf in DOCUMENTS:
        document, _created = PartyDocument.objects.update_or_create(
            title=title, defaults={"kind": kind, "number": number, "issued_on": issued_on, "summary": summary}
        )
        if with_pdf and not document.file:
            document.file.save(f"{number}.pdf", ContentFile(_pdf(title, number, summary)), save=True)

    _guidance(directors)
    stdout.write(
        f"meetings registers: {Appointment.objects.count()} appointments, {MajorReport.objects.count()} "
        f"major-matter reports, {PartyDocument.objects.count()} party documents, "
        f"{GuidanceAssignment.objects.count()} township guidance arrangements, "
        f"{GuidanceVisit.objects.count()} guidance visits; deputy directors: director, "
        f"{', '.join(u for u, _n in DIRECTORS)}"
    )
