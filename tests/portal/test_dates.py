import datetime

import pytest
from django.utils import timezone, translation

from portal.dates import fiscal_year, fiscal_year_label, this_month, today, wareki
from portal.templatetags.portal_dates import jdate, timestamp


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (datetime.date(2019, 4, 30), "平成31年4月30日"),
        (datetime.date(2019, 5, 1), "令和元年5月1日"),
        (datetime.date(2023, 4, 1), "令和5年4月1日"),
        (datetime.date(1989, 1, 7), "昭和64年1月7日"),
    ],
)
def test_wareki_switches_era_on_the_first_day(day, text):
    assert wareki(day) == text


@pytest.mark.parametrize(
    ("day", "year"), [((2026, 3, 31), 2025), ((2026, 4, 1), 2026), ((2027, 1, 15), 2026)]
)
def test_fiscal_year_starts_in_april(day, year):
    assert fiscal_year(datetime.date(*day)) == year


def test_fiscal_year_labels():
    assert fiscal_year_label(2026) == "令和8年度"
    assert fiscal_year_label(2019) == "令和元年度"
    assert fiscal_year_label(2026, "en") == "FY2026 (Reiwa 8)"


def test_dates_show_wareki_in_japanese_and_western_in_english():
    day = datetime.date(2023, 4, 1)
    with translation.override("ja"):
        assert jdate(day) == "令和5年（2023年）4月1日"
    with translation.override("en"):
        assert jdate(day) == "1 Apr 2023 (Reiwa 5)"
    assert jdate(None) == ""


def test_datetimes_are_shown_in_japan_time():
    late_utc = datetime.datetime(2026, 3, 31, 16, 0, tzinfo=datetime.UTC)  # 2026-04-01 01:00 JST
    with translation.override("ja"):
        assert jdate(late_utc) == "令和8年（2026年）4月1日"


def test_today_is_the_date_in_japan_not_on_the_servers_utc_clock(monkeypatch):
    one_am_in_tokyo_on_1_april = datetime.datetime(2026, 3, 31, 16, 0, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: one_am_in_tokyo_on_1_april)
    assert today() == datetime.date(2026, 4, 1)
    assert this_month() == datetime.date(2026, 4, 1)
    assert fiscal_year(today()) == 2026


def test_timestamps_read_the_same_in_both_languages_in_local_time():
    moment = datetime.datetime(2026, 11, 28, 5, 7, tzinfo=datetime.UTC)
    for language in ("ja", "en"):
        with translation.override(language):
            assert timestamp(moment) == "2026-11-28 14:07"
    assert timestamp(None) == ""
