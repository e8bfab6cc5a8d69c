"""What a coordinator may type as the repeat rule of a regular shift (常态化岗位)."""

from __future__ import annotations

from datetime import date

import pytest

from data.recurrence import MAX_COUNT, RepeatError, build_rule, parse_repeat, rule_from_rrule

SAT_5_DEC = date(2026, 12, 5)  # the first Saturday of December 2026
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


@pytest.mark.parametrize(
    ("text", "kind", "interval", "weekdays", "rrule"),
    [
        ("daily", "daily", 1, (), "FREQ=DAILY"),
        ("Every day", "daily", 1, (), "FREQ=DAILY"),
        ("每天", "daily", 1, (), "FREQ=DAILY"),
        ("weekdays", "weekdays", 1, (MON, TUE, WED, THU, FRI), "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
        ("every weekday", "weekdays", 1, (0, 1, 2, 3, 4), "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
        ("工作日", "weekdays", 1, (0, 1, 2, 3, 4), "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
        ("每个工作日", "weekdays", 1, (0, 1, 2, 3, 4), "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
        ("mon-fri", "weekdays", 1, (0, 1, 2, 3, 4), "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
        ("每周一至周五", "weekdays", 1, (0, 1, 2, 3, 4), "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
        ("weekly", "weekly", 1, (SAT,), "FREQ=WEEKLY;BYDAY=SA"),
        ("WEEKLY", "weekly", 1, (SAT,), "FREQ=WEEKLY;BYDAY=SA"),
        ("每周", "weekly", 1, (SAT,), "FREQ=WEEKLY;BYDAY=SA"),
        ("every friday", "weekly", 1, (FRI,), "FREQ=WEEKLY;BYDAY=FR"),
        ("fridays", "weekly", 1, (FRI,), "FREQ=WEEKLY;BYDAY=FR"),
        ("每周五", "weekly", 1, (FRI,), "FREQ=WEEKLY;BYDAY=FR"),
        ("每星期天", "weekly", 1, (SUN,), "FREQ=WEEKLY;BYDAY=SU"),
        ("every 2 weeks", "biweekly", 2, (SAT,), "FREQ=WEEKLY;INTERVAL=2;WKST=MO;BYDAY=SA"),
        ("biweekly", "biweekly", 2, (SAT,), "FREQ=WEEKLY;INTERVAL=2;WKST=MO;BYDAY=SA"),
        ("every other week", "biweekly", 2, (SAT,), "FREQ=WEEKLY;INTERVAL=2;WKST=MO;BYDAY=SA"),
        ("每两周", "biweekly", 2, (SAT,), "FREQ=WEEKLY;INTERVAL=2;WKST=MO;BYDAY=SA"),
        ("每2周", "biweekly", 2, (SAT,), "FREQ=WEEKLY;INTERVAL=2;WKST=MO;BYDAY=SA"),
        ("every 3 weeks", "every_n_weeks", 3, (SAT,), "FREQ=WEEKLY;INTERVAL=3;WKST=MO;BYDAY=SA"),
        (
            "every three weeks",
            "every_n_weeks",
            3,
            (SAT,),
            "FREQ=WEEKLY;INTERVAL=3;WKST=MO;BYDAY=SA",
        ),
        ("每三周", "every_n_weeks", 3, (SAT,), "FREQ=WEEKLY;INTERVAL=3;WKST=MO;BYDAY=SA"),
        ("weekly mon,wed,fri", "weekly_days", 1, (MON, WED, FRI), "FREQ=WEEKLY;BYDAY=MO,WE,FR"),
        ("weekly mon wed fri", "weekly_days", 1, (MON, WED, FRI), "FREQ=WEEKLY;BYDAY=MO,WE,FR"),
        ("Weekly on Monday and Thursday", "weekly_days", 1, (MON, THU), "FREQ=WEEKLY;BYDAY=MO,TH"),
        ("每周一三五", "weekly_days", 1, (MON, WED, FRI), "FREQ=WEEKLY;BYDAY=MO,WE,FR"),
        ("每周一、三、五", "weekly_days", 1, (MON, WED, FRI), "FREQ=WEEKLY;BYDAY=MO,WE,FR"),
        ("每周一,周三", "weekly_days", 1, (MON, WED), "FREQ=WEEKLY;BYDAY=MO,WE"),
        ("每周一，周三", "weekly_days", 1, (MON, WED), "FREQ=WEEKLY;BYDAY=MO,WE"),
        ("每周末", "weekly_days", 1, (SAT, SUN), "FREQ=WEEKLY;BYDAY=SA,SU"),
        (
            "every 2 weeks mon, thu",
            "biweekly",
            2,
            (MON, THU),
            "FREQ=WEEKLY;INTERVAL=2;WKST=MO;BYDAY=MO,TH",
        ),
        (
            "每两周的周一、四",
            "biweekly",
            2,
            (MON, THU),
            "FREQ=WEEKLY;INTERVAL=2;WKST=MO;BYDAY=MO,TH",
        ),
    ],
)
def test_it_reads_every_accepted_pattern(
    text: str, kind: str, interval: int, weekdays: tuple[int, ...], rrule: str
) -> None:
    rule = parse_repeat(text, start=SAT_5_DEC)
    assert (rule.kind, rule.interval, rule.weekdays, rule.rrule) == (
        kind,
        interval,
        weekdays,
        rrule,
    )
    assert (rule.until, rule.count, rule.ordinal) == (None, None, None)


@pytest.mark.parametrize("text", ["monthly", "每月", "every month", "每个月"])
def test_monthly_takes_the_weekday_ordinal_of_the_start(text: str) -> None:
    rule = parse_repeat(text, start=SAT_5_DEC)
    assert (rule.kind, rule.weekdays, rule.ordinal) == ("monthly", (SAT,), 1)
    assert rule.rrule == "FREQ=MONTHLY;BYDAY=1SA"


@pytest.mark.parametrize(
    ("start", "ordinal"),
    [
        (date(2026, 12, 12), 2),
        (date(2026, 12, 19), 3),
        (date(2026, 12, 26), 4),  # the 4th Saturday is also the last, but stays "4th"
        (date(2027, 1, 30), -1),  # the 5th Saturday of January 2027: "the last Saturday"
        (date(2026, 12, 31), -1),
    ],
)
def test_monthly_start_in_the_fifth_week_means_the_last_weekday(start: date, ordinal: int) -> None:
    assert parse_repeat("monthly", start=start).ordinal == ordinal


@pytest.mark.parametrize(
    ("text", "ordinal", "weekday"),
    [
        ("the last saturday of every month", -1, SAT),
        ("first Friday of each month", 1, FRI),
        ("monthly on the second wednesday", 2, WED),
        ("每月第二个周三", 2, WED),
        ("每月最后一个周六", -1, SAT),
        ("每个月的第三个星期五", 3, FRI),
    ],
)
def test_monthly_may_name_its_weekday_and_ordinal(text: str, ordinal: int, weekday: int) -> None:
    rule = parse_repeat(text, start=SAT_5_DEC)
    assert (rule.kind, rule.ordinal, rule.weekdays) == ("monthly", ordinal, (weekday,))


@pytest.mark.parametrize(
    "text",
    [
        "weekly until 2027-03-31",
        "weekly until 2027/3/31",
        "weekly until 31 Mar 2027",
        "weekly until March 31, 2027",
        "weekly till 20270331",
        "每周至2027-03-31",
        "每周 到 2027-03-31",
        "每周截至2027-03-31",
        "每周，截止2027年3月31日",
        "每周 至2027年3月31日止",
        "每周至3月31日",  # no year: the next 31 March after the start
        "ＷＥＥＫＬＹ ＵＮＴＩＬ ２０２７－０３－３１",  # full-width input
    ],
)
def test_it_reads_an_end_date(text: str) -> None:
    rule = parse_repeat(text, start=SAT_5_DEC)
    assert rule.until == date(2027, 3, 31)
    assert rule.rrule == "FREQ=WEEKLY;BYDAY=SA;UNTIL=20270331T235959"


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("weekly x10", 10),
        ("weekly X 10", 10),
        ("weekly ×10", 10),
        ("weekly, 10 times", 10),
        ("每周10次", 10),
        ("每周共10次", 10),
        ("每周五，共十次", 10),
        ("每周五三次", 3),  # 三 before 次 is a count, not Wednesday
        ("weekly, once", 1),
        (f"daily x{MAX_COUNT}", MAX_COUNT),
    ],
)
def test_it_reads_a_number_of_occurrences(text: str, count: int) -> None:
    rule = parse_repeat(text, start=SAT_5_DEC)
    assert rule.count == count
    assert rule.rrule.endswith(f";COUNT={count}")


def test_an_end_date_on_the_start_day_is_allowed() -> None:
    assert parse_repeat("daily until 2026-12-05", start=SAT_5_DEC).until == SAT_5_DEC


@pytest.mark.parametrize(
    ("text", "code", "detail"),
    [
        ("", "empty", ""),
        ("  \n ", "empty", ""),
        ("weekly wensday", "bad_weekday", "wensday"),
        ("weekly mon, fryday", "bad_weekday", "fryday"),
        ("every wensday", "bad_weekday", "wensday"),
        ("monthly on the first wensday", "bad_weekday", "wensday"),
        ("每周八", "bad_weekday", "八"),
        ("星期八", "bad_weekday", "星期八"),
        ("weekly banana", "unknown_words", "banana"),
        ("hourly", "unknown_words", "hourly"),
        ("daily mon", "unknown_words", "mon"),
        ("every few weeks", "unknown_words", "few"),
        ("每周五下午", "unknown_words", "下午"),
        ("weekly until 2026-12-04", "until_before_start", "2026-12-04"),
        ("weekly x0", "count_zero", "0"),
        ("每周0次", "count_zero", "0"),
        (f"weekly x{MAX_COUNT + 1}", "count_too_large", str(MAX_COUNT + 1)),
        ("weekly until 2027-02-30", "bad_until_date", "2027-02-30"),
        ("每周至2027年13月1日", "bad_until_date", "2027年13月1日"),
        ("weekly until tomorrow", "bad_until_date", "tomorrow"),
        ("weekly until", "bad_until_date", "until"),
        ("weekly x10 until 2027-01-01", "until_and_count", "until"),
        ("每周至2027-01-01共5次", "until_and_count", "共5次"),
        ("every 0 weeks", "bad_interval", "0"),
        ("every 53 weeks", "bad_interval", "53"),
    ],
)
def test_it_refuses_what_it_cannot_use_and_quotes_the_culprit(
    text: str, code: str, detail: str
) -> None:
    with pytest.raises(RepeatError) as refused:
        parse_repeat(text, start=SAT_5_DEC)
    assert (refused.value.code, refused.value.detail) == (code, detail)


def test_a_repeat_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="bad_weekday"):
        parse_repeat("weekly wensday", start=SAT_5_DEC)


@pytest.mark.parametrize(
    "rrule",
    [
        "FREQ=DAILY",
        "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;COUNT=20",
        "FREQ=WEEKLY;INTERVAL=2;WKST=MO;BYDAY=FR;UNTIL=20270331T235959",
        "FREQ=MONTHLY;BYDAY=-1SA",
        "FREQ=WEEKLY;INTERVAL=5;WKST=MO;BYDAY=MO,SU",
    ],
)
def test_stored_rrule_text_reads_back_to_the_same_rule(rrule: str) -> None:
    assert rule_from_rrule(rrule).rrule == rrule


def test_stored_text_with_a_utc_until_means_that_local_date() -> None:
    rule = rule_from_rrule("FREQ=WEEKLY;BYDAY=MO,WE,FR;UNTIL=20270331T235959Z")
    assert (rule.kind, rule.until) == ("weekly_days", date(2027, 3, 31))


@pytest.mark.parametrize(
    "rrule",
    [
        "FREQ=HOURLY",
        "FREQ=MONTHLY;BYMONTHDAY=5",
        "FREQ=WEEKLY",
        "nonsense",
        "FREQ=DAILY;X=1",
        "FREQ=DAILY;COUNT=3;UNTIL=20270101",
    ],
)
def test_rrule_text_outside_our_grammar_is_refused(rrule: str) -> None:
    with pytest.raises(ValueError):
        rule_from_rrule(rrule)


def test_a_rule_can_be_built_from_buttons_without_text() -> None:
    rule = build_rule("weekly_days", start=SAT_5_DEC, weekdays=[FRI, MON], count=8)
    assert rule == parse_repeat("weekly mon, fri x8", start=SAT_5_DEC)
    with pytest.raises(RepeatError) as refused:
        build_rule("weekly", start=SAT_5_DEC, until=date(2026, 1, 1))
    assert refused.value.code == "until_before_start"


@pytest.mark.parametrize(
    ("text", "count"),
    [("每周五共4次", 4), ("每周五一共4次", 4), ("每周五 三次", 3), ("每周五、一共4次", 4)],
)
def test_chinese_counts_right_after_a_weekday_are_not_weekdays(text: str, count: int) -> None:
    rule = parse_repeat(text, start=SAT_5_DEC)
    assert (rule.weekdays, rule.count) == ((FRI,), count)


def test_the_first_day_after_every_week_is_a_weekday_even_before_in_all() -> None:
    rule = parse_repeat("每周一共4次", start=SAT_5_DEC)  # every Monday, 4 times in all
    assert (rule.weekdays, rule.count) == ((MON,), 4)
