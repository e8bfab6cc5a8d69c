"""Properties of expanding any rule a coordinator can type, against a day-by-day oracle.

Rules are generated as text from the grammar (English and Chinese), so the parser is
exercised too. The oracle below walks calendar days with plain date arithmetic: it is
a second, independent reading of what each rule means.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.repeat_words import say_rule
from data.recurrence import RepeatRule, build_rule, expand, next_dates, parse_repeat

ZONES = [
    ZoneInfo(z)
    for z in ("Asia/Shanghai", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "UTC")
]
EN_DAY = [
    ("mon", "monday"),
    ("tue", "tuesday"),
    ("wed", "wednesday"),
    ("thu", "thursday"),
    ("fri", "friday"),
    ("sat", "saturday"),
    ("sun", "sunday"),
]
ZH_DAY = "一二三四五六日"
EN_ORD = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}
ZH_ORD = {1: "第一个", 2: "第二个", 3: "第三个", 4: "第四个", -1: "最后一个"}
EN_MONTH = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
# Days the clocks change in Berlin, New York and Lord Howe Island (by 30 minutes there).
DST_CHANGES = [
    date(2027, 3, 28),
    date(2027, 10, 31),
    date(2027, 3, 14),
    date(2027, 11, 7),
    date(2027, 4, 4),
    date(2027, 10, 3),
]
SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@dataclass(frozen=True)
class Case:
    text: str
    rule: RepeatRule
    start: datetime  # naive local
    tz: ZoneInfo
    skips: tuple[date | tuple[date, date], ...]


Pattern = tuple[str, str, int, tuple[int, ...], int | None]  # text, kind, interval, days, ordinal


@st.composite
def rule_texts(draw: st.DrawFn, start: date) -> tuple[str, RepeatRule]:
    """A rule as a coordinator might type it, and the rule it must mean."""
    zh = draw(st.booleans())
    text, kind, interval, days, ordinal = draw(patterns(zh))
    end, until, count = draw(ends(start, zh))
    rule = build_rule(
        kind,
        start=start,
        interval=interval,
        weekdays=days,
        ordinal=ordinal,
        until=until,
        count=count,
    )
    return text + end, rule


@st.composite
def patterns(draw: st.DrawFn, zh: bool) -> Pattern:
    shape = draw(st.sampled_from(["daily", "weekdays", "weekly", "weeks", "monthly", "monthday"]))
    days = tuple(sorted(draw(st.sets(st.integers(0, 6), min_size=1, max_size=4))))
    if shape == "daily":
        return (
            draw(st.sampled_from(["每天", "每日"] if zh else ["daily", "every day"])),
            shape,
            1,
            (),
            None,
        )
    if shape == "weekdays":
        words = (
            ["工作日", "每个工作日", "每周一至周五"]
            if zh
            else ["weekdays", "every weekday", "mon-fri"]
        )
        return draw(st.sampled_from(words)), shape, 1, (), None
    if shape == "weekly":
        return ("每周" if zh else "weekly ") + _days(draw, zh, days), shape, 1, days, None
    if shape == "weeks":
        interval = draw(st.integers(2, 6))
        head = f"每{interval}周的" if zh else f"every {interval} weeks on "
        return head + _days(draw, zh, days), "every_n_weeks", interval, days, None
    if shape == "monthly":
        words = ["每月", "每个月"] if zh else ["monthly", "every month"]
        return draw(st.sampled_from(words)), shape, 1, (), None
    ordinal, day = draw(st.sampled_from([1, 2, 3, 4, -1])), days[0]
    if zh:
        text = f"每月{ZH_ORD[ordinal]}周{ZH_DAY[day]}"
    else:
        text = f"the {EN_ORD[ordinal]} {EN_DAY[day][1]} of every month"
    return text, "monthly", 1, (day,), ordinal


@st.composite
def ends(draw: st.DrawFn, start: date, zh: bool) -> tuple[str, date | None, int | None]:
    end = draw(st.sampled_from(["none", "until", "count"]))
    if end == "until":
        until = start + timedelta(days=draw(st.integers(0, 300)))
        return draw(st.sampled_from(_until_forms(until, zh))), until, None
    if end == "count":
        count = draw(st.integers(1, 60))
        forms = (
            [f"共{count}次", f"，{count}次", f" ×{count}"]
            if zh
            else [f" x{count}", f", {count} times"]
        )
        return draw(st.sampled_from(forms)), None, count
    return "", None, None


def _days(draw: st.DrawFn, zh: bool, days: tuple[int, ...]) -> str:
    if zh:
        sep = draw(st.sampled_from(["", "、", ",周"]))
        return ("周" if sep == ",周" else "") + sep.join(ZH_DAY[d] for d in days)
    names = [EN_DAY[d][int(draw(st.booleans()))] for d in days]
    return draw(st.sampled_from([", ", " ", " and "])).join(names)


def _until_forms(until: date, zh: bool) -> list[str]:
    if zh:
        return [
            f"至{until:%Y-%m-%d}",
            f"，至{until.year}年{until.month}月{until.day}日",
            f" 截至{until:%Y-%m-%d}",
        ]
    return [
        f" until {until:%Y-%m-%d}",
        f" until {until.day} {EN_MONTH[until.month - 1]} {until.year}",
    ]


@st.composite
def cases(draw: st.DrawFn) -> Case:
    near_change = st.tuples(st.sampled_from(DST_CHANGES), st.integers(0, 14))
    start_day = draw(
        st.one_of(
            st.dates(date(2024, 1, 1), date(2030, 12, 31)),
            near_change.map(lambda p: p[0] - timedelta(days=p[1])),
        )
    )
    hour = draw(st.one_of(st.integers(0, 23), st.sampled_from([1, 2])))  # 1-2 am: DST changes
    start = datetime.combine(start_day, time(hour, draw(st.sampled_from([0, 15, 30, 45]))))
    text, rule = draw(rule_texts(start_day))
    offsets = st.integers(0, 200).map(lambda n: start_day + timedelta(days=n))
    single = offsets
    ranges = st.tuples(offsets, st.integers(0, 10)).map(
        lambda p: (p[0], p[0] + timedelta(days=p[1]))
    )
    skips = draw(st.lists(st.one_of(single, ranges), max_size=4))
    return Case(text, rule, start, draw(st.sampled_from(ZONES)), tuple(skips))


def instants(case: Case, count: int) -> st.SearchStrategy[list[datetime]]:
    """``count`` sorted instants: the first near the series start, the rest within weeks."""
    first = case.start.replace(tzinfo=case.tz).astimezone(UTC)
    lead = st.integers(-60 * 24, 60 * 24 * 200)
    gap = st.builds(
        lambda days, minutes: days * 60 * 24 + minutes, st.integers(0, 90), st.integers(0, 60 * 24)
    )
    gaps = st.lists(gap, min_size=count - 1, max_size=count - 1)
    return st.tuples(lead, gaps).map(
        lambda p: [first + timedelta(minutes=p[0] + sum(p[1][:i])) for i in range(count)]
    )


def oracle(case: Case, end_utc: datetime) -> list[datetime]:
    """Every start up to end_utc, by walking days one at a time."""
    rule, first = case.rule, case.start.date()
    last_day = end_utc.astimezone(case.tz).date() + timedelta(days=2)
    found, day, seen = [], first, 0
    while day <= last_day and (rule.until is None or day <= rule.until):
        if _matches(rule, first, day):
            seen += 1
            if rule.count is not None and seen > rule.count:
                break
            if not _skipped(case.skips, day):
                found.append(datetime.combine(day, case.start.time(), case.tz).astimezone(UTC))
        day += timedelta(days=1)
    return found


def _matches(rule: RepeatRule, first: date, day: date) -> bool:
    if rule.kind == "daily":
        return True
    if rule.kind == "monthly":
        nth = (day.day - 1) // 7 + 1
        is_last = (day + timedelta(days=7)).month != day.month
        return day.weekday() == rule.weekdays[0] and (
            nth == rule.ordinal or (rule.ordinal == -1 and is_last)
        )
    weeks = (
        (day - timedelta(days=day.weekday())) - (first - timedelta(days=first.weekday()))
    ).days // 7
    return day.weekday() in rule.weekdays and weeks % rule.interval == 0


def _skipped(skips: tuple[date | tuple[date, date], ...], day: date) -> bool:
    return any(day == s if isinstance(s, date) else s[0] <= day <= s[1] for s in skips)


def run(case: Case, low: datetime, high: datetime) -> list[datetime]:
    return expand(
        case.rule,
        first_start_local=case.start,
        tz=case.tz,
        window_start_utc=low,
        window_end_utc=high,
        skip_dates=case.skips,
    )


@SETTINGS
@given(data=st.data())
def test_every_typed_rule_parses_to_what_it_says(data: st.DataObject) -> None:
    start = data.draw(st.dates(date(2024, 1, 1), date(2030, 12, 31)))
    text, rule = data.draw(rule_texts(start))
    assert parse_repeat(text, start=start) == rule
    for lang in ("en", "zh"):
        assert parse_repeat(say_rule(rule, lang), start=start) == rule


@SETTINGS
@given(case=cases(), data=st.data())
def test_expansion_is_exactly_the_rule_minus_skips_within_the_window(
    case: Case, data: st.DataObject
) -> None:
    low, high = data.draw(instants(case, 2))
    got = run(case, low, high)
    assert got == [s for s in oracle(case, high) if low <= s < high]
    assert got == sorted(set(got))


@SETTINGS
@given(case=cases(), data=st.data())
def test_local_wall_time_never_drifts(case: Case, data: st.DataObject) -> None:
    low, high = data.draw(instants(case, 2))
    for start in run(case, low, high):
        local = start.astimezone(case.tz)
        wanted = datetime.combine(local.date(), case.start.time(), case.tz)
        exists = wanted.astimezone(UTC).astimezone(case.tz).replace(tzinfo=None) == wanted.replace(
            tzinfo=None
        )
        # Only a time that does not exist that day (a spring-forward gap) may move.
        assert local.time() == case.start.time() or not exists


@SETTINGS
@given(case=cases(), data=st.data())
def test_adjacent_windows_add_up(case: Case, data: st.DataObject) -> None:
    a, b, c = data.draw(instants(case, 3))
    assert run(case, a, b) + run(case, b, c) == run(case, a, c)


@SETTINGS
@given(case=cases(), data=st.data())
def test_next_dates_are_the_head_of_the_expansion(case: Case, data: st.DataObject) -> None:
    (after,) = data.draw(instants(case, 1))
    n = data.draw(st.integers(0, 8))
    upcoming = next_dates(
        case.rule,
        first_start_local=case.start,
        tz=case.tz,
        after_utc=after,
        n=n,
        skip_dates=case.skips,
    )
    far = after + timedelta(days=3 * 365)
    assert upcoming == run(case, after + timedelta(microseconds=1), far)[:n]


@SETTINGS
@given(
    change=st.sampled_from(DST_CHANGES),
    days_before=st.integers(0, 7),
    at=st.times(time(0, 0), time(3, 45)).map(lambda t: t.replace(second=0, microsecond=0, fold=0)),
    tz=st.sampled_from(ZONES[1:4]),
    text=st.sampled_from(["daily", "每天", "工作日", "every sunday"]),
)
def test_series_across_a_clock_change_follow_local_time(
    change: date, days_before: int, at: time, tz: ZoneInfo, text: str
) -> None:
    start_day = change - timedelta(days=days_before)
    case = Case(text, parse_repeat(text, start=start_day), datetime.combine(start_day, at), tz, ())
    low = case.start.replace(tzinfo=tz).astimezone(UTC) - timedelta(days=1)
    high = low + timedelta(days=20)
    assert run(case, low, high) == [s for s in oracle(case, high) if low <= s < high]
