"""The numbers of the press kit, computed once per edition and language, all by the explorer's
own functions: positions and shares by barnbaro.explore.analysis (profiles, ranked_frame, distribution,
answers_over_time), the ranking view with its caption and published figures by
barnbaro.explore.views, the source line and the sample label by barnbaro.explore.share."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..core.catalogue import Catalogue, Indicator
from ..core.data import CleanData
from ..core.i18n import fmt_pct, t
from ..core.validate import STATUSES
from ..explore import analysis as A
from ..explore import share, views
from ..explore.urlstate import ViewState


def name_key(j: int) -> str:
    """The placeholder of the name beside answer j's bar: as wide as the longest municipality
    name, so the chart's size (computed from the placeholder) leaves room for the real name."""
    return f"N{j}" + "W" * 14


@dataclass
class Kit:
    """Everything computed once for one edition and language."""

    data: CleanData
    cat: Catalogue
    figures: pd.DataFrame
    edition: int
    lang: str
    app_url: str
    codes: list[str]
    names: dict = field(default_factory=dict)
    lan: dict = field(default_factory=dict)  # code -> (lan_kod, lan)
    status: dict = field(default_factory=dict)  # code -> all / part / none in the edition
    inds: list = field(default_factory=list)  # asked in the edition
    frames: dict = field(default_factory=dict)  # (indicator id, edition) -> ranked frame of the country
    rows: dict = field(default_factory=dict)  # code -> [analysis.ProfileRow per indicator]
    places: dict = field(default_factory=dict)  # indicator id -> code -> (pos_lo, pos_hi, n_ranked); None: no place
    rankings: dict = field(default_factory=dict)  # indicator id -> views.RankingView of the country
    trend_inds: list = field(default_factory=list)
    trend_eds: list = field(default_factory=list)
    trend: dict = field(default_factory=dict)  # (code, indicator id, edition) -> (answer id | None, label)
    counts: dict = field(default_factory=dict)  # all / part / none -> municipalities (all 290)
    dist_text: dict = field(default_factory=dict)  # indicator id -> the shares as a sentence

    def ranked(self, ind_id: str, edition: int) -> pd.DataFrame:
        """The ranked frame of the whole country (made once, then only read)."""
        key = (ind_id, edition)
        if key not in self.frames:
            self.frames[key] = A.ranked_frame(self.data, self.cat[ind_id], edition)
        return self.frames[key]

    @property
    def is_sample(self) -> bool:
        return self.data.is_sample

    @property
    def seed(self):
        return share.sample_seed(self.data)

    @property
    def sample_label(self) -> str | None:
        """The label in every image and CSV (naming the sample's editions when only some are)."""
        return self.data.sample_label(self.lang)

    @property
    def sample_short(self) -> str | None:
        """The label in a title: Exempeldata."""
        return self.data.sample_label(self.lang, "short")

    def source(self, edition: int) -> str:
        return share.source_line(self.data, edition, self.lang)

    def source_range(self) -> str:
        """The source line of what spans the editions of the trend grid."""
        return share.source_line(self.data, max(self.trend_eds), self.lang, first=min(self.trend_eds))

    def status_sentence(self, code: str) -> str:
        """The profile's status line (barnbaro.explore.views.status_line); for a municipality that
        answered every question, which the profile does not mention, that it did."""
        name = self.names[code]
        return views.status_line(self.status[code], name, self.edition, self.lang) or t(
            "presskit_answered_all", self.lang, kommun=name, edition=self.edition
        )

    def position_line(self, code: str, row: A.ProfileRow) -> str:
        """Its line under the ranking chart, as the app's Rangordning writes it."""
        return views.position_line(self.names[code], row.indicator, row.answer, row.position, self.lang)

    def link(self, page: str, code: str | None, indikator: str, edition: int) -> str:
        """The same view in the app."""
        state = ViewState(lang=self.lang, kommuner=(code,) if code else (), indikator=indikator, upplaga=edition)
        return share.view_link(self.app_url, page, state)


def prepare(
    data: CleanData, cat: Catalogue, figures: pd.DataFrame, edition: int, codes: list[str], lang: str, app_url: str
) -> Kit:
    kit = Kit(data, cat, figures, edition, lang, app_url, codes)
    m = data.municipalities
    kit.names = data.names
    kit.lan = {r.kommun_kod: (r.lan_kod, r.lan) for r in m.itertuples(index=False)}
    p = data.participation[data.participation["edition"] == edition]
    kit.status = {c: "none" for c in kit.names} | dict(zip(p["kommun_kod"], p["status"].astype(str)))
    kit.counts = {s: sum(1 for c in kit.names if kit.status[c] == s) for s in STATUSES}
    kit.inds = cat.for_edition(edition)
    # the profile with the app's default peer group (the county), as "Öppna i Barnbarometern" opens it
    peers = {c: A.peer_group("lan", c, data, cat, edition, {}) for c in codes}
    kit.rows = A.profiles(data, cat, codes, edition, peers, lang, kit.ranked)
    for ind in kit.inds:
        state = ViewState(lang=lang, indikator=ind.id, upplaga=edition)
        kit.rankings[ind.id] = views.ranking_view(
            data,
            cat,
            figures,
            state,
            kit.ranked(ind.id, edition),
            [],
            names_beside={a: [f"QQ{name_key(j)}QQ"] for j, a in enumerate(ind.answer_ids)},
        )
        f = kit.ranked(ind.id, edition)
        kit.dist_text[ind.id] = distribution_text(f, ind, lang)
        kit.places[ind.id] = {
            c: (_int(lo), _int(hi), int(n))
            for c, lo, hi, n in zip(f["kommun_kod"], f["pos_lo"], f["pos_hi"], f["n_ranked"])
        }
    kit.trend_eds = [e for e in data.editions if e <= edition]
    kit.trend_inds = [i for i in cat.indicators.values() if any(e in kit.trend_eds for e in i.editions)]
    for ind in kit.trend_inds:
        at = A.answers_over_time(data, ind, codes, lang)
        for r in at[at["edition"] <= edition].itertuples(index=False):
            kit.trend[(r.kommun_kod, ind.id, int(r.edition))] = (
                r.answer if isinstance(r.answer, str) else None,
                r.label,
            )
    return kit


def distribution_text(ranked: pd.DataFrame, ind: Indicator, lang: str) -> str:
    """The shares of a ranking chart as a sentence (the chart's text alternative)."""
    dist = A.distribution(ranked, ind, lang)
    parts = "; ".join(f"{r.label}: {fmt_pct(r.share, lang)}" for r in dist.itertuples(index=False))
    return t("presskit_dist_alt", lang, n=int(dist["n"].iloc[0]) if len(dist) else 0, shares=parts)


def _int(v) -> int | None:
    return None if v is None or pd.isna(v) else int(v)


def latest_asked(ind: Indicator, edition: int) -> int:
    asked = [e for e in ind.editions if e <= edition]
    return max(asked) if asked else max(ind.editions)
