"""Demo deputy campaigns (代表行动): the county's recent calls, the deputies taking part, what they did.

Runs after the other demo loaders (order 55): it needs the roster and the demo accounts. Campaigns are
found by title, participants and entries by their natural keys, so a second run changes nothing. The
random choices are seeded; a few entries get a small generated picture (no text, no person).
"""

import io
import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from demo.deputies import demo_roster, sync_pairs, sync_rows
from deputies.models import Campaign, CampaignEntry, Deputy

SEED = 2026

# title, call, start, end, how many take part, demo accounts taking part, what deputies did
CAMPAIGNS = [
    (
        "疫情防控 吉县人大在行动",
        "全县各级人大代表下沉到所在村和社区，参与卡口值守、核酸检测秩序维护、困难群众生活物资保障和防疫政策宣传，"
        "做到代表在一线、服务在一线。",
        date(2022, 11, 10),
        date(2023, 1, 15),
        22,
        (),
        [
            "在{place}卡口值守，协助登记进出车辆和人员。",
            "为{place}独居老人和困难户送去米面油和常用药品。",
            "在{place}核酸检测点维持秩序，引导群众有序排队。",
            "走访{place}群众，宣传最新防疫政策，解答群众疑问。",
        ],
    ),
    (
        "苹果示范园建设",
        "每名代表联系一个苹果示范园，宣传矮化密植、有机肥替代化肥和果园防雹网建设，帮助果农协调技术服务和销售渠道，"
        "收集果农的意见建议。",
        date(2024, 3, 1),
        date(2024, 10, 31),
        32,
        ("deputy",),
        [
            "到{place}苹果示范园查看春季修剪和疏花情况，联系县果业发展中心技术员现场指导。",
            "组织{place}果农参加有机肥替代化肥现场会，讲解政策补贴办法。",
            "协调{place}示范园防雹网建设材料，督促施工进度。",
            "帮助{place}果农对接电商平台和收购商，推动苹果销售。",
            "在{place}收集果农对冷库建设和果品分级的意见，整理后报送县人大常委会。",
        ],
    ),
    (
        "城乡环境大整洁",
        "代表带头清理房前屋后和街巷垃圾，监督村容村貌和县城背街小巷整治，收集群众对环境卫生的意见并跟踪解决。",
        date(2025, 4, 1),
        date(2025, 9, 30),
        36,
        ("deputy2",),
        [
            "带领{place}群众清理村内垃圾堆放点和排水沟。",
            "检查{place}主要街巷环境卫生，对乱堆乱放问题督促整改。",
            "参加{place}人居环境整治现场会，反映垃圾清运不及时的问题。",
            "走访{place}商户，宣传门前三包责任制。",
        ],
    ),
    (
        "助力旅发大会",
        "围绕县旅游发展大会和壶口瀑布景区建设，代表参与景区周边环境整治、旅游服务质量监督和志愿服务，"
        "为全域旅游发展建言献策。",
        date(2025, 10, 1),
        date(2026, 9, 30),
        28,
        ("deputy",),
        [
            "在壶口瀑布景区开展志愿服务，为游客提供咨询和引导。",
            "检查{place}农家乐和民宿的卫生和安全状况，提出整改意见。",
            "参加旅发大会筹备工作座谈会，就{place}旅游道路标识提出建议。",
            "走访{place}特色产品经营户，帮助其参加旅发大会展销活动。",
        ],
    ),
]
PHOTOS_PER_CAMPAIGN = 4
COLOURS = [(61, 126, 89), (196, 62, 50), (222, 170, 60), (58, 110, 165), (120, 90, 60), (90, 150, 170)]


def demo_photo(rng: random.Random) -> bytes:
    """A 320x200 JPEG of coloured bands and shapes: a stand-in for a photo, without text or people."""
    sky, ground = rng.sample(COLOURS, 2)
    image = Image.new("RGB", (320, 200), sky)
    draw = ImageDraw.Draw(image)
    horizon = rng.randint(90, 130)
    draw.rectangle([0, horizon, 320, 200], fill=ground)
    for _ in range(rng.randint(3, 7)):
        x, y, r = rng.randint(0, 320), rng.randint(horizon - 20, 200), rng.randint(8, 26)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=rng.choice(COLOURS))
    draw.ellipse([250, 20, 290, 60], fill=(250, 235, 180))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return out.getvalue()


def _entry_dates(rng: random.Random, start: date, end: date, count: int) -> list[date]:
    days = (end - start).days
    if days < 0:
        return []
    picked = sorted(rng.sample(range(days + 1), min(count, days + 1)))
    return [start + timedelta(days=d) for d in picked]


def load_demo_campaigns(stdout) -> None:
    today = timezone.localdate()
    roster = demo_roster()
    deputies = {(d.name, d.birth_date): d for d in Deputy.objects.filter(name__in={p.name for p in roster})}
    users = get_user_model().objects
    clerk = users.filter(username="staff").first() or users.filter(is_superuser=True).order_by("pk").first()
    accounts = {u.username: u for u in users.filter(username__in=["deputy", "deputy2"])}

    campaign_rows = [
        {"title": title, "call": call, "start_date": start, "end_date": end}
        for title, call, start, end, _n, _accounts, _texts in CAMPAIGNS
    ]
    campaigns = sync_rows(Campaign, campaign_rows, key=("title",))

    pairs, entry_rows, photo_keys, photo_names = set(), [], set(), {}
    for index, (title, _call, start, end, size, with_accounts, texts) in enumerate(CAMPAIGNS):
        campaign = campaigns[(title,)]
        rng = random.Random(SEED + index)  # noqa: S311 - reproducible invented data, not a secret
        # Deputies who were active when the campaign began; the demo accounts' deputies where named.
        pool = [
            p
            for p in roster
            if (p.name, p.birth_date) in deputies
            and (p.status == Deputy.Status.ACTIVE or (p.status_date and p.status_date > start))
        ]
        chosen = [p for p in pool if p.username and p.username in with_accounts]
        others = [p for p in pool if p not in chosen]
        chosen += rng.sample(others, min(size - len(chosen), len(others)))
        last_day = min(end, today)
        photos_left = PHOTOS_PER_CAMPAIGN
        for person in chosen:
            deputy = deputies[(person.name, person.birth_date)]
            pairs.add((campaign.pk, deputy.pk))
            account = accounts.get(person.username) if person.username else None
            if account is None and rng.random() > 0.7:
                continue  # some take part without having recorded anything yet
            recorder = account or clerk
            if recorder is None:
                continue
            place = person.village or person.township
            for when in _entry_dates(rng, start, last_day, rng.randint(1, 3) if account is None else 3):
                text = rng.choice(texts).format(place=place)
                entry_rows.append(
                    {
                        "campaign_id": campaign.pk,
                        "deputy_id": deputy.pk,
                        "date": when,
                        "text": text,
                        "recorded_by_id": recorder.pk,
                        "created_at": timezone.make_aware(datetime.combine(when, time(18, 30))),
                    }
                )
                if account is not None or photos_left > 0:
                    photo_keys.add((campaign.pk, deputy.pk, when))
                    photo_names[(campaign.pk, deputy.pk, when)] = (
                        f"campaigns/demo/{index + 1}-{deputy.name_initials}-"
                        f"{person.birth_date:%Y%m%d}-{when:%Y%m%d}.jpg"
                    )
                    if account is None:
                        photos_left -= 1
    sync_pairs(
        Campaign.participants.through, "campaign_id", "deputy_id", pairs, [c.pk for c in campaigns.values()]
    )
    entries = sync_rows(CampaignEntry, entry_rows, key=("campaign_id", "deputy_id", "date"))

    # Each picture has a fixed name and content, so a reload (or a test run) overwrites nothing and
    # leaves no stray files behind.
    storage = CampaignEntry._meta.get_field("photo").storage
    added = 0
    for key in sorted(photo_keys):
        entry = entries[key]
        if entry.photo and storage.exists(entry.photo.name):
            continue
        name = photo_names[key]
        if not storage.exists(name):
            name = storage.save(name, ContentFile(demo_photo(random.Random(name))))  # noqa: S311
            added += 1
        CampaignEntry.objects.filter(pk=entry.pk).update(photo=name)
    stdout.write(
        f"campaigns: {len(campaigns)} campaigns, {len(pairs)} participations, {len(entries)} entries, "
        f"{len(photo_keys)} with a photo ({added} pictures written)"
    )
