"""Demo deputies of 吉县: invented people in the county's real shape, their mandates and trainings.

Every name, birth date and phone number comes from a seeded random generator (random.Random(2026)),
so the roster is the same on every run and `load_demo` finds each row again by its natural key
(name and date of birth) instead of adding a second copy. `demo_roster()` is also what the liaison
demo reads to put each deputy in the station and point of their village.
"""

import random
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from django.contrib.auth import get_user_model
from django.db import models
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from demo.reference import DEPARTMENTS
from deputies.models import Attendance, Deputy, Gender, Level, Mandate, Party, Training, initials_of
from renda.core.models import Term, Township

SEED = 2026

# The county seat's residents' communities (吉昌镇城区) and each township's villages. Plausible names,
# not a gazetteer; every name is used once so that a liaison point can be called after it.
COUNTY_SEAT_COMMUNITIES = ["东关社区", "西关社区", "南关社区", "城北社区", "锦绣社区", "清河社区"]
VILLAGES = {
    "吉昌镇": [
        "桑峨村",
        "谢悉村",
        "太度村",
        "城南村",
        "南村",
        "上东村",
        "下东村",
        "东城村",
        "窑曲村",
        "川庄村",
        "王家塬村",
        "庄子村",
        "岭上村",
        "西坡村",
    ],
    "屯里镇": [
        "屯里村",
        "南楼村",
        "麦城村",
        "辛庄村",
        "沟堡村",
        "安平村",
        "北庄村",
        "窑渠村",
        "西庄村",
        "上田村",
        "古贤村",
        "柳沟村",
        "前进村",
    ],
    "壶口镇": [
        "壶口村",
        "小船窝村",
        "河堤村",
        "明珠村",
        "南堡村",
        "白村",
        "西沟村",
        "坪上村",
        "圪台村",
        "河畔村",
        "龙王辿村",
    ],
    "车城乡": ["车城村", "桃园村", "榆林村", "堡子村", "石门村", "官庄村", "南坡村", "鹿城村"],
    "文城乡": ["文城村", "罗河村", "沟口村", "官头村", "柏树村", "窑科村", "南山村", "马村"],
    "柏山寺乡": ["柏山寺村", "南耀村", "阁老村", "石头村", "前洼村", "高家村", "寺坪村"],
    "中垛乡": [
        "中垛村",
        "南埝村",
        "东庄村",
        "古坪村",
        "下坪村",
        "川口村",
        "上岭村",
        "洼里村",
        "新庄村",
        "店头村",
        "峪口村",
    ],
}

# Seats by township: the county seat has the most. Township deputies sit in their own township's
# congress; `both` of them also sit in the county congress (one person, two mandates).
COUNTY_SEATS = {
    "吉昌镇": 46,
    "屯里镇": 22,
    "壶口镇": 21,
    "车城乡": 15,
    "文城乡": 15,
    "柏山寺乡": 13,
    "中垛乡": 18,
}
TOWNSHIP_SEATS = {
    "吉昌镇": 50,
    "屯里镇": 35,
    "壶口镇": 34,
    "车城乡": 24,
    "文城乡": 25,
    "柏山寺乡": 21,
    "中垛乡": 31,
}
BOTH_SEATS = {"吉昌镇": 6, "屯里镇": 5, "壶口镇": 5, "车城乡": 3, "文城乡": 4, "柏山寺乡": 3, "中垛乡": 4}
# County officials elected in the county seat, assigned to its communities' station.
COUNTY_SEAT_OFFICIALS = 16

SURNAMES = "王李张刘杨贺冯薛郭曹韩高赵陈马孙史梁段牛任卫吕白霍阎武师葛乔秦柴景雷苏田董宋侯郝崔毛邢姚常贾樊"
MALE_CHARS = "建国志强军伟明平生林海峰斌刚俊宏亮杰勇文华东鹏飞云虎宝成福德永胜利民振兴旺荣新耀光辉晓彦"
FEMALE_CHARS = "丽娟霞芳红梅燕英玲琴艳静敏慧婷娜萍秀莉翠兰凤春晓雪瑞佳彩桂美"
PHONE_PREFIXES = ["139", "138", "137", "135", "150", "151", "152", "158", "159", "182", "183", "187", "130"]
COMPANY_WORDS = ["昌盛", "绿源", "金果", "红韵", "塬上", "恒丰", "鑫达", "宏远", "丰禾", "晋韵"]

# The demo accounts' people, and the other demo users' names, which the generator must not reuse.
ACCOUNT_DEPUTIES = {"冯志刚": "deputy", "薛丽娟": "deputy2"}
RESERVED_NAMES = {"冯志刚", "薛丽娟", "韩雪梅", "贺建平", "郭晓东", "曹文静", "系统管理员"}


@dataclass(frozen=True)
class DemoDeputy:
    name: str
    gender: str
    ethnicity: str
    birth_date: date
    party: str
    township: str
    village: str  # the village or community of the deputy's liaison point; "" for the station only
    constituency: str
    occupation: str
    phone: str
    levels: tuple[str, ...]
    status: str = Deputy.Status.ACTIVE
    status_date: date | None = None
    status_reason: str = ""
    username: str = ""


class NameMaker:
    """Invented two- and three-character names, never the same twice, never a reserved one."""

    def __init__(self, rng: random.Random, taken: Iterable[str] = ()):
        self.rng = rng
        self.taken = set(RESERVED_NAMES) | set(taken)

    def __call__(self, gender: str) -> str:
        chars = FEMALE_CHARS if gender == Gender.FEMALE else MALE_CHARS
        while True:
            given = "".join(self.rng.choice(chars) for _ in range(1 if self.rng.random() < 0.15 else 2))
            name = self.rng.choice(SURNAMES) + given
            if name not in self.taken and given[:1] != given[1:2]:
                self.taken.add(name)
                return name


def phone_number(rng: random.Random) -> str:
    return rng.choice(PHONE_PREFIXES) + "".join(rng.choice("0123456789") for _ in range(8))


def _county_department(rng: random.Random) -> str:
    name = rng.choice(DEPARTMENTS)
    return f"吉{name}" if name.startswith("县") else name


def _rural_occupation(rng: random.Random, township: str, village: str) -> str:
    short = village.removesuffix("村")
    company = rng.choice(COMPANY_WORDS)
    choices = [
        (f"{township}{village}党支部书记", 14),
        (f"{township}{village}党支部书记、村委会主任", 10),
        (f"{township}{village}村委会主任", 8),
        (f"{township}{village}苹果种植户", 16),
        (f"{township}{village}农民", 10),
        (f"吉县{short}果业专业合作社理事长", 6),
        (f"{township}中心学校教师", 5),
        (f"{township}{village}小学教师", 3),
        (f"{township}卫生院医生", 4),
        (f"{township}{village}卫生室村医", 3),
        (f"{township}{village}个体工商户", 4),
        (f"{township}{village}养殖户", 3),
        (f"{township}{village}小米种植户", 2),
        (f"{township}{village}红薯种植户", 2),
        (f"{township}人民政府干部", 3),
        (f"吉县{company}农产品有限公司负责人", 2),
    ]
    texts, weights = zip(*choices, strict=True)
    return rng.choices(texts, weights=weights)[0]


def _urban_occupation(rng: random.Random, community: str) -> str:
    company = rng.choice(COMPANY_WORDS)
    choices = [
        (f"{_county_department(rng)}干部", 8),
        (f"吉昌镇{community}党支部书记、居委会主任", 3),
        ("吉县第一中学教师", 3),
        ("吉县城区第二小学教师", 2),
        ("吉县人民医院医生", 3),
        ("吉县中医医院医生", 1),
        (f"吉县{company}商贸有限公司总经理", 3),
        (f"吉县{company}果品有限公司董事长", 2),
        (f"吉昌镇{community}个体工商户", 4),
        ("吉县融媒体中心记者", 1),
    ]
    texts, weights = zip(*choices, strict=True)
    return rng.choices(texts, weights=weights)[0]


def _person(rng: random.Random, names: NameMaker) -> dict:
    gender = Gender.FEMALE if rng.random() < 0.29 else Gender.MALE
    year = rng.choices(
        range(1958, 1996), weights=[1 + min(y - 1957, 1996 - y, 12) for y in range(1958, 1996)]
    )[0]
    born = date(year, 1, 1) + timedelta(days=rng.randrange(365))
    roll = rng.random()
    if roll < 0.68:
        party = Party.CPC
    elif roll < 0.70:
        party = Party.CPC_PROBATIONARY
    elif roll < 0.76:
        party = Party.DEMOCRATIC
    elif roll < 0.83:
        party = Party.NON_PARTISAN
    elif year >= 1991:
        party = Party.LEAGUE
    else:
        party = Party.MASSES
    ethnicity = "汉族" if rng.random() < 0.97 else rng.choice(["回族", "满族", "蒙古族"])
    return {
        "name": names(gender),
        "gender": gender,
        "ethnicity": ethnicity,
        "birth_date": born,
        "party": party,
        "phone": phone_number(rng),
    }


@cache
def demo_roster() -> tuple[DemoDeputy, ...]:
    """The invented deputies, always the same: ~150 county, ~220 township, and a few higher levels."""
    rng = random.Random(SEED)  # noqa: S311 - reproducible invented data, not a secret
    names = NameMaker(rng)
    people: list[dict] = []

    for township, county_seats in COUNTY_SEATS.items():
        villages = VILLAGES[township]
        town_word = "镇长" if township.endswith("镇") else "乡长"
        both = BOTH_SEATS[township]
        # County deputies first: the township's leaders, then (in the county seat) county officials,
        # then the rest; the last `both` of them also sit in the township congress.
        for i in range(county_seats):
            person = _person(rng, names)
            constituency = f"{township}第{i // 2 + 1}选区"
            if i == 0:
                occupation, village = f"{township}党委书记", ""
                person["party"] = Party.CPC
            elif i == 1:
                occupation, village = f"{township}人大主席", ""
                person["party"] = Party.CPC
            elif i == 2:
                occupation, village = f"{township}人民政府{town_word}", ""
                person["party"] = Party.CPC
            elif township == "吉昌镇" and i < 3 + COUNTY_SEAT_OFFICIALS:
                village = COUNTY_SEAT_COMMUNITIES[i % len(COUNTY_SEAT_COMMUNITIES)]
                occupation = _urban_occupation(rng, village)
            else:
                village = villages[(i // 2) % len(villages)]
                occupation = _rural_occupation(rng, township, village)
            levels = [Level.COUNTY] + ([Level.TOWNSHIP] if i >= county_seats - both else [])
            people.append(
                {
                    **person,
                    "township": township,
                    "village": village,
                    "constituency": constituency,
                    "occupation": occupation,
                    "levels": levels,
                }
            )
        for i in range(TOWNSHIP_SEATS[township] - both):
            person = _person(rng, names)
            village = villages[(i // 2) % len(villages)]
            if township == "吉昌镇" and i % 5 == 0:
                village = COUNTY_SEAT_COMMUNITIES[(i // 5) % len(COUNTY_SEAT_COMMUNITIES)]
                occupation = _urban_occupation(rng, village)
            else:
                occupation = _rural_occupation(rng, township, village)
            people.append(
                {
                    **person,
                    "township": township,
                    "village": village,
                    "constituency": f"{township}第{i // 3 + 1}选区",
                    "occupation": occupation,
                    "levels": [Level.TOWNSHIP],
                }
            )

    # The demo accounts' deputies take the place of two generated county deputies.
    def replace(township: str, index: int, **fields) -> None:
        seats = [p for p in people if p["township"] == township and Level.COUNTY in p["levels"]]
        seats[index].update(fields)

    replace(
        "屯里镇",
        4,
        name="冯志刚",
        gender=Gender.MALE,
        ethnicity="汉族",
        birth_date=date(1974, 5, 16),
        party=Party.CPC,
        village="屯里村",
        constituency="屯里镇第1选区",
        occupation="屯里镇屯里村党支部书记、吉县屯里果业专业合作社理事长",
        levels=[Level.COUNTY],
        username="deputy",
    )
    replace(
        "壶口镇",
        5,
        name="薛丽娟",
        gender=Gender.FEMALE,
        ethnicity="汉族",
        birth_date=date(1985, 9, 3),
        party=Party.CPC,
        village="小船窝村",
        constituency="壶口镇第3选区",
        occupation="壶口镇中心学校教师",
        levels=[Level.COUNTY],
        username="deputy2",
    )

    county_only = [
        p
        for p in people
        if p["levels"] == [Level.COUNTY]
        and not p.get("username")
        and not p["occupation"].endswith(("党委书记", "人大主席", "镇长", "乡长"))
    ]
    # The national deputy is a well-known apple grower from a village.
    national = rng.choice([p for p in county_only if p["village"].endswith("村")])
    picked = rng.sample([p for p in county_only if p is not national], 2 + 6 + 3 + 2)
    provincial, municipal = picked[0:2], picked[2:8]
    resigned, terminated = picked[8:11], picked[11:13]
    national["levels"] = [Level.NATIONAL, Level.COUNTY]
    national["occupation"] = f"吉县{national['village'].removesuffix('村')}果业专业合作社理事长"
    national["party"] = Party.CPC
    for p in provincial:
        p["levels"] = [Level.PROVINCIAL, Level.COUNTY]
    for p in municipal:
        p["levels"] = [Level.MUNICIPAL, Level.COUNTY]
    # Deputies to the city and province who hold no county seat; they still belong to a delegation.
    for level, count in [(Level.PROVINCIAL, 1), (Level.MUNICIPAL, 4)]:
        for _ in range(count):
            village = rng.choice(COUNTY_SEAT_COMMUNITIES)
            people.append(
                {
                    **_person(rng, names),
                    "township": "吉昌镇",
                    "village": village,
                    # Elected by the congress one level down: the city's, or the county's.
                    "constituency": "临汾市选举单位" if level == Level.PROVINCIAL else "吉县选举单位",
                    "occupation": _urban_occupation(rng, village),
                    "levels": [level],
                }
            )
    reasons = [
        (Deputy.Status.RESIGNED, date(2023, 6, 20), "因工作调动离开吉县，本人辞去代表职务"),
        (Deputy.Status.RESIGNED, date(2024, 9, 12), "因工作调整，本人辞去县人大代表职务"),
        (Deputy.Status.RESIGNED, date(2025, 4, 8), "因身体原因，本人辞去县人大代表职务"),
        (Deputy.Status.TERMINATED, date(2022, 11, 5), "调离本行政区域，代表资格终止"),
        (Deputy.Status.TERMINATED, date(2025, 3, 18), "户籍迁出本行政区域，代表资格终止"),
    ]
    for p, (status, when, reason) in zip([*resigned, *terminated], reasons, strict=True):
        p.update(status=status, status_date=when, status_reason=reason)

    return tuple(
        DemoDeputy(
            name=p["name"],
            gender=p["gender"],
            ethnicity=p["ethnicity"],
            birth_date=p["birth_date"],
            party=p["party"],
            township=p["township"],
            village=p["village"],
            constituency=p["constituency"],
            occupation=p["occupation"],
            phone=p["phone"],
            levels=tuple(p["levels"]),
            status=p.get("status", Deputy.Status.ACTIVE),
            status_date=p.get("status_date"),
            status_reason=p.get("status_reason", ""),
            username=p.get("username", ""),
        )
        for p in people
    )


# title, kind, where, place, start, end, organiser, who attends: (group, share)
TRAININGS = [
    (
        "第十六届县人大代表初任培训",
        Training.Kind.INITIAL,
        Training.Where.LOCAL,
        "吉县",
        date(2021, 12, 14),
        date(2021, 12, 16),
        "县人大常委会代表人事选举任免工作委员会",
        ("county", 0.95),
    ),
    (
        "第十六届乡镇人大代表初任培训",
        Training.Kind.INITIAL,
        Training.Where.LOCAL,
        "吉县",
        date(2022, 3, 22),
        date(2022, 3, 23),
        "县人大常委会办公室",
        ("township", 0.85),
    ),
    (
        "代表建议撰写与提出专题培训",
        Training.Kind.TOPICAL,
        Training.Where.LOCAL,
        "吉县",
        date(2022, 8, 16),
        date(2022, 8, 16),
        "县人大常委会代表人事选举任免工作委员会",
        ("county", 0.3),
    ),
    (
        "县人大代表履职能力提升培训班",
        Training.Kind.DUTY,
        Training.Where.AWAY,
        "贵州",
        date(2023, 6, 12),
        date(2023, 6, 16),
        "县人大常委会",
        ("county", 0.25),
    ),
    (
        "人大代表依法履职专题培训班",
        Training.Kind.TOPICAL,
        Training.Where.AWAY,
        "深圳",
        date(2024, 9, 23),
        date(2024, 9, 27),
        "县人大常委会",
        ("county", 0.2),
    ),
    (
        "乡村振兴专题培训",
        Training.Kind.TOPICAL,
        Training.Where.LOCAL,
        "吉县",
        date(2025, 5, 20),
        date(2025, 5, 21),
        "县人大常委会农业农村工作委员会",
        ("all", 0.2),
    ),
    (
        "乡镇人大代表履职培训",
        Training.Kind.DUTY,
        Training.Where.LOCAL,
        "吉县",
        date(2025, 10, 14),
        date(2025, 10, 15),
        "县人大常委会办公室",
        ("township", 0.3),
    ),
    (
        "学习贯彻新修改的代表法专题培训",
        Training.Kind.TOPICAL,
        Training.Where.LOCAL,
        "吉县",
        date(2026, 4, 15),
        date(2026, 4, 16),
        "县人大常委会代表人事选举任免工作委员会",
        ("county", 0.5),
    ),
]
# Active county deputies who have attended nothing yet, so that training coverage has gaps to show.
UNTRAINED_COUNTY_DEPUTIES = 12


def sync_rows(model: type[models.Model], rows: list[dict], key: tuple[str, ...]) -> dict[tuple, models.Model]:
    """Create or update `rows` (attname -> value), each found by its `key` fields; return them by key.

    Rows are written in bulk with their history records; a `created_at` in a row backdates the row
    (auto_now_add would otherwise stamp it with the loading time). Only the fields a row names are
    compared and written, so what the demo leaves out (a deputy's account, say) is kept.
    """
    existing = {tuple(getattr(obj, f) for f in key): obj for obj in model._default_manager.all()}
    by_key: dict[tuple, models.Model] = {}
    new, changed, changed_fields, stamps = [], [], set(), {}
    for row in rows:
        values = dict(row)
        stamp = values.pop("created_at", None)
        row_key = tuple(values[f] for f in key)
        obj = existing.get(row_key)
        if obj is None:
            obj = model(**values)
            new.append(obj)
        else:
            diff = [f for f, value in values.items() if getattr(obj, f) != value]
            for f in diff:
                setattr(obj, f, values[f])
            if diff:
                changed.append(obj)
                changed_fields.update(diff)
        if stamp is not None:
            stamps[row_key] = stamp
        by_key[row_key] = obj
    if new:
        bulk_create_with_history(new, model, batch_size=500)
    if changed:
        bulk_update_with_history(changed, model, fields=sorted(changed_fields), batch_size=500)
    # One UPDATE per distinct stamp: much cheaper than bulk_update's CASE over every row.
    restamp = defaultdict(list)
    for row_key, stamp in stamps.items():
        obj = by_key[row_key]
        if obj.created_at != stamp:
            obj.created_at = stamp
            restamp[stamp].append(obj.pk)
    for stamp, pks in restamp.items():
        model._default_manager.filter(pk__in=pks).update(created_at=stamp)
    return by_key


def sync_pairs(
    through: type[models.Model], left: str, right: str, pairs: set[tuple[int, int]], scope
) -> None:
    """Make the link rows of `through` whose `left` is in `scope` exactly `pairs`."""
    existing = set(through._default_manager.filter(**{f"{left}__in": scope}).values_list(left, right))
    missing = pairs - existing
    extra = existing - pairs
    if missing:
        through._default_manager.bulk_create(
            [through(**{left: a, right: b}) for a, b in sorted(missing)], batch_size=500
        )
    for a, b in extra:
        through._default_manager.filter(**{left: a, right: b}).delete()


def load_demo_deputies(stdout) -> None:
    roster = demo_roster()
    term = Term.objects.get(number=16)
    townships = {t.name: t.pk for t in Township.objects.all()}
    accounts = {
        u.username: u.pk for u in get_user_model().objects.filter(username__in=ACCOUNT_DEPUTIES.values())
    }
    rows = []
    for d in roster:
        row = {
            "name": d.name,
            "name_initials": initials_of(d.name),
            "gender": d.gender,
            "ethnicity": d.ethnicity,
            "birth_date": d.birth_date,
            "party": d.party,
            "constituency": d.constituency,
            "township_id": townships[d.township],
            "occupation": d.occupation,
            "phone": d.phone,
            "status": d.status,
            "status_date": d.status_date,
            "status_reason": d.status_reason,
        }
        if d.username and d.username in accounts:
            # A demo account belongs to one deputy only.
            Deputy.objects.filter(user_id=accounts[d.username]).exclude(
                name=d.name, birth_date=d.birth_date
            ).update(user=None)
            row["user_id"] = accounts[d.username]
        rows.append(row)
    deputies = sync_rows(Deputy, rows, key=("name", "birth_date"))
    pk_of = {d: deputies[(d.name, d.birth_date)].pk for d in roster}

    mandate_rows = [
        {"deputy_id": pk_of[d], "level": level, "term_id": term.pk} for d in roster for level in d.levels
    ]
    sync_rows(Mandate, mandate_rows, key=("deputy_id", "level", "term_id"))

    training_rows = [
        {
            "title": title,
            "term_id": term.pk,
            "kind": kind,
            "where": where,
            "place": place,
            "start_date": start,
            "end_date": end,
            "organiser": organiser,
        }
        for title, kind, where, place, start, end, organiser, _who in TRAININGS
    ]
    trainings = sync_rows(Training, training_rows, key=("title", "term_id"))

    rng = random.Random(SEED)  # noqa: S311 - reproducible invented data, not a secret
    county = [d for d in roster if Level.COUNTY in d.levels]
    untrained = set(
        rng.sample(
            [d for d in county if d.status == Deputy.Status.ACTIVE and not d.username],
            UNTRAINED_COUNTY_DEPUTIES,
        )
    )
    groups = {
        "county": county,
        "township": [d for d in roster if d.levels == (Level.TOWNSHIP,)],
        "all": list(roster),
    }
    pairs = set()
    for title, _kind, _where, _place, start, _end, _organiser, (group, share) in TRAININGS:
        training_pk = trainings[(title, term.pk)].pk
        for d in groups[group]:
            left_before = d.status_date is not None and d.status_date < start
            if d in untrained or left_before:
                continue
            # The demo accounts' deputies went to the induction and to the latest training.
            account_goes = d.username and (share >= 0.5 or start.year == 2026)
            if account_goes or rng.random() < share:
                pairs.add((training_pk, pk_of[d]))
    sync_pairs(Attendance, "training_id", "deputy_id", pairs, [t.pk for t in trainings.values()])

    levels = Counter(level for d in roster for level in d.levels)
    stdout.write(
        f"deputies: {len(roster)} people ({levels[Level.COUNTY]} county, {levels[Level.TOWNSHIP]} township, "
        f"{levels[Level.MUNICIPAL]} municipal, {levels[Level.PROVINCIAL]} provincial, "
        f"{levels[Level.NATIONAL]} national), {len(trainings)} trainings, {len(pairs)} attendances"
    )
