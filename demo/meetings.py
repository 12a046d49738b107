"""Demo meetings of 吉县's standing committee in the current term (第十六届): director meetings,
standing-committee meetings hearing the supervision work reports, party group meetings and the
sessions of the people's congress; with attendance, minutes (some approved, some archived, one
awaiting approval), decisions and resolutions, and their follow-up tasks for the demo units.

Dates are fixed around DEMO_TODAY (2026-11-30): some tasks are overdue then, some due soon, some
reported or done. Every row is found again by its natural key (a meeting by kind, term and number; an
item by meeting and order; a decision by title; a task by decision, unit and text), so a second
`load_demo` adds nothing. Invented people only.
"""

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from meetings.models import AgendaItem, Attendance, Decision, FollowUpTask, Meeting, Minutes
from renda.core.models import Session, Term, Transition, Unit
from supervision.models import Activity, ReviewOpinion

DEMO_TODAY = date(2026, 11, 30)
TZ = timezone.get_default_timezone()
PLACE = "县人大常委会机关三楼会议室"
SUGGESTIONS_BODY = "县人大常委会代表人事选举任免工作委员会"
OFFICE = "县人大常委会办公室"
AGRI, TRANSPORT = "县农业农村局", "县交通运输局"

# 主任会议: the director, deputy directors and the secretary-general (invented names).
DIRECTORS = [
    ("贺建平", "主任"),
    ("田志明", "副主任"),
    ("白秀英", "副主任"),
    ("任国庆", "副主任"),
    ("雷振华", "副主任"),
    ("马俊杰", "秘书长"),
]
# 常委会组成人员 besides the directors.
MEMBERS = [
    "高振华",
    "冯秀梅",
    "张建军",
    "刘文斌",
    "王海燕",
    "李志刚",
    "赵玉兰",
    "孙红旗",
    "郭建平",
    "杨丽萍",
    "贺明亮",
    "吴晓军",
    "程国强",
    "薛凤英",
    "曹建华",
    "段志勇",
    "侯春梅",
]
PARTY_GROUP = [
    ("贺建平", "党组书记"),
    ("田志明", "党组副书记"),
    ("白秀英", "党组成员"),
    ("任国庆", "党组成员"),
    ("马俊杰", "党组成员"),
]
ATTENDING = [("陈立新", "县人民政府副县长"), ("刘海峰", "县人民法院副院长")]


def at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=TZ)


def _transition(obj, action: str, from_state: str, to_state: str, by, when: datetime, note: str = ""):
    content_type = ContentType.objects.get_for_model(obj)
    Transition.objects.get_or_create(
        content_type=content_type,
        object_id=obj.pk,
        action=action,
        defaults={"from_state": from_state, "to_state": to_state, "by": by, "at": when, "note": note},
    )


def _meeting(kind, term, number, day, *, membership, presided_by, state, by, start=9):
    meeting, _created = Meeting.objects.update_or_create(
        kind=kind,
        term=term,
        number=number,
        defaults={
            "date": day,
            "start_time": time(start, 0),
            "place": PLACE if kind != Meeting.Kind.CONGRESS else "吉县人民会堂",
            "presided_by": presided_by,
            "membership": membership,
            "state": state,
            "prepared_by": by,
        },
    )
    _transition(
        meeting, "created", Meeting.State.PLANNED, Meeting.State.PLANNED, by, at(day, 8) - timedelta(days=7)
    )
    if state == Meeting.State.HELD:
        _transition(meeting, "hold", Meeting.State.PLANNED, Meeting.State.HELD, by, at(day, 12))
    return meeting


def _items(meeting, rows):
    """rows: dicts of AgendaItem fields, in agenda order; items beyond them are removed."""
    items = []
    for order, row in enumerate(rows, start=1):
        defaults = {
            "title": row["title"],
            "document_title": row.get("document_title", ""),
            "presenter": row.get("presenter", ""),
            "responsible_body": row.get("responsible_body"),
            "activity": row.get("activity"),
            "review_opinion": row.get("review_opinion"),
            "suggestion_year": row.get("suggestion_year"),
            "suggestion_session": row.get("suggestion_session"),
            "outcome": row.get("outcome", AgendaItem.Outcome.PENDING),
            "notes": row.get("notes", ""),
        }
        item, _created = AgendaItem.objects.update_or_create(meeting=meeting, order=order, defaults=defaults)
        items.append(item)
    meeting.items.filter(order__gt=len(rows), decisions__isnull=True).delete()
    return items


def _attendance(meeting, rows):
    """rows: (name, post, status, reason, is_member)."""
    for name, post, status, reason, is_member in rows:
        Attendance.objects.update_or_create(
            meeting=meeting,
            name=name,
            defaults={"post": post, "status": status, "reason": reason, "is_member": is_member},
        )


def _director_attendance(index: int):
    rows = []
    for position, (name, post) in enumerate(DIRECTORS):
        if position == 1 + index % 5 and index % 3 == 0:
            rows.append((name, post, Attendance.Status.LEAVE, "赴省参加培训", True))
        else:
            rows.append((name, post, Attendance.Status.PRESENT, "", True))
    return rows


def _standing_attendance(index: int):
    rows = [(name, post, Attendance.Status.PRESENT, "", True) for name, post in DIRECTORS]
    for position, name in enumerate(MEMBERS):
        if position == index % len(MEMBERS):
            rows.append((name, "委员", Attendance.Status.LEAVE, "因病请假", True))
        elif position == (index * 5 + 3) % len(MEMBERS) and index % 2:
            rows.append((name, "委员", Attendance.Status.ABSENT, "", True))
        else:
            rows.append((name, "委员", Attendance.Status.PRESENT, "", True))
    rows += [(name, post, Attendance.Status.PRESENT, "", False) for name, post in ATTENDING]
    return rows


def _snapshot(item, staff, day):
    """Freeze the dashboard's figures for a suggestion-handling item, once."""
    if item.snapshot_id:
        return
    try:
        from dashboard.services import take_snapshot
    except ImportError:
        return
    year = item.suggestion_year or item.suggestion_session.start_date.year
    item.snapshot = take_snapshot(title=item.title, year=year, term=item.meeting.term, user=staff, today=day)
    item.save(update_fields=["snapshot", "updated_at"])


def _minutes(meeting, state, staff, director, body):
    minutes, _created = Minutes.objects.get_or_create(
        meeting=meeting,
        defaults={
            "body": body,
            "drafted_by": staff,
            "number": f"吉人常纪〔{meeting.date.year}〕{meeting.number}号",
        },
    )
    approved_at = at(meeting.date, 17) + timedelta(days=3)
    fields = {"state": state, "body": body}
    if state in (Minutes.State.APPROVED, Minutes.State.ARCHIVED):
        fields.update(approved_by=director, approved_at=approved_at)
    if state == Minutes.State.ARCHIVED:
        fields["archived_at"] = approved_at + timedelta(days=10)
    Minutes.objects.filter(pk=minutes.pk).update(**fields)
    _transition(
        minutes,
        "created",
        Minutes.State.DRAFT,
        Minutes.State.DRAFT,
        staff,
        at(meeting.date, 16) + timedelta(days=1),
    )
    if state in (Minutes.State.APPROVED, Minutes.State.ARCHIVED):
        _transition(minutes, "approve", Minutes.State.DRAFT, Minutes.State.APPROVED, director, approved_at)
    if state == Minutes.State.ARCHIVED:
        _transition(
            minutes, "archive", Minutes.State.APPROVED, Minutes.State.ARCHIVED, staff, fields["archived_at"]
        )


def _minutes_body(meeting, items) -> str:
    lines = [
        f"{meeting.date.year}年{meeting.date.month}月{meeting.date.day}日，{meeting.presided_by}主持召开{meeting.display_title}。会议研究了以下事项：",
    ]
    for item in items:
        lines.append(f"{item.order}．{item.title}。会议同意，由{item.responsible_body or OFFICE}抓好落实。")
    lines.append("会议要求，各委室要对照会议议定事项，明确责任，按时办结，及时报告落实情况。")
    return "\n".join(lines)


DECISIONS = [
    {
        "title": "关于县乡人大和代表带头落实县委脱贫攻坚二年行动计划的决定",
        "number": "吉人常发〔2021〕12号",
        "meeting": ("standing", 0),
        "status": Decision.Status.IN_FORCE,
        "published": True,
        "text": (
            "为深入贯彻县委脱贫攻坚二年行动计划，巩固拓展脱贫攻坚成果同乡村振兴有效衔接，"
            "县人民代表大会常务委员会决定：\n"
            "一、县乡人大要把巩固脱贫攻坚成果作为监督工作的重点，每年听取和审议专项工作报告。\n"
            "二、各级人大代表要带头联系脱贫户，每人至少联系一户，帮助解决实际困难。\n"
            "三、县人民政府及其有关部门要每半年向县人大常委会报告落实情况。\n"
            "四、本决定自公布之日起施行。"
        ),
        "tasks": [
            (AGRI, "制定巩固脱贫攻坚成果年度工作方案并报县人大常委会备案", -400, FollowUpTask.State.DONE),
            ("县乡村振兴服务中心", "建立防止返贫动态监测台账，每季度更新", -300, FollowUpTask.State.DONE),
            (AGRI, "向县人大常委会书面报告2026年上半年产业帮扶落实情况", -20, FollowUpTask.State.OPEN),
        ],
    },
    {
        "title": "关于加强生态保护和修复促进高质量发展的决定",
        "number": "吉人常发〔2025〕8号",
        "meeting": ("standing", 2),
        "status": Decision.Status.IN_FORCE,
        "published": True,
        "text": (
            "为加强黄河流域生态保护和修复，推动吉县高质量发展，县人民代表大会常务委员会决定：\n"
            "一、坚持生态优先、绿色发展，统筹山水林田湖草沙系统治理。\n"
            "二、县人民政府要严格落实林长制、河长制，加强壶口瀑布周边生态保护。\n"
            "三、加强农业面源污染治理，推进化肥农药减量增效。\n"
            "四、县人大常委会每年开展一次执法检查，听取和审议专项工作报告。\n"
            "五、本决定自公布之日起施行。"
        ),
        "tasks": [
            ("县林业局", "完成年度国土绿化和退化林修复任务，书面报告完成情况", 25, FollowUpTask.State.OPEN),
            (AGRI, "推进化肥农药减量增效，报告年度减量数据", -45, FollowUpTask.State.OPEN),
            (TRANSPORT, "完成沿黄公路沿线生态修复和边坡绿化", 5, FollowUpTask.State.OPEN),
            ("市生态环境局吉县分局", "报告农村生活污水治理工作进展", -10, FollowUpTask.State.REPORTED),
        ],
    },
    {
        "title": "关于加快农村公路提质改造的决定",
        "number": "吉人常发〔2026〕3号",
        "meeting": ("standing", 4),
        "status": Decision.Status.IN_FORCE,
        "published": True,
        "text": (
            "为改善农村群众出行条件，服务乡村振兴，县人民代表大会常务委员会决定：\n"
            "一、县人民政府要制定农村公路提质改造三年计划，明确年度任务和资金保障。\n"
            "二、落实县乡村三级路长制，健全农村公路养护长效机制。\n"
            "三、本决定自公布之日起施行。"
        ),
        "tasks": [
            (TRANSPORT, "制定农村公路提质改造三年计划并报县人大常委会", 3, FollowUpTask.State.OPEN),
            (TRANSPORT, "完成屯里镇至车城乡通村公路安全防护工程", -60, FollowUpTask.State.DONE),
            (AGRI, "配合做好产业路、旅游路建设规划衔接", 40, FollowUpTask.State.OPEN),
        ],
    },
    {
        "title": "关于推进苹果产业高质量发展的决定",
        "number": "吉人常发〔2024〕6号",
        "meeting": ("standing", 1),
        "status": Decision.Status.AMENDED,
        "status_note": "2026年9月经第十六届常委会第25次会议修改",
        "published": True,
        "text": (
            "为做大做强吉县苹果产业，县人民代表大会常务委员会决定：\n"
            "一、县人民政府要加强苹果品牌保护，规范品牌授权使用。\n"
            "二、推进数字果园建设，提高标准化生产水平。\n"
            "三、本决定自公布之日起施行。"
        ),
        "tasks": [
            ("县果业发展中心", "建立苹果品牌授权使用管理制度", -200, FollowUpTask.State.DONE),
            (AGRI, "新建数字果园示范基地并报告建设情况", -5, FollowUpTask.State.REPORTED),
        ],
    },
    {
        "title": "关于批准2025年县级财政决算的决议",
        "number": "吉人常发〔2026〕5号",
        "kind": Decision.Kind.RESOLUTION,
        "meeting": ("standing", 3),
        "status": Decision.Status.IN_FORCE,
        "published": True,
        "text": (
            "县人民代表大会常务委员会审查了县人民政府提出的2025年县级财政决算，决定批准2025年县级财政决算。"
        ),
        "tasks": [],
    },
    {
        "title": "关于加强农村人居环境整治的决定",
        "number": "吉人常发〔2022〕9号",
        "meeting": ("standing", 0),
        "status": Decision.Status.REPEALED,
        "status_note": "已被《关于加强生态保护和修复促进高质量发展的决定》替代",
        "published": False,
        "text": (
            "为改善农村人居环境，县人民代表大会常务委员会决定：\n"
            "一、推进农村厕所革命。\n二、加强农村生活垃圾治理。"
        ),
        "tasks": [],
    },
    {
        "title": "吉县第十六届人民代表大会第六次会议关于吉县人民政府工作报告的决议",
        "number": "",
        "kind": Decision.Kind.RESOLUTION,
        "meeting": ("congress", 6),
        "status": Decision.Status.IN_FORCE,
        "published": True,
        "text": (
            "吉县第十六届人民代表大会第六次会议听取和审议了县人民政府工作报告。"
            "会议同意报告提出的2026年工作总体要求、主要目标和重点任务，决定批准这个报告。"
        ),
        "tasks": [],
    },
    {
        "title": "关于提请审议县人大常委会2027年工作要点的决定",
        "number": "",
        "meeting": ("director", 8),
        "status": Decision.Status.IN_FORCE,
        "published": False,
        "text": (
            "主任会议研究决定，将县人大常委会2027年工作要点（草案）提请常委会会议审议。\n"
            "由县人大常委会办公室负责起草说明。"
        ),
        "tasks": [],
    },
]


def load_demo_meetings(stdout) -> None:
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=["staff", "director"])}
    term = Term.objects.filter(is_current=True).first()
    if len(users) < 2 or term is None:
        stdout.write("meetings: skipped (the demo accounts or the current term are missing)")
        return
    staff, director = users["staff"], users["director"]
    units = {u.name: u for u in Unit.objects.all()}
    office = units.get(OFFICE)
    suggestions_body = units.get(SUGGESTIONS_BODY)

    work_reports = list(
        Activity.objects.filter(kind=Activity.Kind.WORK_REPORT, date__lte=DEMO_TODAY)
        .select_related("topic__lead_committee")
        .order_by("date", "pk")
    )
    opinions = list(
        ReviewOpinion.objects.select_related("activity__topic__lead_committee").order_by(
            "activity__date", "pk"
        )
    )

    # Standing-committee meetings hear the work reports: one meeting per report, the latest six.
    standing = []
    standing_dates = [a.date for a in work_reports[-6:]]
    fallback = [
        date(2024, 6, 26),
        date(2024, 10, 29),
        date(2025, 4, 24),
        date(2025, 8, 28),
        date(2026, 4, 23),
        date(2026, 9, 24),
    ]
    while len(standing_dates) < 6:
        standing_dates.append(fallback[len(standing_dates)])
    standing_dates = sorted(set(standing_dates))
    reports_by_date = {}
    for activity in work_reports[-6:]:
        reports_by_date.setdefault(activity.date, []).append(activity)
    for index, day in enumerate(standing_dates):
        meeting = _meeting(
            Meeting.Kind.STANDING,
            term,
            20 + index,
            day,
            membership=23,
            presided_by="贺建平",
            state=Meeting.State.HELD,
            by=staff,
            start=15,
        )
        rows = []
        for activity in reports_by_date.get(day, []):
            rows.append(
                {
                    "title": f"听取和审议县人民政府关于{activity.topic.title}的报告",
                    "document_title": f"关于{activity.topic.title}的报告",
                    "presenter": "陈立新（副县长）",
                    "responsible_body": activity.topic.lead_committee,
                    "activity": activity,
                    "outcome": AgendaItem.Outcome.DELIBERATED,
                }
            )
        rows.append(
            {
                "title": "审议人事任免事项",
                "presenter": "马俊杰",
                "responsible_body": units.get("县人大常委会代表人事选举任免工作委员会"),
                "outcome": AgendaItem.Outcome.ADOPTED,
            }
        )
        items = _items(meeting, rows)
        _attendance(meeting, _standing_attendance(index))
        _minutes(
            meeting,
            Minutes.State.ARCHIVED if index < len(standing_dates) - 1 else Minutes.State.APPROVED,
            staff,
            director,
            _minutes_body(meeting, items),
        )
        standing.append(meeting)

    # Director meetings, monthly in 2026: the agenda of the standing committee, opinions to approve,
    # the suggestion-handling reports with frozen figures; the last one is still being prepared.
    director_dates = [
        date(2026, m, d)
        for m, d in [
            (2, 26),
            (3, 24),
            (4, 16),
            (5, 21),
            (6, 18),
            (7, 23),
            (8, 20),
            (9, 17),
            (10, 22),
            (11, 19),
        ]
    ]
    director_dates.append(date(2026, 12, 10))
    directors = []
    previous = date(2026, 1, 1)
    for index, day in enumerate(director_dates):
        planned = day > DEMO_TODAY
        meeting = _meeting(
            Meeting.Kind.DIRECTOR,
            term,
            40 + index,
            day,
            membership=6,
            presided_by="贺建平",
            state=Meeting.State.PLANNED if planned else Meeting.State.HELD,
            by=staff,
        )
        outcome = AgendaItem.Outcome.PENDING if planned else AgendaItem.Outcome.ADOPTED
        rows = [
            {
                "title": "研究确定常委会会议议程和日程",
                "presenter": "马俊杰",
                "responsible_body": office,
                "outcome": outcome,
            }
        ]
        for opinion in opinions:
            if previous <= opinion.activity.date < day:
                rows.append(
                    {
                        "title": f"审议{opinion.title}",
                        "document_title": opinion.title,
                        "presenter": "田志明",
                        "responsible_body": opinion.activity.topic.lead_committee,
                        "review_opinion": opinion,
                        "outcome": outcome,
                    }
                )
        if day.month in (6, 9, 11, 12):
            rows.append(
                {
                    "title": "听取代表建议办理情况汇报",
                    "document_title": f"关于{day.year}年代表建议办理情况的汇报",
                    "presenter": "任国庆",
                    "responsible_body": suggestions_body,
                    "suggestion_year": day.year,
                    "outcome": AgendaItem.Outcome.PENDING if planned else AgendaItem.Outcome.HEARD,
                }
            )
        items = _items(meeting, rows)
        if not planned:
            _attendance(meeting, _director_attendance(index))
            for item in items:
                if item.suggestion_year:
                    _snapshot(item, staff, day)
            if index < 7:
                _minutes(meeting, Minutes.State.ARCHIVED, staff, director, _minutes_body(meeting, items))
            elif index < 9:
                _minutes(meeting, Minutes.State.APPROVED, staff, director, _minutes_body(meeting, items))
            else:
                _minutes(meeting, Minutes.State.DRAFT, staff, director, _minutes_body(meeting, items))
        directors.append(meeting)
        previous = day

    # Party group meetings.
    party = []
    for index, (day, titles) in enumerate(
        [
            (date(2026, 1, 15), ["传达学习县委经济工作会议精神", "研究县人大常委会党组2026年工作要点"]),
            (date(2026, 7, 2), ["研究向县委请示报告的重大事项", "研究县人大常委会机关干部教育培训计划"]),
            (date(2026, 11, 5), ["传达学习党的二十届四中全会精神", "研究年度述职评议工作方案"]),
        ]
    ):
        meeting = _meeting(
            Meeting.Kind.PARTY_GROUP,
            term,
            10 + index,
            day,
            membership=5,
            presided_by="贺建平",
            state=Meeting.State.HELD,
            by=staff,
        )
        items = _items(
            meeting,
            [
                {
                    "title": t,
                    "presenter": "贺建平",
                    "responsible_body": office,
                    "outcome": AgendaItem.Outcome.ADOPTED,
                }
                for t in titles
            ],
        )
        _attendance(meeting, [(n, p, Attendance.Status.PRESENT, "", True) for n, p in PARTY_GROUP])
        _minutes(
            meeting,
            Minutes.State.ARCHIVED if index < 2 else Minutes.State.APPROVED,
            staff,
            director,
            _minutes_body(meeting, items),
        )
        party.append(meeting)

    # The sessions of the people's congress of this term.
    congress = {}
    for session in Session.objects.filter(term=term).order_by("number"):
        meeting = _meeting(
            Meeting.Kind.CONGRESS,
            term,
            session.number,
            session.start_date,
            membership=136,
            presided_by="大会主席团",
            state=Meeting.State.HELD if session.start_date <= DEMO_TODAY else Meeting.State.PLANNED,
            by=staff,
        )
        items = _items(
            meeting,
            [
                {
                    "title": "听取和审议县人民政府工作报告",
                    "document_title": "政府工作报告",
                    "presenter": "县长",
                    "outcome": AgendaItem.Outcome.ADOPTED,
                },
                {
                    "title": "听取和审议县人大常委会工作报告",
                    "document_title": "县人大常委会工作报告",
                    "presenter": "贺建平",
                    "responsible_body": office,
                    "outcome": AgendaItem.Outcome.ADOPTED,
                },
                {
                    "title": "听取和审议县人民法院工作报告",
                    "document_title": "县人民法院工作报告",
                    "presenter": "县人民法院院长",
                    "outcome": AgendaItem.Outcome.ADOPTED,
                },
                {
                    "title": "听取和审议县人民检察院工作报告",
                    "document_title": "县人民检察院工作报告",
                    "presenter": "县人民检察院检察长",
                    "outcome": AgendaItem.Outcome.ADOPTED,
                },
                {
                    "title": "听取关于代表建议办理情况的报告",
                    "document_title": "关于上次会议以来代表建议办理情况的报告",
                    "presenter": "任国庆",
                    "responsible_body": suggestions_body,
                    "suggestion_session": session,
                    "outcome": AgendaItem.Outcome.HEARD,
                },
            ],
        )
        if meeting.state == Meeting.State.HELD:
            _snapshot(items[-1], staff, session.start_date)
        congress[session.number] = meeting

    # Decisions and their follow-up tasks.
    meetings = {"standing": standing, "director": directors, "congress": congress}
    decisions = tasks = 0
    for spec in DECISIONS:
        kind, index = spec["meeting"]
        group = meetings[kind]
        if kind == "congress":
            meeting = group.get(index)
        else:
            meeting = group[min(index, len(group) - 1)] if group else None
        if meeting is None or meeting.state != Meeting.State.HELD:
            continue
        decision, _created = Decision.objects.update_or_create(
            title=spec["title"],
            defaults={
                "kind": spec.get("kind", Decision.Kind.DECISION),
                "number": spec["number"],
                "meeting": meeting,
                "agenda_item": meeting.items.order_by("order").first(),
                "adopted_on": meeting.date,
                "text": spec["text"],
                "status": spec["status"],
                "status_note": spec.get("status_note", ""),
                "is_published": spec["published"],
            },
        )
        decisions += 1
        _transition(
            decision,
            "created",
            Decision.Status.IN_FORCE,
            Decision.Status.IN_FORCE,
            staff,
            at(meeting.date, 17),
        )
        if spec["status"] == Decision.Status.AMENDED:
            _transition(
                decision,
                "amend",
                Decision.Status.IN_FORCE,
                Decision.Status.AMENDED,
                staff,
                at(date(2026, 9, 25), 10),
                spec.get("status_note", ""),
            )
        if spec["status"] == Decision.Status.REPEALED:
            _transition(
                decision,
                "repeal",
                Decision.Status.IN_FORCE,
                Decision.Status.REPEALED,
                staff,
                at(date(2025, 8, 29), 10),
                spec.get("status_note", ""),
            )
        for unit_name, description, days, state in spec["tasks"]:
            unit = units.get(unit_name)
            if unit is None:
                continue
            due = max(DEMO_TODAY + timedelta(days=days), meeting.date)
            unit_user = User.objects.filter(unit=unit, is_active=True).order_by("pk").first()
            reported = state in (FollowUpTask.State.REPORTED, FollowUpTask.State.DONE)
            reported_at = at(min(due, DEMO_TODAY), 10) if reported else None
            task, _created = FollowUpTask.objects.update_or_create(
                decision=decision,
                unit=unit,
                description=description,
                defaults={
                    "due": due,
                    "state": state,
                    "report": "已按要求完成，相关材料已报送县人大常委会办公室。" if reported else "",
                    "reported_at": reported_at,
                    "reported_by": unit_user if reported else None,
                    "closed_at": reported_at + timedelta(days=2)
                    if state == FollowUpTask.State.DONE
                    else None,
                },
            )
            tasks += 1
            _transition(
                task, "created", FollowUpTask.State.OPEN, FollowUpTask.State.OPEN, staff, at(meeting.date, 17)
            )
            if reported:
                _transition(
                    task,
                    "report",
                    FollowUpTask.State.OPEN,
                    FollowUpTask.State.REPORTED,
                    unit_user,
                    reported_at,
                )
            if state == FollowUpTask.State.DONE:
                _transition(
                    task,
                    "accept",
                    FollowUpTask.State.REPORTED,
                    FollowUpTask.State.DONE,
                    staff,
                    task.closed_at,
                )

    stdout.write(
        f"meetings: {len(standing)} standing-committee, {len(directors)} director, {len(party)} party group, "
        f"{len(congress)} congress meetings; {decisions} decisions with {tasks} follow-up tasks"
    )
