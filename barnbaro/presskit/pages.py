"""The HTML pages, from the Jinja2 templates in templates/ with autoescape on: every value is
escaped where it is written; nothing is marked safe (the images are files, referenced by
<img>). The texts are the explorer's: the profile's status line, sentences and table
(barnbaro.explore.views), the ranking's caption and published figures, the source line."""

from __future__ import annotations

import functools
import time
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..core.i18n import sv_key, t
from ..core.validate import STATUSES
from ..explore import views
from ..explore.urlstate import DEFAULT_INDICATOR
from .municipality import Image, trend_cells
from .numbers import Kit, latest_asked

TEMPLATES = Path(__file__).parent / "templates"
OTHER_IMAGES = ("profil", "utveckling", "karta")  # every other image belongs to the ranking section


@functools.cache
def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _render(name: str, kit: Kit, **values) -> str:
    lang = kit.lang
    return (
        environment()
        .get_template(name)
        .render(
            lang=lang,
            t=lambda key, **kw: t(key, lang, **kw),
            is_sample=kit.is_sample,
            seed=kit.seed,
            sample_short=kit.sample_short,
            sample_label=kit.sample_label,
            source=kit.source(kit.edition),
            date=time.strftime("%Y-%m-%d"),
            **values,
        )
    )


def _figure(stem: str, image: Image, png: set, link: str = "") -> dict:
    return {
        "stem": stem,
        "id": image.anchor or stem,
        "alt": image.alt,
        "width": image.width,
        "height": image.height,
        "png": stem in png,
        "heading": image.heading,
        "line": image.line,
        "caption": image.caption,
        "notes": image.notes,
        "link": link or image.link,
    }


def numbers_table(kit: Kit, code: str) -> dict:
    """The profile table of the app (views.profile_table_row) with the desired-answer shares
    of riket and the county (views.profile_refs_row)."""
    lang = kit.lang
    keep = (t("col_riket", lang), t("col_lan_desired", lang))
    rows = []
    for r in kit.rows[code]:
        refs = views.profile_refs_row(r, lang)
        rows.append({**views.profile_table_row(r, lang), **{k: refs[k] for k in keep}})
    return {"columns": list(rows[0]) if rows else [], "rows": [list(r.values()) for r in rows]}


def municipality_html(kit: Kit, code: str, images: dict[str, Image], png: set) -> str:
    """The page of one municipality; `images` are those written beside it (stem -> Image),
    `png` the stems that also have a PNG."""
    lang, e, name = kit.lang, kit.edition, kit.names[code]
    first = kit.inds[0].id if kit.inds else DEFAULT_INDICATOR
    answered = kit.status[code] != "none"
    rows = kit.rows[code] if answered else []
    profile = [_figure(stem, img, png) for stem, img in images.items() if stem not in OTHER_IMAGES]
    trend_rows = [
        {
            "indicator": ind.short_for(lang),
            "cells": [label or "–" for _, label in cells],
            "link": kit.link("utveckling", code, ind.id, latest_asked(ind, e)),
        }
        for ind, cells in zip(kit.trend_inds, trend_cells(kit, code))
    ]
    sentences = views.profile_sentences(rows, name, kit.lan[code][1], lang) if answered else []
    return _render(
        "municipality.html",
        kit,
        title=t("presskit_title", lang, kommun=name, edition=e),
        edition=e,
        status=kit.status_sentence(code),
        profile_link=kit.link("kommunprofil", code, first, e),
        sentences=sentences,
        table=numbers_table(kit, code) if answered else None,
        lan=kit.lan[code][1],
        profile=profile,
        overview=_figure("profil", images["profil"], png),
        trend=_figure("utveckling", images["utveckling"], png, kit.link("utveckling", code, first, e)),
        trend_editions=kit.trend_eds,
        trend_rows=trend_rows,
        map=_figure("karta", images["karta"], png, kit.link("karta", code, first, e)),
    )


def index_html(kit: Kit, folders: dict, csv_name: str) -> str:
    lang, e = kit.lang, kit.edition
    first = kit.inds[0].id if kit.inds else DEFAULT_INDICATOR
    n = {s: sum(1 for c in kit.codes if kit.status[c] == s) for s in STATUSES}
    columns = [t("col_kommun", lang), t("col_lan", lang), t("presskit_col_status", lang, edition=e)] + [
        i.short_for(lang) for i in kit.inds
    ]
    rows = []
    for c in sorted(kit.codes, key=lambda c: sv_key(kit.names[c])):
        answered = kit.status[c] != "none"
        rows.append(
            {
                "folder": folders[c],
                "name": kit.names[c],
                "lan": kit.lan[c][1],
                "status": t(f"presskit_status_{kit.status[c]}", lang),
                "answers": [
                    (views.profile_table_row(r, lang)[t("col_answer", lang)] if answered else "–") for r in kit.rows[c]
                ],
            }
        )
    return _render(
        "index.html",
        kit,
        title=t("presskit_index_title", lang, edition=e),
        edition=e,
        n=len(kit.codes),
        counts=n,
        app_link=kit.link("oversikt", None, first, e),
        csv_name=csv_name,
        columns=columns,
        rows=rows,
    )
