"""When the occurrences of a regular shift fall, in local time and in UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from data.recurrence import RepeatRule, expand, next_dates, parse_repeat

SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def shanghai(
    rule: RepeatRule | str, first: datetime, low: datetime, high: datetime
) -> list[datetime]:
    """Expand a series whose time zone is Asia/Shanghai."""
    return expand(
        rule, first_start_local=first, tz=SHANGHAI, window_start_utc=low, window_end_utc=high
    )


def local_times(starts: list[datetime], tz: ZoneInfo) -> list[str]:
    return [s.astimezone(tz).strftime("%a %Y-%m-%d %H:%M") for s in starts]


def test_a_friday_series_in_shanghai_gives_every_friday_at_nine() -> None:
    rule = parse_repeat("每周五", start=date(2026, 12, 4))
    starts = expand(
        rule,
        first_start_local=datetime(2026, 12, 4, 9, 0),
        tz=SHANGHAI,
        window_start_utc=utc(2026, 12, 1),
        window_end_utc=utc(2026, 12, 26),
    )
    assert starts == [
        utc(2026, 12, 4, 1),
        utc(2026, 12, 11, 1),
        utc(2026, 12, 18, 1),
        utc(2026, 12, 25, 1),
    ]
    assert all(s.tzinfo is UTC for s in starts)


def test_berlin_nine_oclock_stays_nine_across_spring_forward() -> None:
    starts = expand(
        parse_repeat("daily", start=date(2027, 3, 26)),
        first_start_local=datetime(2027, 3, 26, 9, 0),
        tz=BERLIN,
        window_start_utc=utc(2027, 3, 1),
        window_end_utc=utc(2027, 3, 31),
    )
    # Clocks go forward on Sunday 28 March 2027: CET (UTC+1) becomes CEST (UTC+2).
    assert [s.hour for s in starts] == [8, 8, 7, 7, 7]
    assert {s.astimezone(BERLIN).strftime("%H:%M") for s in starts} == {"09:00"}


def test_berlin_nine_oclock_stays_nine_across_fall_back() -> None:
    starts = expand(
        parse_repeat("weekly", start=date(2027, 10, 24)),
        first_start_local=datetime(2027, 10, 24, 9, 0),
        tz=BERLIN,
        window_start_utc=utc(2027, 10, 1),
        window_end_utc=utc(2027, 11, 8),
    )
    assert starts == [utc(2027, 10, 24, 7), utc(2027, 10, 31, 8), utc(2027, 11, 7, 8)]


def test_new_york_nine_oclock_stays_nine_across_both_changes() -> None:
    rule = parse_repeat("every sunday", start=date(2027, 3, 7))
    starts = expand(
        rule,
        first_start_local=datetime(2027, 3, 7, 9, 0),
        tz=NEW_YORK,
        window_start_utc=utc(2027, 1, 1),
        window_end_utc=utc(2028, 1, 1),
    )
    assert starts[:2] == [utc(2027, 3, 7, 14), utc(2027, 3, 14, 13)]  # EST, then EDT
    assert utc(2027, 10, 31, 13) in starts and utc(2027, 11, 7, 14) in starts  # EDT, then EST
    assert {s.astimezone(NEW_YORK).strftime("%a %H:%M") for s in starts} == {"Sun 09:00"}


def test_a_time_in_the_spring_forward_gap_moves_forward_by_the_gap() -> None:
    starts = expand(
        parse_repeat("daily", start=date(2027, 3, 13)),
        first_start_local=datetime(2027, 3, 13, 2, 30),
        tz=NEW_YORK,
        window_start_utc=utc(2027, 3, 13),
        window_end_utc=utc(2027, 3, 16),
    )
    # 14 March 2027 has no 02:30 in New York: the shift is kept, at 03:30 EDT.
    assert local_times(starts, NEW_YORK) == [
        "Sat 2027-03-13 02:30",
        "Sun 2027-03-14 03:30",
        "Mon 2027-03-15 02:30",
    ]
    assert starts == [utc(2027, 3, 13, 7, 30), utc(2027, 3, 14, 7, 30), utc(2027, 3, 15, 6, 30)]


def test_a_window_opening_inside_the_moved_hour_still_holds_the_moved_shift() -> None:
    starts = expand(
        parse_repeat("daily", start=date(2027, 3, 13)),
        first_start_local=datetime(2027, 3, 13, 2, 30),
        tz=NEW_YORK,
        window_start_utc=utc(2027, 3, 14, 7, 10),  # 03:10 EDT, after the wall time 02:30
        window_end_utc=utc(2027, 3, 14, 8),
    )
    assert starts == [utc(2027, 3, 14, 7, 30)]


def test_a_time_that_happens_twice_at_fall_back_takes_the_first() -> None:
    starts = expand(
        parse_repeat("daily", start=date(2026, 10, 31)),
        first_start_local=datetime(2026, 10, 31, 1, 30),
        tz=NEW_YORK,
        window_start_utc=utc(2026, 10, 31),
        window_end_utc=utc(2026, 11, 3),
    )
    # 01:30 on 1 November 2026 happens at 05:30Z (EDT) and again at 06:30Z (EST).
    assert starts == [utc(2026, 10, 31, 5, 30), utc(2026, 11, 1, 5, 30), utc(2026, 11, 2, 6, 30)]


def test_the_window_includes_its_start_and_excludes_its_end() -> None:
    rule = parse_repeat("daily", start=date(2026, 12, 1))
    first = datetime(2026, 12, 1, 9)
    starts = shanghai(rule, first, utc(2026, 12, 2, 1), utc(2026, 12, 4, 1))
    assert starts == [utc(2026, 12, 2, 1), utc(2026, 12, 3, 1)]
    assert shanghai(rule, first, utc(2026, 12, 4, 1), utc(2026, 12, 4, 1)) == []


def test_nothing_happens_before_the_first_start() -> None:
    starts = expand(
        parse_repeat("daily", start=date(2026, 12, 5)),
        first_start_local=datetime(2026, 12, 5, 9),
        tz=SHANGHAI,
        window_start_utc=utc(2026, 11, 1),
        window_end_utc=utc(2026, 12, 7),
    )
    assert starts == [utc(2026, 12, 5, 1), utc(2026, 12, 6, 1)]


def test_weekdays_not_matching_the_start_begin_on_the_next_matching_day() -> None:
    starts = expand(
        parse_repeat("weekly mon, wed", start=date(2026, 12, 5)),  # a Saturday
        first_start_local=datetime(2026, 12, 5, 9),
        tz=SHANGHAI,
        window_start_utc=utc(2026, 12, 1),
        window_end_utc=utc(2026, 12, 10),
    )
    assert local_times(starts, SHANGHAI) == ["Mon 2026-12-07 09:00", "Wed 2026-12-09 09:00"]


def test_every_two_weeks_counts_weeks_from_the_start_week() -> None:
    starts = expand(
        parse_repeat("每两周的周一、周五", start=date(2026, 12, 7)),
        first_start_local=datetime(2026, 12, 7, 9),
        tz=SHANGHAI,
        window_start_utc=utc(2026, 12, 1),
        window_end_utc=utc(2027, 1, 1),
    )
    assert [s.astimezone(SHANGHAI).day for s in starts] == [7, 11, 21, 25]


def test_monthly_is_the_same_weekday_ordinal_every_month() -> None:
    rule = parse_repeat("monthly", start=date(2026, 12, 5))  # first Saturday
    starts = expand(
        rule,
        first_start_local=datetime(2026, 12, 5, 8, 30),
        tz=SHANGHAI,
        window_start_utc=utc(2026, 12, 1),
        window_end_utc=utc(2027, 4, 1),
    )
    assert local_times(starts, SHANGHAI) == [
        "Sat 2026-12-05 08:30",
        "Sat 2027-01-02 08:30",
        "Sat 2027-02-06 08:30",
        "Sat 2027-03-06 08:30",
    ]


def test_last_weekday_of_the_month_falls_in_the_fourth_week_when_there_is_no_fifth() -> None:
    rule = parse_repeat("每月", start=date(2027, 1, 30))  # 5th (last) Saturday
    starts = expand(
        rule,
        first_start_local=datetime(2027, 1, 30, 9),
        tz=SHANGHAI,
        window_start_utc=utc(2027, 1, 1),
        window_end_utc=utc(2027, 4, 1),
    )
    assert [s.astimezone(SHANGHAI).date() for s in starts] == [
        date(2027, 1, 30),
        date(2027, 2, 27),
        date(2027, 3, 27),
    ]


def test_the_end_date_is_the_last_local_day_even_for_an_evening_shift() -> None:
    starts = expand(
        parse_repeat("daily until 2027-03-31", start=date(2027, 3, 29)),
        first_start_local=datetime(2027, 3, 29, 20, 0),
        tz=NEW_YORK,
        window_start_utc=utc(2027, 3, 1),
        window_end_utc=utc(2027, 5, 1),
    )
    # 20:00 EDT on 31 March is 00:00Z on 1 April: still in, because 31 March is local.
    assert local_times(starts, NEW_YORK)[-1] == "Wed 2027-03-31 20:00"
    assert len(starts) == 3


def test_count_is_counted_from_the_series_start_not_the_window() -> None:
    rule = parse_repeat("weekly x4", start=date(2026, 12, 4))
    later = shanghai(rule, datetime(2026, 12, 4, 9), utc(2026, 12, 15), utc(2027, 6, 1))
    assert later == [utc(2026, 12, 18, 1), utc(2026, 12, 25, 1)]


def test_skipped_dates_and_ranges_are_left_out() -> None:
    starts = expand(
        parse_repeat("daily", start=date(2027, 1, 28)),
        first_start_local=datetime(2027, 1, 28, 9),
        tz=SHANGHAI,
        window_start_utc=utc(2027, 1, 1),
        window_end_utc=utc(2027, 2, 10),
        skip_dates=[date(2027, 1, 29), (date(2027, 2, 5), date(2027, 2, 8))],  # Spring Festival
    )
    assert [s.astimezone(SHANGHAI).day for s in starts] == [28, 30, 31, 1, 2, 3, 4, 9]


def test_a_skipped_holiday_uses_up_its_place_in_a_counted_series() -> None:
    starts = expand(
        parse_repeat("每周五共4次", start=date(2026, 12, 4)),
        first_start_local=datetime(2026, 12, 4, 9),
        tz=SHANGHAI,
        window_start_utc=utc(2026, 12, 1),
        window_end_utc=utc(2027, 3, 1),
        skip_dates=[date(2026, 12, 25)],
    )
    assert [s.astimezone(SHANGHAI).day for s in starts] == [4, 11, 18]


def test_stored_rrule_text_expands_like_the_rule_including_a_utc_until() -> None:
    rule = parse_repeat("weekly mon,wed,fri until 2027-03-31", start=date(2027, 3, 1))
    window = (datetime(2027, 3, 1, 9), utc(2027, 1, 1), utc(2028, 1, 1))
    from_text = shanghai("FREQ=WEEKLY;BYDAY=MO,WE,FR;UNTIL=20270331T235959Z", *window)
    assert from_text == shanghai(rule, *window) == shanghai(rule.rrule, *window)
    assert local_times(from_text, SHANGHAI)[-1] == "Wed 2027-03-31 09:00"


def test_next_dates_lists_the_coming_occurrences_strictly_after_now() -> None:
    rule = parse_repeat("每周一三五", start=date(2026, 12, 7))
    upcoming = next_dates(
        rule,
        first_start_local=datetime(2026, 12, 7, 9),
        tz=SHANGHAI,
        after_utc=utc(2026, 12, 9, 1),  # exactly Wednesday 09:00 local: not "next"
        n=3,
    )
    assert local_times(upcoming, SHANGHAI) == [
        "Fri 2026-12-11 09:00",
        "Mon 2026-12-14 09:00",
        "Wed 2026-12-16 09:00",
    ]


def test_next_dates_stops_at_the_end_of_the_series_and_honours_skips() -> None:
    rule = parse_repeat("weekly x3", start=date(2026, 12, 4))
    upcoming = next_dates(
        rule,
        first_start_local=datetime(2026, 12, 4, 9),
        tz=SHANGHAI,
        after_utc=utc(2026, 1, 1),
        n=10,
        skip_dates=[date(2026, 12, 11)],
    )
    assert upcoming == [utc(2026, 12, 4, 1), utc(2026, 12, 18, 1)]
    assert (
        next_dates(
            rule,
            first_start_local=datetime(2026, 12, 4, 9),
            tz=SHANGHAI,
            after_utc=utc(2026, 1, 1),
            n=0,
        )
        == []
    )


def test_naive_windows_and_aware_first_starts_are_programming_errors() -> None:
    rule = parse_repeat("daily", start=date(2026, 12, 1))
    with pytest.raises(ValueError, match="aware"):
        expand(
            rule,
            first_start_local=datetime(2026, 12, 1, 9),
            tz=SHANGHAI,
            window_start_utc=datetime(2026, 12, 1),
            window_end_utc=utc(2026, 12, 2),
        )
    with pytest.raises(ValueError, match="naive"):
        expand(
            rule,
            first_start_local=utc(2026, 12, 1, 9),
            tz=SHANGHAI,
            window_start_utc=utc(2026, 12, 1),
            window_end_utc=utc(2026, 12, 2),
        )
