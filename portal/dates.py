"""Japanese calendar helpers: 和暦 (era dates) and fiscal years (年度, April to March)."""

from __future__ import annotations

import datetime

from django.utils import timezone

# (first day, era name in Japanese, era name in English). 令和 began 2019-05-01, 平成 1989-01-08.
ERAS = [
    (datetime.date(2019, 5, 1), "令和", "Reiwa"),
    (datetime.date(1989, 1, 8), "平成", "Heisei"),
    (datetime.date(1926, 12, 25), "昭和", "Showa"),
]


def today() -> datetime.date:
    """Today in Japan (JST). The server's clock runs in UTC: date.today() is yesterday until 09:00."""
    return timezone.localdate()


def this_month() -> datetime.date:
    """The first day of the current month in Japan."""
    return today().replace(day=1)


def era_year(day: datetime.date) -> tuple[str, str, int]:
    """(Japanese era name, English era name, year within the era) of a date."""
    for start, name, name_en in ERAS:
        if day >= start:
            return name, name_en, day.year - start.year + 1
    raise ValueError(f"{day} is before the Showa era")


def wareki(day: datetime.date) -> str:
    """令和5年4月1日 (元年 for the first year of an era)."""
    name, _en, year = era_year(day)
    return f"{name}{'元' if year == 1 else year}年{day.month}月{day.day}日"


def fiscal_year(day: datetime.date) -> int:
    """The fiscal year (年度) a date falls in: 2026-03-31 is FY2025, 2026-04-01 is FY2026."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_label(year: int, language: str = "ja") -> str:
    """令和8年度 / FY2026 (Reiwa 8), named by the era in force at its end (FY2019 is 令和元年度)."""
    end = datetime.date(year + 1, 3, 31)
    start, name, name_en = next(era for era in ERAS if end >= era[0])
    era = year - start.year + 1
    if language == "ja":
        return f"{name}{'元' if era == 1 else era}年度"
    return f"FY{year} ({name_en} {era})"
