"""Which years to ask Kolada for."""
from __future__ import annotations

import datetime as dt
import re

from ..catalogue import EDITIONS

SURVEY_YEARS = tuple(EDITIONS)


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


def latest_year(kpi_row: dict | None, today: dt.date) -> int:
    """The KPI's latest published period (publ_period) when Kolada gives one, else last year."""
    p = (kpi_row or {}).get("publ_period")
    if isinstance(p, str) and re.fullmatch(r"\d{4}", p.strip()):
        return int(p)
    return today.year - 1

