"""One municipality's images: the templates filled with its name, its answers and its lines.

`profile_image` makes the app's profile chart (every question in one image), `profile_images`
the images of the profile section (one ranking chart per question of the edition);
`trend_image` and `map_image` make the others."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.i18n import t
from ..explore.urlstate import DEFAULT_INDICATOR
from ..render import charts
from .numbers import Kit, name_key
from .specs import CELL_COLOURS, profile_key
from .svg import MapTemplate, Template, cell_text, ink


@dataclass(frozen=True)
class Image:
    """An image of the page: its SVG, text alternative and size, and what the page writes
    with it (a heading, a line in bold, a caption, notes as a list, the view in the app)."""

    svg: str
    alt: str
    width: int
    height: int
    heading: str = ""
    line: str = ""
    caption: str = ""
    notes: tuple[str, ...] = ()
    link: str = ""
    anchor: str = ""  # the figure's id on the page (its stem when empty)


def profile_image(kit: Kit, code: str, templates: dict[str, Template]) -> Image:
    """The app's profile chart (charts.profile_chart): a row per question with the
    municipality's answer named, riket and the county as dots. Also for a municipality that
    did not answer the edition (its rows then say so)."""
    lang, name = kit.lang, kit.names[code]
    tp = templates[profile_key(kit.lan[code][0])]
    answered = kit.status[code] != "none"
    texts = {
        "TITLE": t("profile_chart_title", lang, kommun=name, edition=kit.edition),
        "STATUS": kit.status_sentence(code),
        "DESC": charts.profile_chart(kit.rows[code], name, kit.lan[code][1], None, lang)["description"],
    }
    colours = {}
    for i, (mine, good) in enumerate(charts.profile_labels(kit.rows[code], name, lang)):
        texts[f"M{i}"] = mine if answered else t("profile_mine_none", lang, kommun=name)
        colours[f"#01{i:04x}"] = charts.MINE_DESIRED_COLOUR if good and answered else "#333333"
    alt = t("presskit_profile_alt", lang, kommun=name, edition=kit.edition, lan=kit.lan[code][1])
    first = kit.inds[0].id if kit.inds else DEFAULT_INDICATOR
    return Image(
        tp.fill(texts, colours),
        alt,
        tp.width,
        tp.height,
        caption=t("profile_chart_caption_lan", lang),
        link=kit.link("kommunprofil", code, first, kit.edition),
        anchor="profil",
    )


def profile_images(kit: Kit, code: str, templates: dict[str, Template]) -> dict[str, Image]:
    """stem -> image of the profile section: the app's ranking chart of each question with
    this municipality's answer outlined and named, and its position line; nothing for a
    municipality that did not answer the edition. The page shows them in this order, each
    with its position line, the ranking's caption and published figures."""
    if kit.status[code] == "none":
        return {}
    out = {}
    lang, name = kit.lang, kit.names[code]
    for r in kit.rows[code]:
        ind = r.indicator
        tp = templates[ind.id]
        texts = {
            "TITLE": t("presskit_rank_title", lang, kommun=name, indicator=ind.short_for(lang), edition=kit.edition),
            "STATUS": kit.position_line(code, r),
        }
        colours = {}
        for j, a in enumerate(ind.answer_ids):
            mine = a == r.answer
            texts[name_key(j)] = name if mine else ""
            colours[f"#01{j:04x}"] = "#000000" if mine else "none"
        alt = f"{texts['TITLE']}. {texts['STATUS']}. {kit.dist_text[ind.id]}"
        view = kit.rankings[ind.id]
        out[f"rangordning-{ind.id}"] = Image(
            tp.fill(texts, colours),
            alt,
            tp.width,
            tp.height,
            heading=ind.title_for(lang),
            line=texts["STATUS"],
            caption=view.caption,
            notes=tuple(view.published_lines),
            link=kit.link("rangordning", code, ind.id, kit.edition),
            anchor=ind.id,
        )
    return out


def cell_kind(ind, answer: str | None, edition: int) -> str:
    """What a trend-grid cell shows: the desired answer, another, the one furthest from it,
    don't know, no answer, or a question that edition did not ask."""
    if edition not in ind.editions:
        return "not_asked"
    if answer is None:
        return "none"
    if answer == ind.dont_know:
        return "dont_know"
    if answer in ind.desired:
        return "desired"
    return "worst" if answer == ind.ranked_answers[-1] else "middle"


def trend_cells(kit: Kit, code: str) -> list[list[tuple[str, str]]]:
    """Per trend indicator, per edition of the grid: (kind, label); the label is '' where the
    question was not asked."""
    out = []
    for ind in kit.trend_inds:
        row = []
        for e in kit.trend_eds:
            answer, label = kit.trend.get((code, ind.id, e), (None, ""))
            kind = cell_kind(ind, answer, e)
            row.append((kind, "" if kind == "not_asked" else label))
        out.append(row)
    return out


def trend_image(kit: Kit, code: str, template: Template) -> Image:
    lang, name, eds = kit.lang, kit.names[code], kit.trend_eds
    texts = {
        "TITLE": t(
            "presskit_trend_title", lang, kommun=name, editions=f"{eds[0]}–{eds[-1]}" if len(eds) > 1 else eds[0]
        ),
        "STATUS": kit.status_sentence(code),
    }
    colours = {}
    cells = [c for row in trend_cells(kit, code) for c in row]
    for i, (kind, label) in enumerate(cells):
        texts[f"C{i}"] = cell_text(label)
        colours[f"#01{i:04x}"] = CELL_COLOURS[kind]
        colours[f"#02{i:04x}"] = ink(CELL_COLOURS[kind])
    return Image(
        template.fill(texts, colours), t("presskit_trend_alt", lang, kommun=name), template.width, template.height
    )


def map_image(kit: Kit, code: str, template: MapTemplate) -> Image:
    lang, name = kit.lang, kit.names[code]
    status = kit.status_sentence(code)
    svg = template.fill(
        code, {"TITLE": t("presskit_map_title", lang, kommun=name, lan=kit.lan[code][1]), "STATUS": status}
    )
    alt = t(
        "presskit_map_alt",
        lang,
        kommun=name,
        status=status,
        edition=kit.edition,
        all=kit.counts["all"],
        part=kit.counts["part"],
        none=kit.counts["none"],
    )
    return Image(svg, alt, template.width, template.height)


def municipality_images(
    kit: Kit, code: str, templates: dict[str, Template], map_template: MapTemplate
) -> dict[str, Image]:
    """stem -> image, in the order of the page."""
    return {
        "profil": profile_image(kit, code, templates),
        **profile_images(kit, code, templates),
        "utveckling": trend_image(kit, code, templates["__trend__"]),
        "karta": map_image(kit, code, map_template),
    }
