"""Demo publicity of 吉县's standing committee: columns, a year of articles (2025-12 to 2026-11) in every
state, eight issues of 《吉县人大》 with small generated PDFs, videos as links, four years of outside
publications by eight correspondents with their honours, and published handling results of replied
demo suggestions.

Dates are fixed around DEMO_TODAY (2026-11-30); one article is scheduled for 2026-12-10. Articles are
written by `staff` and reviewed by `director` (never by their author); each article's moves are
written as Transition rows. Every person named is invented. A second `load_demo` finds every row by
its natural key and adds nothing.
"""

# ruff: noqa: E501 -- demo prose (Markdown bodies) reads better unbroken
import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone

from demo.deputies import sync_pairs, sync_rows
from demo.pdf import DEMO_FONT, demo_pdf
from proposals.models import Reply, Suggestion
from publicity.models import (
    Article,
    Column,
    Correspondent,
    ExternalPublication,
    Honour,
    PeriodicalIssue,
    PublishedResult,
    Video,
)
from publicity.selectors import RESULT_STATES
from publicity.services import looks_like_phone
from renda.core.models import Township, Transition, Unit

DEMO_TODAY = date(2026, 11, 30)
TZ = timezone.get_default_timezone()
SEED = 6060
S = Article.State

COLUMNS = [
    # name, slug, description, special, order
    ("工作动态", "work-news", "常委会及各委室日常工作动态", False, 10),
    ("代表风采", "deputies", "各级人大代表履职故事", False, 20),
    ("监督视窗", "supervision", "视察、调研、执法检查和专题询问", False, 30),
    ("建议办理", "suggestions", "代表建议交办、督办和办理情况", False, 40),
    ("专题专栏", "topics", "重要会议和专题活动", False, 50),
    ("疫情防控 吉县人大在行动", "epidemic", "疫情防控期间各级代表在行动", True, 60),
    ("助力旅发大会", "tourism-conference", "全市旅游发展大会在吉县召开期间的人大工作", True, 70),
]

TOWNSHIPS = ["吉昌镇", "屯里镇", "壶口镇", "车城乡", "文城乡", "柏山寺乡", "中垛乡"]

# (column slug, title, summary, body) — bodies in Markdown; {t} is a township.
STORIES = [
    (
        "work-news",
        "县人大常委会召开第{n}次主任会议",
        "会议研究了常委会近期重点工作。",
        "## 会议议题\n\n会议听取了各委室近期工作汇报，研究了下次常委会会议议程。\n\n- 审议县人民政府关于**苹果产业高质量发展**情况的报告\n- 研究代表建议重点督办事项\n- 安排年底代表小组活动\n\n会议强调，要坚持围绕中心、服务大局，依法履职。",
    ),
    (
        "supervision",
        "常委会视察组赴{t}视察苹果产业发展",
        "视察组实地察看了果园提质增效和冷链物流建设。",
        "视察组一行深入{t}果园、冷库和选果线，详细了解**苹果产业**发展情况。\n\n## 视察发现\n\n1. 老果园改造进度不一；\n2. 冷链仓储能力仍有缺口；\n3. 品牌营销需要进一步加强。\n\n视察组建议，加大老果园改造力度，完善冷链物流体系，擦亮“吉县苹果”金字招牌。",
    ),
    (
        "deputies",
        "代表风采｜扎根{t}的果农代表",
        "一位县人大代表带领乡亲们走上致富路。",
        "在{t}，提起这位代表，村民们都竖起大拇指。\n\n> 群众的事再小也是大事。\n\n多年来，他坚持每月到联络站接待选民，收集的意见建议涉及道路、饮水、产业等方面，多数已得到解决。",
    ),
    (
        "suggestions",
        "县人大常委会召开代表建议交办会",
        "本次会议共交办代表建议，明确了承办单位和办理时限。",
        "会议要求各承办单位严格按照**代表法**规定，在三个月内答复代表，复杂问题六个月内答复。\n\n## 工作要求\n\n- 主办单位负总责，协办单位一个月内提出协办意见；\n- 加强与代表面商沟通；\n- 办理结果向社会公开。",
    ),
    (
        "supervision",
        "常委会开展交通运输专题调研",
        "调研组走访了通村公路建设和养护现场。",
        "调研组先后来到{t}等地，查看通村公路建设和养护情况，听取县交通运输局工作汇报。\n\n调研组指出，要统筹推进“四好农村路”建设，切实解决群众出行难题。",
    ),
    (
        "topics",
        "壶口瀑布旅游景区提质升级专题询问会召开",
        "常委会组成人员就景区服务、交通和安全提出询问。",
        "## 询问现场\n\n常委会组成人员围绕**壶口瀑布**旅游景区停车、游客服务中心、安全管理等问题，依次提出询问，县文化和旅游局等部门负责人现场应询。\n\n询问结束后，常委会将梳理形成审议意见，交县人民政府研究处理。",
    ),
    (
        "work-news",
        "县人大常委会机关开展“七一”主题党日活动",
        "机关全体党员重温入党誓词。",
        "机关全体党员来到革命教育基地，重温入党誓词，开展主题党课。\n\n大家表示，要以更加饱满的热情投入人大工作。",
    ),
    (
        "deputies",
        "{t}人大代表小组开展集中视察活动",
        "代表们围绕乡村振兴重点项目开展视察。",
        "{t}人大主席团组织辖区内各级代表，集中视察乡村振兴重点项目。\n\n代表们实地察看了产业园区、饮水工程和人居环境整治情况，提出意见建议多条。",
    ),
    (
        "supervision",
        "常委会听取审议巩固拓展脱贫攻坚成果工作报告",
        "常委会组成人员对防返贫监测帮扶工作提出审议意见。",
        "会议听取了县人民政府关于**巩固拓展脱贫攻坚成果**同乡村振兴有效衔接工作情况的报告。\n\n组成人员认为，要健全防止返贫动态监测和帮扶机制，守住不发生规模性返贫的底线。",
    ),
    (
        "work-news",
        "县人大常委会举办代表履职培训班",
        "全县各级人大代表参加培训。",
        "培训班邀请专家围绕**代表法**、议案建议撰写、闭会期间代表活动等内容进行辅导。\n\n参训代表纷纷表示，收获很大，将把所学用到履职实践中。",
    ),
    (
        "epidemic",
        "疫情防控 吉县人大在行动：代表值守{t}防疫卡点",
        "各级代表主动到卡点值守。",
        "在{t}防疫卡点，几位人大代表主动请缨，与乡村干部一起值守。\n\n他们登记信息、测量体温、宣传防疫知识，用实际行动践行代表初心。",
    ),
    (
        "tourism-conference",
        "助力旅发大会：常委会视察壶口景区配套设施建设",
        "视察组察看了游客服务中心和景区道路。",
        "为助力全市旅游发展大会在吉县召开，常委会视察组对**壶口瀑布**景区配套设施建设进行了专题视察。\n\n视察组要求，倒排工期、挂图作战，确保各项工程按期完工。",
    ),
    (
        "suggestions",
        "代表建议面商会在{t}召开",
        "承办单位与领衔代表面对面沟通办理方案。",
        "县农业农村局负责人与领衔代表面对面沟通，逐条说明建议办理方案。\n\n代表对办理工作表示满意，并就下一步落实提出了具体意见。",
    ),
    (
        "topics",
        "吉县第十六届人民代表大会第{n}次会议胜利闭幕",
        "大会圆满完成各项议程。",
        "## 大会主要议程\n\n- 听取和审议县人民政府工作报告\n- 审查和批准国民经济和社会发展计划\n- 审查和批准财政预算\n\n大会号召，全县人民团结一心，为建设美丽富裕文明和谐的新吉县而努力奋斗。",
    ),
]

DRAFT_TITLES = [
    "县人大常委会开展环境保护执法检查（草稿）",
    "代表风采｜车城乡的“养蜂人”代表",
    "关于开展食品药品安全专题调研的报道",
]
REVIEW_TITLES = ["常委会召开民营经济发展座谈会", "县人大常委会开展“代表活动月”活动"]
WITHDRAWN_TITLE = "县人大常委会机关开展读书月活动"
SCHEDULED_TITLE = "关于召开县人大常委会第三十一次会议的公告"

ISSUES = [
    (2025, 1, date(2025, 3, 28)), (2025, 2, date(2025, 6, 27)), (2025, 3, date(2025, 9, 26)),
    (2025, 4, date(2025, 12, 26)), (2026, 1, date(2026, 3, 27)), (2026, 2, date(2026, 6, 26)),
    (2026, 3, date(2026, 9, 25)), (2026, 4, date(2026, 11, 27)),
]  # fmt: skip
ISSUE_CONTENTS = [
    "卷首语：依法履职 服务大局",
    "工作动态：常委会会议和主任会议",
    "监督视窗：{topic}",
    "代表风采：扎根基层的人大代表",
    "建议办理：代表建议办理情况通报",
    "乡镇人大：{t}人大工作纪实",
]
ISSUE_TOPICS = [
    "苹果产业高质量发展",
    "壶口瀑布旅游景区提质升级",
    "巩固拓展脱贫攻坚成果",
    "通村公路建设",
    "生态环境保护",
    "食品药品安全",
]

VIDEOS = [
    ("吉县人大履职专题片《为民履职 砥砺前行》", "feature", "展示十六届县人大常委会依法履职的专题片。",
     "https://example.com/jixian-renda/lvzhi-2025.mp4", date(2025, 12, 20)),
    ("MV《我和我的祖国》", "mv", "县人大常委会机关干部和各级代表共同演唱。",
     "https://example.com/jixian-renda/wo-he-wo-de-zuguo.mp4", date(2024, 9, 28)),
    ("代表联络站接待选民日纪实", "news", "屯里镇代表联络站接待选民日活动实录。",
     "https://example.com/jixian-renda/jiedai-xuanmin.mp4", date(2026, 5, 15)),
    ("助力旅发大会 人大代表在行动", "feature", "旅发大会筹备期间各级代表的身影。",
     "https://example.com/jixian-renda/lvfa-dahui.mp4", date(2026, 8, 30)),
]  # fmt: skip

CORRESPONDENTS = [
    ("贺晓峰", "县人大常委会办公室", None),
    ("王丽萍", "县人大常委会办公室", None),
    ("曹建军", None, "壶口镇"),
    ("冯雅琴", None, "屯里镇"),
    ("葛志远", "县人大常委会财政经济工作委员会", None),
    ("闫小红", None, "吉昌镇"),
    ("任文斌", None, "车城乡"),
    ("薛梦瑶", "县人大常委会农业农村工作委员会", None),
]
OUTLETS = ["人民代表报", "山西人大", "临汾日报", "学习强国", "黄河新闻网", "山西日报", "临汾人大"]
PUBLICATION_TITLES = [
    "吉县人大：代表进站听民声",
    "吉县：苹果产业链上的人大代表",
    "吉县人大常委会专题询问壶口景区提质升级",
    "吉县人大：让代表建议落地见效",
    "吉县人大常委会开展交通运输专题调研",
    "吉县：人大代表助力乡村振兴",
    "吉县人大：“双联”工作架起连心桥",
    "吉县人大常委会视察巩固脱贫攻坚成果",
    "吉县人大：监督护航生态保护",
    "吉县代表联络站实现全覆盖",
]
# (correspondent index, year): honours awarded
HONOURS = [
    (0, 2023, "优秀通讯员", "临汾市人大常委会"),
    (0, 2025, "优秀通讯员", "临汾市人大常委会"),
    (1, 2024, "优秀通讯员", "临汾市人大常委会"),
    (1, 2026, "优秀通讯员", "临汾市人大常委会"),
    (2, 2025, "优秀通讯员", "吉县人大常委会"),
    (4, 2026, "优秀通讯员", "吉县人大常委会"),
    (3, 2024, "人大新闻宣传先进个人", "山西省人大常委会办公厅"),
]
OUTCOME_TEXT = {
    "A": "所提问题已解决或基本解决",
    "B": "所提问题正在解决或已列入规划",
    "C": "因条件限制，所提问题需待以后解决",
    "D": "所提意见留作参考",
}


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)), TZ)


def _users():
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=["staff", "director", "admin"])}
    author = users.get("staff") or users.get("admin")
    reviewer = users.get("director") or users.get("admin")
    return author, reviewer


def _article_plan(rng: random.Random, columns: dict[str, Column], author, reviewer) -> list[dict]:
    """~40 articles over the year: published ones through the months, then the other states."""
    rows = []
    start = date(2025, 12, 3)
    count = 34
    seen: set[str] = set()
    for i in range(count):
        slug, title, summary, body = STORIES[i % len(STORIES)]
        township = TOWNSHIPS[(i * 3) % len(TOWNSHIPS)]
        n = 20 + i if "主任会议" in title else 5 + i // len(STORIES)
        day = start + timedelta(days=int(i * 360 / count) + rng.randint(0, 5))
        if day > DEMO_TODAY - timedelta(days=1):
            day = DEMO_TODAY - timedelta(days=1)
        title = title.format(t=township, n=n)
        if title in seen:  # the same kind of event again later in the year
            title = f"{title}（{day.year}年{day.month}月）"
        seen.add(title)
        rows.append(
            {
                "title": title,
                "column_id": columns[slug].pk,
                "summary": summary,
                "body": body.format(t=township),
                "author": rng.choice(["县人大常委会办公室", "本网通讯员", "贺晓峰 王丽萍", "曹建军"]),
                "state": S.PUBLISHED,
                "published_at": at(day, rng.choice([9, 10, 15, 16])),
                "submitted_at": at(day - timedelta(days=1), 17),
                "created_by_id": author.pk,
                "reviewed_by_id": reviewer.pk,
                "review_note": "",
                "withdrawn_reason": "",
                "created_at": at(day - timedelta(days=2), 10),
            }
        )
    other = [
        *((t, S.DRAFT, DEMO_TODAY - timedelta(days=3 + k)) for k, t in enumerate(DRAFT_TITLES)),
        *((t, S.UNDER_REVIEW, DEMO_TODAY - timedelta(days=1 + k)) for k, t in enumerate(REVIEW_TITLES)),
        (WITHDRAWN_TITLE, S.WITHDRAWN, date(2026, 4, 20)),
        (SCHEDULED_TITLE, S.PUBLISHED, DEMO_TODAY + timedelta(days=10)),
    ]
    for k, (title, state, day) in enumerate(other):
        slug = ["work-news", "deputies", "supervision"][k % 3]
        scheduled = title == SCHEDULED_TITLE
        reviewed = state in (S.PUBLISHED, S.WITHDRAWN)
        rows.append(
            {
                "title": title,
                "column_id": columns[slug].pk,
                "summary": "",
                "body": "## 基本情况\n\n（正文待完善。）\n\n县人大常委会将持续关注此项工作。"
                if state == S.DRAFT
                else "县人大常委会定于2026年12月中旬召开第三十一次会议。\n\n- 审议县人民政府专项工作报告\n- 人事任免事项"
                if scheduled
                else "常委会机关组织干部职工开展相关活动，营造了良好氛围。",
                "author": "县人大常委会办公室",
                "state": state,
                "published_at": at(day, 9) if reviewed else None,
                "submitted_at": at(day - timedelta(days=1), 17) if state != S.DRAFT else None,
                "created_by_id": author.pk,
                "reviewed_by_id": reviewer.pk if reviewed else None,
                "review_note": "",
                "withdrawn_reason": "活动报道中的照片未经本人同意，撤下重新处理。"
                if state == S.WITHDRAWN
                else "",
                "created_at": at(min(day, DEMO_TODAY) - timedelta(days=2), 10),
            }
        )
    return rows


def _article_transitions(article: Article, author, reviewer) -> list[tuple]:
    """(action, from, to, at, by, note) of an article's story."""
    created = article.created_at
    steps = [("created", "", S.DRAFT, created, author, "")]
    if article.state == S.DRAFT:
        return steps
    steps.append(("submit", S.DRAFT, S.UNDER_REVIEW, article.submitted_at, author, ""))
    if article.state == S.UNDER_REVIEW:
        return steps
    approved = min(article.published_at, article.submitted_at + timedelta(hours=16))
    steps.append(("publish", S.UNDER_REVIEW, S.PUBLISHED, approved, reviewer, ""))
    if article.state == S.WITHDRAWN:
        steps.append(
            (
                "withdraw",
                S.PUBLISHED,
                S.WITHDRAWN,
                article.published_at + timedelta(days=2),
                reviewer,
                article.withdrawn_reason,
            )
        )
    return steps


def _sync_transitions(model, stories: dict[int, list[tuple]]) -> None:
    ct = ContentType.objects.get_for_model(model)
    existing = {
        (t.object_id, t.action, t.to_state): t
        for t in Transition.objects.filter(content_type=ct, object_id__in=stories)
    }
    new = []
    for object_id, steps in stories.items():
        for action, from_state, to_state, when, by, note in steps:
            key = (object_id, action, str(to_state))
            if key in existing:
                continue
            new.append(
                Transition(
                    content_type=ct,
                    object_id=object_id,
                    action=action,
                    from_state=from_state,
                    to_state=to_state,
                    at=when,
                    by=by,
                    note=note,
                )
            )
    Transition.objects.bulk_create(new, batch_size=500)


def issue_pdf(title: str, published_on: date, lines: list[str]) -> bytes:
    """A small PDF: a cover page with the title and the table of contents."""

    def draw(pdf, width, height):
        pdf.setFont(DEMO_FONT, 30)
        pdf.drawCentredString(width / 2, height - 150, "吉县人大")
        pdf.setFont(DEMO_FONT, 14)
        pdf.drawCentredString(width / 2, height - 185, title)
        pdf.drawCentredString(
            width / 2, height - 210, f"{published_on.year}年{published_on.month}月{published_on.day}日"
        )
        pdf.setFont(DEMO_FONT, 16)
        pdf.drawString(90, height - 290, "目  录")
        pdf.setFont(DEMO_FONT, 12)
        for i, line in enumerate(lines):
            pdf.drawString(100, height - 325 - i * 26, line)
        pdf.setFont(DEMO_FONT, 10)
        pdf.drawCentredString(width / 2, 60, "吉县人大常委会办公室  编印（内部资料）")

    return demo_pdf(title, draw)


def _load_issues(rng: random.Random) -> int:
    count = 0
    for year, number, published_on in ISSUES:
        township = TOWNSHIPS[(year + number) % len(TOWNSHIPS)]
        topic = ISSUE_TOPICS[(year * 4 + number) % len(ISSUE_TOPICS)]
        lines = [line.format(t=township, topic=topic) for line in ISSUE_CONTENTS]
        issue = PeriodicalIssue.objects.filter(year=year, number=number).first() or PeriodicalIssue(
            year=year, number=number
        )
        issue.published_on = published_on
        issue.contents = "\n".join(lines)
        issue.is_public = True
        if not issue.pdf or not issue.pdf.storage.exists(issue.pdf.name):
            data = issue_pdf(
                f"{year}年第{number}期（总第{(year - 2019) * 4 + number}期）", published_on, lines
            )
            issue.pdf.save(f"jixian-renda-{year}-{number}.pdf", ContentFile(data), save=False)
            issue.pdf_size = len(data)
        issue.save()
        count += 1
    return count


def _load_publications(rng: random.Random, correspondents: list[Correspondent], articles: list[Article]):
    rows, authors = [], {}
    for year, per_year in ((2023, 12), (2024, 14), (2025, 16), (2026, 15)):
        for k in range(per_year):
            month = 1 + (k * 12) // per_year
            last_day = DEMO_TODAY if year == DEMO_TODAY.year else date(year, 12, 31)
            day = min(date(year, month, 1 + rng.randint(0, 26)), last_day - timedelta(days=1))
            outlet = OUTLETS[rng.randint(0, len(OUTLETS) - 1)]
            title = f"{PUBLICATION_TITLES[(k + year) % len(PUBLICATION_TITLES)]}（{year}-{k + 1:02d}）"
            # Skewed: the office's two correspondents write most; everyone writes some.
            weights = [6, 5, 3, 3, 2, 2, 1, 1]
            first = rng.choices(range(len(correspondents)), weights=weights)[0]
            people = {first}
            if rng.random() < 0.3:
                people.add(rng.randrange(len(correspondents)))
            linked = (
                next((a for a in articles if a.published_at and a.published_at.date() <= day), None)
                if year == 2026
                else None
            )
            rows.append(
                {
                    "outlet": outlet,
                    "date": day,
                    "title": title,
                    "link": f"https://example.com/{year}/{k + 1}",
                    "article_id": linked.pk if linked and rng.random() < 0.3 else None,
                }
            )
            authors[(outlet, day, title)] = {correspondents[i].pk for i in people}
    saved = sync_rows(ExternalPublication, rows, ("outlet", "date", "title"))
    pairs = {(saved[key].pk, cid) for key, ids in authors.items() for cid in ids}
    sync_pairs(
        ExternalPublication.correspondents.through,
        "externalpublication_id",
        "correspondent_id",
        pairs,
        [p.pk for p in saved.values()],
    )
    return len(saved)


def _load_results(reviewer) -> int:
    suggestions = list(
        Suggestion.objects.filter(state__in=RESULT_STATES, replies__isnull=False)
        .select_related("lead_unit")
        .distinct()
        .order_by("replied_at", "pk")[:30]
    )
    latest = {}
    for reply in Reply.objects.filter(suggestion__in=suggestions).order_by("round"):
        latest[reply.suggestion_id] = reply
    rows = []
    for s in suggestions:
        reply = latest.get(s.pk)
        outcome = OUTCOME_TEXT.get(reply.outcome if reply else s.outcome, OUTCOME_TEXT["B"])
        unit = s.lead_unit.name if s.lead_unit else "承办单位"
        summary = (
            f"代表所提《{s.title}》交{unit}主办。经办理，{outcome}。"
            f"承办单位已就办理情况与领衔代表沟通，并书面答复代表。"
        )
        if looks_like_phone(summary):
            continue
        replied = (reply.replied_at if reply else s.replied_at) or DEMO_TODAY - timedelta(days=30)
        published = min(replied + timedelta(days=10), DEMO_TODAY - timedelta(days=1))
        rows.append(
            {
                "suggestion_id": s.pk,
                "summary": summary,
                "published_at": at(published, 10),
                "published_by_id": reviewer.pk,
                "is_withdrawn": False,
            }
        )
    sync_rows(PublishedResult, rows, ("suggestion_id",))
    return len(rows)


def load_demo_publicity(stdout) -> None:
    author, reviewer = _users()
    if author is None or reviewer is None:
        stdout.write("publicity: no demo staff users; skipped")
        return
    rng = random.Random(SEED)  # noqa: S311 - reproducible invented data, not a secret
    columns = sync_rows(
        Column,
        [
            {"name": n, "slug": slug, "description": d, "is_special": sp, "is_active": True, "sort_order": o}
            for n, slug, d, sp, o in COLUMNS
        ],
        ("slug",),
    )
    by_slug = {key[0]: column for key, column in columns.items()}
    saved = sync_rows(Article, _article_plan(rng, by_slug, author, reviewer), ("title",))
    articles = sorted(saved.values(), key=lambda a: (a.published_at or at(DEMO_TODAY, 0), a.pk), reverse=True)
    _sync_transitions(Article, {a.pk: _article_transitions(a, author, reviewer) for a in articles})
    issues = _load_issues(rng)
    sync_rows(
        Video,
        [
            {"title": t, "kind": k, "description": d, "link": link, "made_on": made, "is_public": True}
            for t, k, d, link, made in VIDEOS
        ],
        ("title",),
    )
    units = {u.name: u.pk for u in Unit.objects.filter(name__in=[c[1] for c in CORRESPONDENTS if c[1]])}
    townships = {
        t.name: t.pk for t in Township.objects.filter(name__in=[c[2] for c in CORRESPONDENTS if c[2]])
    }
    people = sync_rows(
        Correspondent,
        [
            {"name": n, "unit_id": units.get(u), "township_id": townships.get(t), "is_active": True}
            for n, u, t in CORRESPONDENTS
        ],
        ("name",),
    )
    correspondents = [people[(n,)] for n, _u, _t in CORRESPONDENTS]
    sync_rows(
        Honour,
        [
            {"correspondent_id": correspondents[i].pk, "year": y, "title": title, "awarded_by": by}
            for i, y, title, by in HONOURS
        ],
        ("correspondent_id", "year", "title"),
    )
    publications = _load_publications(rng, correspondents, articles)
    results = _load_results(reviewer)
    stdout.write(
        f"publicity: {len(saved)} articles, {issues} periodical issues, {len(VIDEOS)} videos, "
        f"{len(correspondents)} correspondents, {publications} external publications, {results} published results"
    )
