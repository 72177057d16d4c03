"""Which years to ask Kolada for, and which year a key figure's latest published one is.

Kolada's `publ_period` and `publication_date` describe the *next scheduled* publication: on
2026-03-23 N01951 had publ_period 2026 with publication_date 2027-02-24, so its latest published
year was 2025. Once the date has passed, publ_period itself is published. Some key figures
(U33401) have neither; for them a window of recent years is asked for and what has values kept.
"""

from __future__ import annotations

import datetime as dt
import re

from ..core.catalogue import EDITIONS

SURVEY_YEARS = tuple(EDITIONS)
FIRST_YEAR = min(SURVEY_YEARS)


def parse_years(text: str) -> list[int]:
    """'2013-2018', '2023,2024' or both ('2013-2018,2024') -> sorted distinct years."""
    years: set[int] = set()
    for part in re.split(r"[,\s]+", text.strip()):
        if not part:
            continue
        m = re.fullmatch(r"(\d{4})(?:-(\d{4}))?", part)
        if not m:
            raise ValueError(f"{part!r} är inte ett år eller ett intervall som 2013-2018")
        a, b = int(m[1]), int(m[2] or m[1])
        if a > b:
            raise ValueError(f"intervallet {part!r} går baklänges")
        if a < 1990 or b > 2100:
            raise ValueError(f"{part!r} ligger utanför 1990–2100")
        years.update(range(a, b + 1))
    if not years:
        raise ValueError("inga år angivna")
    return sorted(years)


def _year(value) -> int | None:
    if value is None:
        return None
    text = str(value).strip()
    return int(text) if re.fullmatch(r"\d{4}", text) else None


def _date(value) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def latest_published(kpi_row: dict | None, today: dt.date) -> int | None:
    """The latest year Kolada should have published for the key figure on `today`, from its
    publ_period and publication_date: publ_period once the date has passed, the year before
    until then; publ_period alone when no date is given; None when neither is given."""
    row = kpi_row or {}
    period, date = _year(row.get("publ_period")), _date(row.get("publication_date"))
    if period is None:
        return None
    if date is None or today >= date:
        return period
    return period - 1


def years_to_fetch(kpi_row: dict | None, today: dt.date) -> list[int]:
    """Every year from the survey's first edition to the latest published one; without a
    publication period, to this year (a window; the years without values are simply empty).
    When the publication date has passed, the years after publ_period up to this year are asked
    for too, in case the metadata lags behind the values."""
    latest = latest_published(kpi_row, today)
    date = _date((kpi_row or {}).get("publication_date"))
    last = today.year if latest is None or (date is not None and today >= date) else latest
    last = max(last, latest or last, max(SURVEY_YEARS))
    return list(range(FIRST_YEAR, last + 1))


def latest_year(kpi_row: dict | None, today: dt.date) -> int:
    """The latest year expected to be published (latest_published), or last year without one."""
    y = latest_published(kpi_row, today)
    return y if y is not None else today.year - 1
