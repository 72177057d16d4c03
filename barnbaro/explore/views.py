"""What each page shows, computed without Streamlit: titles, charts, tables and sentences for
a view state. Pages render these; tests read them directly."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from ..core.catalogue import Catalogue, Indicator
from ..core.data import CleanData
from ..core.i18n import fmt_pct, md_escape, sv_key, t
from ..render import charts
from . import analysis as A
from .urlstate import MAX_KOMMUNER, ViewState


def chart_size(state: ViewState) -> str:
    return {"present": "large", "embed": "compact"}.get(state.lage, "normal")


def _lan_of(data: CleanData, code: str) -> tuple[str, str]:
    m = data.municipalities
    row = m[m["kommun_kod"] == code].iloc[0]
    return str(row["lan_kod"]), str(row["lan"])


def peer_description(state: ViewState, data: CleanData, peers: list[str]) -> str:
    if state.jamfor != "egen" and not state.focus:
        return t("peer_none_selected", state.lang)
    kind = t(f"peer_{state.jamfor}", state.lang)
    kind = kind if state.jamfor in ("skr", "rka") else kind.lower()
    kommun = data.names.get(state.focus, "") if state.focus else "–"
    return t("peer_described", state.lang, kind=kind, kommun=kommun, n=len(peers))


# ---------------------------------------------------------------- ranking


@dataclass
class RankingView:
    title: str
    caption: str
    chart: dict  # Vega-Lite spec
    make_table: Callable[[], pd.DataFrame]
    selected_lines: list[str]
    published_lines: list[str]
    non_respondents: list[str]
    scope_note: str = ""
    published_marks: pd.DataFrame = field(default_factory=pd.DataFrame)  # the diamonds: label, share_published, text

    @cached_property
    def table(self) -> pd.DataFrame:
        """The ranked list, made when first asked for: the page shows it only in an open
        expander, and a row-by-row position text costs more than the rest of the view."""
        return self.make_table()


def scope_codes(state: ViewState, data: CleanData, peers: list[str]) -> tuple[list[str] | None, str]:
    """Which municipalities a ranking or map shows: None = all; with the scope's label."""
    if state.urval == "lan" and state.focus:
        lan_kod, lan = _lan_of(data, state.focus)
        m = data.municipalities
        return m.loc[m["lan_kod"] == lan_kod, "kommun_kod"].tolist(), lan
    if state.urval == "grupp" and (state.focus or state.jamfor == "egen"):
        codes = list(dict.fromkeys(([state.focus] if state.focus else []) + peers))
        return codes, t("scope_peer", state.lang).lower()
    return None, t("scope_all", state.lang).lower()


def position_line(kommun: str, ind: Indicator, answer: str | None, position: str, lang: str) -> str:
    """A selected municipality's line under the ranking: "Ekerö: plats 3 av 150 (0–10 %)"."""
    label = (
        f" ({ind.answer_label(answer, lang)})"
        if answer and answer != ind.dont_know and ind.kind != "categorical"
        else ""
    )
    return f"{kommun}: {position}{label}"


@dataclass(frozen=True)
class RankingParts:
    """What a ranking shows that does not depend on the selected municipalities: the same for
    every reader of one question, edition, language and scope (the app keeps them per process)."""

    frame: pd.DataFrame  # the ranked rows in scope (only ever read)
    dist: pd.DataFrame
    riket: pd.DataFrame | None
    pub_marks: pd.DataFrame
    published_lines: list
    non_respondents: list
    caption: str


def ranking_parts(
    data: CleanData,
    cat: Catalogue,
    figures: pd.DataFrame,
    indicator_id: str,
    ed: int,
    lang: str,
    codes: list[str] | None,
    scope_label: str,
    ranked_all: pd.DataFrame,
) -> RankingParts:
    ind = cat[indicator_id]
    frame = (
        ranked_all
        if codes is None
        else A.rank(
            ranked_all[ranked_all["kommun_kod"].isin(codes)].drop(
                columns=["score", "pos_lo", "pos_hi", "n_ranked", "third"]
            ),
            ind,
        )
    )
    dist = A.distribution(frame, ind, lang)
    riket = A.distribution(ranked_all, ind, lang)[["label", "share"]] if codes is not None else None
    pub = figures[(figures["indicator_id"] == ind.id) & (figures["edition"] == ed)]
    single = pub[pub["answers"].map(len) == 1]
    pub_marks = pd.DataFrame(
        {
            "label": [ind.answer_label(a[0], lang) for a in single["answers"]],
            "share_published": single["share_published"].tolist(),
            "text": [f"{p} ({s})" for p, s in zip(single["as_published"], single["source_title"])],
        }
    )
    published_lines = [
        t(
            "published_marker",
            lang,
            edition=ed,
            value=r.as_published,
            answers=" + ".join(ind.answer_label(a, lang) for a in r.answers),
            source=r.source_title,
        )
        for r in pub.itertuples(index=False)
    ]
    missing = frame[frame["answer"].isna()]
    non = sorted(missing["kommun"].tolist(), key=sv_key)
    caption = t("ranking_caption", lang, n=int(dist["n"].iloc[0]) if len(dist) else 0, scope=scope_label)
    if riket is not None:
        caption += " " + t("riket_ticks", lang)
    if len(pub_marks):
        caption += " " + t("published_diamonds", lang)
    return RankingParts(
        frame=frame,
        dist=dist,
        riket=riket,
        pub_marks=pub_marks,
        published_lines=published_lines,
        non_respondents=non,
        caption=caption,
    )


def ranking_view(
    data: CleanData,
    cat: Catalogue,
    figures: pd.DataFrame,
    state: ViewState,
    ranked_all: pd.DataFrame,
    peers: list[str],
    names_beside: dict[str, list[str]] | None = None,
    parts: RankingParts | None = None,
) -> RankingView:
    """The ranking of one question and edition. `names_beside` (answer -> names) replaces the
    selection's names beside the bars: the press kit renders the chart once with a placeholder
    beside every answer and fills in one municipality's name per page. `parts`, if given, are
    ranking_parts() for this view's question, edition, language and scope (the app passes its
    per-process copy)."""
    lang, ind, ed = state.lang, cat[state.indikator], state.upplaga
    names = data.names
    if parts is None:
        codes, scope_label = scope_codes(state, data, peers)
        parts = ranking_parts(data, cat, figures, state.indikator, ed, lang, codes, scope_label, ranked_all)
    frame, dist, riket, pub_marks = parts.frame, parts.dist, parts.riket, parts.pub_marks
    selected = {}
    lines = []
    for c in state.kommuner:
        row = frame[frame["kommun_kod"] == c]
        if row.empty:
            row = ranked_all[ranked_all["kommun_kod"] == c]
        r = row.iloc[0]
        ans = r["answer"] if isinstance(r["answer"], str) else None
        if ans:
            selected.setdefault(ans, []).append(names[c])
        lines.append(position_line(names[c], ind, ans, A.position_text(r, ind, lang), lang))
    chart = charts.ranking_chart(
        dist,
        lang,
        riket=riket,
        published=pub_marks,
        selected=selected if names_beside is None else names_beside,
        size=chart_size(state),
    )

    def make_table() -> pd.DataFrame:
        answered = frame[frame["answer"].notna()].copy()
        answered["position"] = answered.apply(lambda r: A.position_text(r, ind, lang), axis=1)
        answered["answer_label"] = answered["answer"].map(lambda a: ind.answer_label(a, lang))
        answered = answered.assign(_k=answered["kommun"].map(sv_key)).sort_values(["score", "_k"], na_position="last")
        return pd.DataFrame(
            {
                t("col_kommun", lang): answered["kommun"],
                t("col_lan", lang): answered["lan"],
                t("col_answer", lang): answered["answer_label"],
                t("col_position", lang): answered["position"],
                "kommun_kod": answered["kommun_kod"],
            }
        ).reset_index(drop=True)

    return RankingView(
        title=t("ranking_title", lang, indicator=ind.title_for(lang), edition=ed),
        caption=parts.caption,
        chart=chart,
        make_table=make_table,
        selected_lines=lines,
        published_lines=list(parts.published_lines),
        non_respondents=list(parts.non_respondents),
        published_marks=pub_marks,
    )


# ---------------------------------------------------------------- trends


@dataclass
class TrendsView:
    title: str
    answers_chart: dict | None  # Vega-Lite specs
    shares_chart: dict
    answers_table: pd.DataFrame
    shares_table: pd.DataFrame
    change_notes: list[str]
    notes: list[str] = field(default_factory=list)


def trends_view(
    data: CleanData, cat: Catalogue, figures: pd.DataFrame, state: ViewState, peers: list[str]
) -> TrendsView:
    lang, ind = state.lang, cat[state.indikator]
    names = data.names
    codes = list(state.kommuner[:MAX_KOMMUNER])
    notes = []
    changes = [e for e in ind.changes if e in ind.editions]
    groups: dict[str, list[str] | None] = {t("riket_ref", lang): None}
    if state.focus:
        lan_kod, lan = _lan_of(data, state.focus)
        m = data.municipalities
        groups[lan] = m.loc[m["lan_kod"] == lan_kod, "kommun_kod"].tolist()
        if peers and state.jamfor != "lan":  # the county is already a series
            groups[f"{t('peer_series', lang)} ({len(peers)})"] = peers
    shares = A.shares_over_time(data, ind, groups)
    pub = A.published_for_desired(figures, ind)
    desired = ind.desired_label(lang)
    shares_chart = charts.trend_shares_chart(shares, pub, ind, lang, changes, list(groups), size=chart_size(state))
    at = A.answers_over_time(data, ind, codes, lang) if codes else pd.DataFrame()
    answers_chart = charts.trend_answers_chart(at, ind, lang, changes, size=chart_size(state)) if codes else None
    if not codes:
        notes.append(t("trends_pick", lang))
    elif len(at):
        eds = ", ".join(str(e) for e in sorted(at["edition"].unique()))
        for c in codes:
            if at[(at["kommun_kod"] == c)]["answer"].isna().all():
                notes.append(t("trends_never", lang, kommun=names[c], editions=eds))
    answers_table = (
        at.pivot(index="kommun", columns="edition", values="label")
        .reindex([names[c] for c in codes])
        .reset_index()
        .rename(columns={"kommun": t("col_kommun", lang)})
        if codes
        else pd.DataFrame()
    )
    answers_table.columns = [str(c) for c in answers_table.columns]
    shares_table = shares.assign(share=shares["share"].map(lambda s: fmt_pct(s, lang, 1))).rename(
        columns={"series": t("series", lang), "edition": t("col_edition", lang), "share": t("col_share", lang)}
    )
    change_notes = [f"{e}: {ind.changes[e].get(lang) or ind.changes[e]['sv']}" for e in changes]
    return TrendsView(
        title=t("trends_title", lang, indicator=ind.title_for(lang)),
        answers_chart=answers_chart,
        shares_chart=shares_chart,
        answers_table=answers_table,
        shares_table=shares_table,
        change_notes=change_notes,
        notes=notes + [t("trends_shares", lang, desired=desired)],
    )


# ---------------------------------------------------------------- map


@dataclass
class MapView:
    title: str
    features: list
    legend: list
    table: pd.DataFrame
    selected_lines: list[str] = field(default_factory=list)  # "Name: answer, position" per selected


def map_view(data: CleanData, cat: Catalogue, state: ViewState, ranked_all: pd.DataFrame, features: list) -> MapView:
    from .mapview import map_features

    lang, ind = state.lang, cat[state.indikator]
    feats = map_features(features, ranked_all, ind, lang, state.kommuner)
    table = (
        pd.DataFrame(
            [
                {
                    t("col_kommun", lang): f["properties"]["name"],
                    "kommun_kod": f["properties"]["kommun_kod"],
                    t("col_answer", lang): f["properties"]["answer"],
                    t("col_position", lang): f["properties"]["pos"],
                }
                for f in feats
            ]
        )
        .sort_values(t("col_kommun", lang), key=lambda s: s.map(sv_key))
        .reset_index(drop=True)
    )
    props = {f["properties"]["kommun_kod"]: f["properties"] for f in feats}
    lines = [
        f"{md_escape(props[c]['name'])} ({c}): {props[c]['answer']}"
        + (f" ({props[c]['pos']})" if props[c]["pos"] else "")
        for c in state.kommuner
        if c in props
    ]
    return MapView(
        title=t("map_title", lang, indicator=ind.title_for(lang), edition=state.upplaga),
        features=feats,
        legend=charts.legend_rows(ind, lang),
        table=table,
        selected_lines=lines,
    )


# ---------------------------------------------------------------- profile


@dataclass
class ProfileView:
    title: str
    status: str
    sentences: list[str]
    table: pd.DataFrame
    learn: list  # (indicator title, its answer label, [names])
    answered: bool
    refs: pd.DataFrame = field(default_factory=pd.DataFrame)  # desired-answer shares: riket, county, peers
    chart: dict | None = None  # the whole profile: a row per question (Vega-Lite)
    chart_caption: str = ""
    not_asked: list[str] = field(default_factory=list)  # questions of other editions, not asked in this one
    history: list[str] = field(default_factory=list)  # which editions it answered (fully, partly)
    latest: int | None = None  # the latest edition it answered, when it did not answer this one
    peers_line: str = ""  # which peers answered this edition (when it did not)
    peers_table: pd.DataFrame = field(default_factory=pd.DataFrame)  # their answers


def profile_view(
    data: CleanData, cat: Catalogue, state: ViewState, code: str, peers: list[str], ranked=None
) -> ProfileView:
    """`ranked(indicator_id, edition)`: the ranked frames, from a cache if the caller has one.
    A municipality that did not answer the edition still gets a full page: which editions it
    answered, its latest one, the comparison chart of riket, county and peers, and the peers'
    own answers."""
    lang, ed = state.lang, state.upplaga
    names = data.names
    kommun = names[code]
    _, lan = _lan_of(data, code)
    p = data.participation
    st_row = p[(p["edition"] == ed) & (p["kommun_kod"] == code)]
    status = str(st_row["status"].iloc[0]) if len(st_row) else "none"
    title = t("profile_title", lang, kommun=kommun, edition=ed)
    rows = A.profile(data, cat, code, ed, peers, lang, ranked)
    peer_n = None if state.jamfor == "lan" else len(peers)  # the county is already a series
    chart = charts.profile_chart(rows, kommun, lan, peer_n, lang, chart_size(state), answered=status != "none")
    not_asked = [s for _, s in A.not_asked_sentences(cat, ed, data.editions, lang)]
    if status == "none":
        hist = A.participation_history(data, code)
        answered_peers = [c for c in peers if A.participation_history(data, c).get(ed, "none") != "none"]
        return ProfileView(
            title,
            status_line(status, kommun, ed, lang),
            [],
            pd.DataFrame(),
            [],
            False,
            chart=chart,
            chart_caption=t(
                "absent_chart_caption" + ("_lan" if peer_n is None else ""), lang, kommun=kommun, edition=ed
            ),
            not_asked=not_asked,
            history=A.history_sentences(hist, kommun, lang),
            latest=A.latest_answered(data, code),
            peers_line=A.peers_answered_sentence(
                [names[c] for c in peers], [names[c] for c in answered_peers], ed, lang
            ),
            peers_table=peers_answers_table(data, cat, answered_peers, ed, lang, ranked),
        )
    table = pd.DataFrame([profile_table_row(r, lang) for r in rows])
    refs = pd.DataFrame([profile_refs_row(r, lang) for r in rows])
    learn = [
        (ind.title_for(lang), ind.answer_label(ans, lang), have)
        for ind, ans, have in A.learn_from_others(data, cat, code, ed, peers)
    ]
    return ProfileView(
        title,
        status_line(status, kommun, ed, lang),
        profile_sentences(rows, kommun, lan, lang),
        table,
        learn,
        True,
        refs,
        chart=chart,
        chart_caption=t("profile_chart_caption" + ("_lan" if peer_n is None else ""), lang),
        not_asked=not_asked,
    )


def status_line(status: str, kommun: str, edition: int, lang: str) -> str:
    """What the profile says about a municipality's participation (all / part / none); nothing
    when it answered every question."""
    if status == "none":
        return t("profile_not_answered", lang, kommun=kommun, edition=edition)
    return t("profile_partial", lang, kommun=kommun, edition=edition) if status == "part" else ""


def share_text(x: tuple, lang: str) -> str:
    """A (share, k, n) as "40 % (4/10)"; "–" when nobody answered."""
    s, k, n = x
    return f"{fmt_pct(s, lang)} ({k}/{n})" if n else "–"


def profile_table_row(r: A.ProfileRow, lang: str) -> dict[str, str]:
    """One question of the profile table: column title -> text."""
    ind = r.indicator
    return {
        t("col_indicator", lang): ind.title_for(lang),
        t("col_answer", lang): ind.answer_label(r.answer, lang) if r.answer else t("no_answer", lang),
        t("col_position", lang): r.position,
        t("col_previous", lang): (
            f"{r.prev_edition}: {ind.answer_label(r.prev_answer, lang)}"
            if r.prev_answer
            else (f"{r.prev_edition}: {t('no_answer', lang).lower()}" if r.prev_edition else "–")
        ),
        t("col_change", lang): t(f"change_{r.change}", lang) if r.change else "–",
    }


def profile_refs_row(r: A.ProfileRow, lang: str) -> dict[str, str]:
    """One question's desired-answer shares: riket, the county, the peer group."""
    return {
        t("col_indicator", lang): r.indicator.short_for(lang),
        t("col_riket", lang): share_text(r.riket, lang),
        t("col_lan_desired", lang): share_text(r.lan, lang),
        t("col_peer_desired", lang): share_text(r.peer, lang),
    }


def profile_sentences(rows: list[A.ProfileRow], kommun: str, lan: str, lang: str) -> list[str]:
    """The profile's plain-language sentences (the page's "I korthet", the press kit's too)."""
    return A.sentences(rows, kommun, lan, lang)


def peers_answers_table(
    data: CleanData, cat: Catalogue, codes: list[str], edition: int, lang: str, ranked=None
) -> pd.DataFrame:
    """One row per municipality (Swedish order), one column per question of the edition: its answer."""
    if not codes:
        return pd.DataFrame()
    ranked = ranked or (lambda ind_id, e: A.ranked_frame(data, cat[ind_id], e))
    names = data.names
    order = sorted(codes, key=lambda c: sv_key(names[c]))
    out = {t("col_kommun", lang): [names[c] for c in order]}
    for ind in cat.for_edition(edition):
        f = ranked(ind.id, edition)
        given = dict(zip(f["kommun_kod"], f["answer"]))
        out[ind.short_for(lang)] = [
            ind.answer_label(given.get(c), lang) if isinstance(given.get(c), str) else t("no_answer", lang)
            for c in order
        ]
    return pd.DataFrame(out)


def profile_link_state(state: ViewState, code: str, edition: int, cat: Catalogue | None = None) -> ViewState:
    """The view state of another municipality's (or another edition's) profile. With the
    catalogue, an indicator not asked in that edition is swapped for the first one that was
    (a link's edition must belong to its indicator)."""
    rest = tuple(c for c in state.kommuner if c != code)
    out = state.with_(kommuner=(code,) + rest, upplaga=edition)
    if cat is not None and state.indikator in cat and edition not in cat[state.indikator].editions:
        asked = cat.for_edition(edition)
        if asked:
            out = out.with_(indikator=asked[0].id)
    return out


def start_edition(data: CleanData, code: str) -> int:
    """The edition a search on the start page opens: the latest one the municipality answered
    (fully or partly), else the latest edition."""
    return A.latest_answered(data, code) or max(data.editions)


def tab_title(view_title: str, lang: str) -> str:
    """The browser tab's title: the view, then the app ("Eskilstuna: kommunprofil 2018 – Barnbarometern")."""
    return t("tab_title", lang, view=view_title)


# ---------------------------------------------------------------- start page


@dataclass
class OverviewView:
    national: list  # (indicator, Vega-Lite spec), one per question
    national_caption: str
    participation: dict  # Vega-Lite spec
    participation_caption: str


def overview_view(
    data: CleanData, cat: Catalogue, figures: pd.DataFrame, responses: pd.DataFrame, lang: str
) -> OverviewView:
    national = []
    for ind in cat.indicators.values():
        shares = A.shares_over_time(data, ind, {"riket": None})
        pub = A.published_for_desired(figures, ind)
        national.append(
            (ind, charts.national_chart(shares, pub, ind, list(data.editions), lang, data.sample_label(lang, "short")))
        )
    p = data.participation
    rows = []
    for e in data.editions:
        pe = p[p["edition"] == e]
        pub = responses[responses["edition"] == e]
        n_pub = pub["responded"].iloc[0] if len(pub) else pd.NA
        rows.append(
            {
                "edition": e,
                "all": int((pe["status"] == "all").sum()),
                "part": int((pe["status"] == "part").sum()),
                "published": None if pd.isna(n_pub) else int(n_pub),
                "published_text": f"{pub['as_published'].iloc[0]} ({pub['source_title'].iloc[0]})" if len(pub) else "",
            }
        )
    cap = "start_national_caption_sample" if data.is_sample else "start_national_caption"
    return OverviewView(
        national,
        t(cap, lang),
        charts.participation_chart(pd.DataFrame(rows), lang),
        t("start_participation_caption", lang),
    )


# ---------------------------------------------------------------- overview and about


def responses_table(data: CleanData, responses: pd.DataFrame, lang: str) -> pd.DataFrame:
    p = data.participation
    rows = []
    for e in data.editions:
        pe = p[p["edition"] == e]
        pub = responses[responses["edition"] == e]
        pub_n = pub["responded"].iloc[0] if len(pub) else pd.NA
        rows.append(
            {
                t("col_edition", lang): str(e),
                t("col_responded", lang): int((pe["status"] != "none").sum()),
                t("col_responded_all", lang): int((pe["status"] == "all").sum()),
                t("col_published_count", lang): (
                    pub["as_published"].iloc[0] if pd.notna(pub_n) else t("not_published", lang)
                ),
                t("col_source", lang): pub["source_title"].iloc[0] if len(pub) and pub["source_title"].iloc[0] else "–",
            }
        )
    return pd.DataFrame(rows)


def response_counts(data: CleanData) -> dict[int, int]:
    p = data.participation
    return {e: int(((p["edition"] == e) & (p["status"] != "none")).sum()) for e in data.editions}


def response_lines(data: CleanData, lang: str) -> list[str]:
    return [t("responded_of", lang, n=n, edition=e) for e, n in response_counts(data).items()]


def figures_table(data: CleanData, figures: pd.DataFrame, lang: str) -> pd.DataFrame:
    from ..core.published import compare

    cmp = compare(data.answers, figures).set_index("figure_id")
    desc = "description_en" if lang == "en" else "description_sv"
    return pd.DataFrame(
        {
            t("col_edition", lang): figures["edition"].astype(str).tolist(),
            t("col_figure", lang): figures[desc].tolist(),
            t("col_as_published", lang): figures["as_published"].tolist(),
            t("col_published", lang): [fmt_pct(x, lang, 1) for x in figures["share_published"]],
            t("col_data_sample" if data.is_sample else "col_data", lang): [
                fmt_pct(cmp.loc[f, "data"], lang, 1) + f" ({cmp.loc[f, 'k']}/{cmp.loc[f, 'n']})"
                for f in figures["figure_id"]
            ],
            t("col_source", lang): figures["source_title"].tolist(),
            "url": figures["source_url"].tolist(),
        }
    )


def questions_table(ind: Indicator, lang: str) -> pd.DataFrame:
    basis = {"published": t("about_basis_published", lang), "assumed": t("about_basis_assumed", lang)}
    return pd.DataFrame(
        [
            {
                t("col_edition", lang): str(e),
                t("col_question", lang): ind.question[e].get(lang) or ind.question[e]["sv"],
                t("col_basis", lang): basis.get(ind.editions_basis.get(e, ""), "–"),
                t("changes_heading", lang): (ind.changes[e].get(lang) or ind.changes[e]["sv"])
                if e in ind.changes
                else "",
            }
            for e in ind.editions
        ]
    )


def accounting_table(data: CleanData, lang: str) -> pd.DataFrame:
    sample = set(data.sample_editions)
    return pd.DataFrame(
        [
            {
                t("col_edition", lang): e,
                t("col_data_kind", lang): t("data_kind_sample" if int(e) in sample else "data_kind_survey", lang),
                t("col_file", lang): c.get("raw_file", ""),
                t("col_raw_rows", lang): c["raw_rows"],
                t("col_used_rows", lang): c["used_rows"],
                t("col_rejected_rows", lang): c["rejected_rows"],
            }
            for e, c in sorted(data.manifest.get("editions", {}).items())
        ]
    )
