"""The explorer's computation: pure functions, DataFrames in, DataFrames out, no Streamlit.

Terms: a municipality "answered" a question when its answer is not null; "don't know" counts as
answered (and in every denominator) but takes no position. Positions are shared by everyone
with the same answer ("delad plats 1–64").
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core.catalogue import Catalogue, Indicator
from ..core.data import CleanData
from ..core.i18n import fmt_pct, join_words, sv_key, t
from ..core.shares import share_of

THIRDS = ("best", "middle", "last")
CHANGES = ("better", "same", "worse")  # an answer against the previous edition's


def publisher_key(edition: int) -> str:
    return "publisher_humana_rb" if edition >= 2017 else "publisher_humana"


def edition_frame(data: CleanData, ind: Indicator, edition: int) -> pd.DataFrame:
    """All 290 municipalities for one indicator and edition: kommun_kod, kommun, lan_kod, lan,
    status (all / part / none), answer (id or <NA>), label-free."""
    m = data.municipalities[["kommun_kod", "kommun", "lan_kod", "lan"]]
    p = data.participation[data.participation["edition"] == edition][["kommun_kod", "status"]]
    a = data.answers[(data.answers["edition"] == edition) & (data.answers["indicator_id"] == ind.id)][
        ["kommun_kod", "answer", "value"]
    ]
    f = m.merge(p, on="kommun_kod", how="left").merge(a, on="kommun_kod", how="left")
    return f.assign(status=f["status"].fillna("none").astype(str), answer=f["answer"].astype("string"))


def rank(frame: pd.DataFrame, ind: Indicator) -> pd.DataFrame:
    """Add score (0 = best answer), pos_lo, pos_hi, n_ranked and third to an edition frame.
    Only municipalities with a ranked answer (answered, not "don't know") get a position."""
    order = {a: i for i, a in enumerate(ind.ranked_answers)}
    score = frame["answer"].map(lambda a: order.get(a, np.nan) if isinstance(a, str) else np.nan).astype(float)
    ranked = score.dropna()
    n = len(ranked)
    counts = ranked.value_counts()
    better = {s: int(counts[counts.index < s].sum()) for s in counts.index}
    lo = score.map(lambda s: better[s] + 1 if s == s else np.nan)
    hi = score.map(lambda s: better[s] + int(counts[s]) if s == s else np.nan)
    mid = (lo + hi) / 2
    third = pd.Series(pd.NA, index=frame.index, dtype="string")
    if n:
        frac = mid / n
        third = (
            third.mask(frac <= 1 / 3, "best")
            .mask((frac > 1 / 3) & (frac <= 2 / 3), "middle")
            .mask(frac > 2 / 3, "last")
        )
    return frame.assign(score=score, pos_lo=lo.astype("Int64"), pos_hi=hi.astype("Int64"), n_ranked=n, third=third)


def position_text(row, ind: Indicator, lang: str) -> str:
    a = row["answer"]
    if not isinstance(a, str):
        return t("pos_no_answer", lang)
    if a == ind.dont_know:
        return t("pos_dont_know", lang)
    lo, hi, n = int(row["pos_lo"]), int(row["pos_hi"]), int(row["n_ranked"])
    if lo == hi:
        return t("pos_single", lang, pos=lo, n=n)
    if ind.kind == "categorical":
        return t("pos_group", lang, n=hi - lo + 1, answer=ind.answer_label(a, lang))
    return t("pos_shared", lang, lo=lo, hi=hi, n=n)


def distribution(frame: pd.DataFrame, ind: Indicator, lang: str) -> pd.DataFrame:
    """Per answer (best first, "don't know" last): count and share of those who answered.
    `frame` is an edition frame, or one that rank() has ranked over exactly these rows (its
    thirds are then used as they are)."""
    ranked = frame if "third" in frame.columns else rank(frame, ind)  # a ranked frame is not ranked again
    answers = ranked["answer"].dropna().astype(str).tolist()
    thirds = ranked["third"].tolist()
    counts, third_of = {}, {}
    for a, th in zip(ranked["answer"].tolist(), thirds):
        if isinstance(a, str):
            counts[a] = counts.get(a, 0) + 1
            if isinstance(th, str):
                third_of.setdefault(a, th)
    n = len(answers)
    rows = []
    for order, a in enumerate(ind.answer_ids):
        k = counts.get(a, 0)
        rows.append(
            {
                "order": order,
                "answer": a,
                "label": ind.answer_label(a, lang),
                "count": k,
                "share": 100.0 * k / n if n else float("nan"),
                "n": n,
                "third": third_of.get(a, "none"),
                "desired": a in ind.desired,
            }
        )
    return pd.DataFrame(rows)


def share_desired(frame: pd.DataFrame, ind: Indicator) -> tuple[float, int, int]:
    return share_of(frame["answer"], ind.desired)


# ---------------------------------------------------------------- peer groups


def similar_answers(data: CleanData, cat: Catalogue, code: str, edition: int, k: int = 8) -> list[str]:
    """The k municipalities whose answers in `edition` are nearest to `code`'s: mean absolute
    difference of answer positions (scaled 0-1) over the questions both answered with a ranked
    answer; at least half the edition's questions in common. Ties broken by code."""
    inds = cat.for_edition(edition)
    a = data.answers[data.answers["edition"] == edition]
    cols = {}
    for ind in inds:
        ranked = ind.ranked_answers
        scale = max(len(ranked) - 1, 1)
        s = a[a["indicator_id"] == ind.id].set_index("kommun_kod")["answer"]
        cols[ind.id] = s.map(lambda x, r=ranked, k=scale: r.index(x) / k if isinstance(x, str) and x in r else np.nan)
    wide = pd.DataFrame(cols)
    if code not in wide.index:
        return []
    me = wide.loc[code]
    others = wide.drop(index=code)
    diff = (others - me).abs()
    common = diff.notna().sum(axis=1)
    dist = diff.mean(axis=1).round(9)  # so that float noise never decides a tie
    need = max(1, math.ceil(len(inds) / 2))
    cand = pd.DataFrame({"dist": dist, "common": common})
    cand = cand[(cand["common"] >= need) & cand["dist"].notna()].reset_index(names="kommun_kod")
    return cand.sort_values(["dist", "kommun_kod"]).head(k)["kommun_kod"].tolist()


def peer_group(
    kind: str,
    code: str | None,
    data: CleanData,
    cat: Catalogue,
    edition: int,
    neighbours: dict[str, tuple[str, ...]],
    custom: tuple[str, ...] = (),
    kolada_peers: Sequence[str] = (),
) -> list[str]:
    """The peer municipalities of `code` (never including it).

    Kinds 'skr' (the SKR kommungrupp) and 'rka' (RKA's "Liknande kommuner, övergripande") are
    Kolada's groups, passed in by the caller as `kolada_peers` (barnbaro.kolada.peers of the copy
    it has loaded): this module reads no Kolada copy. Without them they are an empty list."""
    if kind == "egen":
        return [c for c in custom if c != code]
    if code is None:
        return []
    m = data.municipalities
    if kind == "lan":
        lan = m.loc[m["kommun_kod"] == code, "lan_kod"]
        return sorted(set(m.loc[m["lan_kod"].isin(lan), "kommun_kod"]) - {code})
    if kind == "grannar":
        return list(neighbours.get(code, ()))
    if kind == "lika":
        return similar_answers(data, cat, code, edition)
    if kind in ("skr", "rka"):
        valid = set(m["kommun_kod"])
        return [c for c in kolada_peers if c in valid and c != code]
    return []


# ---------------------------------------------------------------- trends


def answers_over_time(data: CleanData, ind: Indicator, codes: list[str], lang: str) -> pd.DataFrame:
    """One row per (municipality, edition asked): answer, label, score (0 = best; NaN when not
    answered or "don't know"), and `segment`: consecutive answered editions share a segment, so
    a line is drawn only between them (a gap, never an interpolated point)."""
    names = data.names
    eds = [e for e in ind.editions if e in data.editions]
    a = data.answers[(data.answers["indicator_id"] == ind.id) & data.answers["kommun_kod"].isin(codes)]
    lookup = {(r.kommun_kod, int(r.edition)): r.answer for r in a.itertuples(index=False)}
    rows = []
    for c in codes:
        seg, prev_ok = 0, False
        for e in eds:
            ans = lookup.get((c, e))
            ans = ans if isinstance(ans, str) else None
            ok = ans is not None and ans in ind.ranked_answers
            if ok and not prev_ok:
                seg += 1
            rows.append(
                {
                    "kommun_kod": c,
                    "kommun": names.get(c, c),
                    "edition": e,
                    "answer": ans,
                    "label": ind.answer_label(ans, lang) if ans else t("no_answer", lang),
                    "score": float(ind.ranked_answers.index(ans)) if ok else np.nan,
                    "segment": f"{c}-{seg}" if ok else None,
                }
            )
            prev_ok = ok
    return pd.DataFrame(rows, columns=["kommun_kod", "kommun", "edition", "answer", "label", "score", "segment"])


def shares_over_time(data: CleanData, ind: Indicator, groups: dict[str, list[str] | None]) -> pd.DataFrame:
    """Share with the desired answer per edition for named groups (None = all municipalities):
    series, edition, share, k, n. Editions where nobody in the group answered are left out."""
    eds = [e for e in ind.editions if e in data.editions]
    a = data.answers[(data.answers["indicator_id"] == ind.id) & data.answers["answer"].notna()]
    rows = []
    for name, codes in groups.items():
        g = a if codes is None else a[a["kommun_kod"].isin(codes)]
        for e in eds:
            share, k, n = share_of(g.loc[g["edition"] == e, "answer"], ind.desired)
            if n:
                rows.append({"series": name, "edition": e, "share": share, "k": k, "n": n})
    return pd.DataFrame(rows, columns=["series", "edition", "share", "k", "n"])


def published_for_desired(figures: pd.DataFrame, ind: Indicator) -> pd.DataFrame:
    """Published figures that measure exactly the desired answer(s) of an indicator."""
    want = sorted(ind.desired)
    f = figures[(figures["indicator_id"] == ind.id) & figures["answers"].map(lambda a: sorted(a) == want)]
    return f[["figure_id", "edition", "share_published", "as_published", "source_title", "source_url"]]


# ---------------------------------------------------------------- profile


@dataclass(frozen=True)
class ProfileRow:
    indicator: Indicator
    answer: str | None
    prev_edition: int | None
    prev_answer: str | None
    change: str | None  # better / worse / same / None
    position: str
    riket: tuple  # (share, k, n) with the desired answer, nationally
    lan: tuple  # the same in the county
    peer: tuple  # the same in the peer group
    same: tuple  # (share, k, n) answering as this municipality did, nationally


def ranked_frame(data: CleanData, ind: Indicator, edition: int) -> pd.DataFrame:
    """rank(edition_frame(...)): the whole country for one indicator and edition."""
    return rank(edition_frame(data, ind, edition), ind)


def profile(
    data: CleanData,
    cat: Catalogue,
    code: str,
    edition: int,
    peers: list[str],
    lang: str,
    ranked: Callable[[str, int], pd.DataFrame] | None = None,
) -> list[ProfileRow]:
    """One row per question of the edition. `ranked(indicator_id, edition)` gives the ranked
    frame of the whole country (the app passes its per-process cache; the frames are only read)."""
    return profiles(data, cat, [code], edition, {code: peers}, lang, ranked)[code]


def profiles(
    data: CleanData,
    cat: Catalogue,
    codes: list[str],
    edition: int,
    peers: Mapping[str, list[str]],
    lang: str,
    ranked: Callable[[str, int], pd.DataFrame] | None = None,
) -> dict[str, list[ProfileRow]]:
    """profile() of many municipalities at once (the press kit's 290), each frame read once:
    code -> its rows. `peers[code]` is that municipality's peer group."""
    ranked = ranked or (lambda ind_id, ed: ranked_frame(data, cat[ind_id], ed))
    m = data.municipalities
    lan_of = dict(zip(m["kommun_kod"], m["lan_kod"]))
    out: dict[str, list[ProfileRow]] = {c: [] for c in codes}
    for ind in cat.for_edition(edition):
        f = ranked(ind.id, edition)
        recs = {
            r["kommun_kod"]: r
            for r in f[["kommun_kod", "lan_kod", "answer", "pos_lo", "pos_hi", "n_ranked"]].to_dict("records")
        }
        answer = {c: (r["answer"] if isinstance(r["answer"], str) else None) for c, r in recs.items()}
        prev_eds = [e for e in ind.editions if e < edition and e in data.editions]
        prev_e = max(prev_eds) if prev_eds else None
        prev_answer = {}
        if prev_e is not None:
            pf = ranked(ind.id, prev_e)
            prev_answer = {c: (a if isinstance(a, str) else None) for c, a in zip(pf["kommun_kod"], pf["answer"])}
        desired = set(ind.desired)
        by_lan: dict[str, list] = {}
        for c, r in recs.items():
            by_lan.setdefault(r["lan_kod"], []).append(answer[c])
        lan_share = {lk: share_of(v, desired) for lk, v in by_lan.items()}
        riket = share_of(answer.values(), desired)
        r_ = ind.ranked_answers
        for code in codes:
            ans, prev = answer[code], prev_answer.get(code)
            change = None
            if ans in r_ and prev in r_:
                d = r_.index(ans) - r_.index(prev)
                better, same, worse = CHANGES
                change = better if d < 0 else worse if d > 0 else same
            mine = set(peers.get(code, ()))
            out[code].append(
                ProfileRow(
                    indicator=ind,
                    answer=ans,
                    prev_edition=prev_e,
                    prev_answer=prev,
                    change=change,
                    position=position_text(recs[code], ind, lang),
                    riket=riket,
                    lan=lan_share[lan_of[code]],
                    peer=share_of([a for c, a in answer.items() if c in mine], desired),
                    same=share_of(answer.values(), {ans} if ans else set()),
                )
            )
    return out


def question_sentences(r: ProfileRow, kommun: str, lan: str, lang: str) -> list[str]:
    """The sentences about one question, each with one subject: the municipality's answer
    first (naming the desired answer as such), then how common that answer is in riket, then
    how many in the county gave the desired answer, then the change since the previous edition.
    Numbers agree with their nouns ("1 kommun", "2 kommuner")."""
    ind = r.indicator
    topic = ind.topic_for(lang)
    desired = ind.desired_label(lang)
    if r.answer is None:
        return [t("sentence_no_answer", lang, kommun=kommun, topic=topic)]
    answer = ind.answer_label(r.answer, lang)
    if r.answer == ind.dont_know:
        return [
            t("sentence_dont_know", lang, kommun=kommun, answer=answer, topic=topic),
            t("sentence_desired_is", lang, desired=desired),
        ]
    if r.answer in ind.desired:
        out = [t("sentence_answer_desired", lang, kommun=kommun, answer=answer, topic=topic)]
    else:
        out = [
            t("sentence_answer", lang, kommun=kommun, answer=answer, topic=topic),
            t("sentence_desired_is", lang, desired=desired),
        ]
    same, _, n = r.same
    if n:
        out.append(t("sentence_riket", lang, kommun=kommun, share=fmt_pct(same, lang), n=n))
    _, k, n = r.lan
    if n:
        key = (
            "sentence_lan"
            if n == 1
            else "sentence_lan_none"
            if k == 0
            else ("sentence_lan_both" if n == 2 else "sentence_lan_all")
            if k == n
            else "sentence_lan"
        )
        out.append(t(key, lang, kommun=kommun, lan=lan, k=k, n=n))
    if r.change is not None and r.prev_edition is not None:
        out.append(t(f"sentence_{r.change}", lang, prev=r.prev_edition, before=ind.answer_label(r.prev_answer, lang)))
    return out


def editions_text(editions: list[int], lang: str) -> str:
    """2013 / 2013 och 2015 / 2013, 2015 och 2016 / 2013–2016 (consecutive runs of three or
    more as a range)."""
    eds = sorted(set(int(e) for e in editions))
    runs, cur = [], []
    for e in eds:
        if cur and e == cur[-1] + 1:
            cur.append(e)
        else:
            if cur:
                runs.append(cur)
            cur = [e]
    if cur:
        runs.append(cur)
    parts = []
    for run in runs:
        parts += [f"{run[0]}–{run[-1]}"] if len(run) >= 3 else [str(e) for e in run]
    return join_words(parts, lang)


def not_asked_sentences(cat: Catalogue, edition: int, editions: list[int], lang: str) -> list[tuple[Indicator, str]]:
    """For each question asked in some edition of the data but not in `edition`: the question
    and what to say about it ("Frågan om ... ställdes inte 2018. Den ställdes 2016 och 2017.")."""
    out = []
    for ind in cat.indicators.values():
        asked = [e for e in ind.editions if e in editions]
        if edition in ind.editions or not asked:
            continue
        out.append(
            (
                ind,
                t("sentence_not_asked", lang, topic=ind.topic_for(lang), edition=edition)
                + " "
                + t("sentence_asked_in", lang, editions=editions_text(asked, lang)),
            )
        )
    return out


def sentences(rows: list[ProfileRow], kommun: str, lan: str, lang: str) -> list[str]:
    """One paragraph per question of the edition (its sentences joined); none claims more than
    the numbers show. A question the municipality did not answer says so."""
    return [" ".join(question_sentences(r, kommun, lan, lang)) for r in rows]


def participation_history(data: CleanData, code: str) -> dict[int, str]:
    """edition -> all / part / none for one municipality, every edition of the data."""
    p = data.participation[data.participation["kommun_kod"] == code]
    got = dict(zip(p["edition"].astype(int), p["status"].astype(str)))
    return {e: got.get(e, "none") for e in data.editions}


def latest_answered(data: CleanData, code: str, before: int | None = None) -> int | None:
    """The latest edition (before `before`, if given) the municipality answered fully or partly."""
    hist = participation_history(data, code)
    eds = [e for e, s in hist.items() if s != "none" and (before is None or e < before)]
    return max(eds) if eds else None


def history_sentences(hist: dict[int, str], kommun: str, lang: str) -> list[str]:
    """Which editions the municipality answered fully, which partly, or that it never did."""
    full = [e for e, s in hist.items() if s == "all"]
    part = [e for e, s in hist.items() if s == "part"]
    if not full and not part:
        return [t("absent_never", lang, kommun=kommun, editions=editions_text(list(hist), lang))]
    out = []
    if full:
        out.append(t("absent_all", lang, kommun=kommun, editions=editions_text(full, lang)))
    if part:
        out.append(t("absent_part", lang, kommun=kommun, editions=editions_text(part, lang)))
    return out


def peers_answered_sentence(peer_names: list[str], answered_names: list[str], edition: int, lang: str) -> str:
    """Which peers answered the edition, in one sentence with its counts in agreement."""
    n, k = len(peer_names), len(answered_names)
    names = join_words(sorted(answered_names, key=sv_key), lang)
    if n == 0:
        return t("absent_peers_empty", lang)
    if n == 1:
        key = "absent_peers_only" if k else "absent_peers_only_not"
        return t(key, lang, names=peer_names[0], edition=edition)
    if k == 0:
        return t("absent_peers_none", lang, n=n, edition=edition)
    if k == n:
        return t("absent_peers_both" if n == 2 else "absent_peers_all", lang, n=n, edition=edition, names=names)
    return t("absent_peers_some", lang, k=k, n=n, edition=edition, names=names)


def learn_from_others(
    data: CleanData, cat: Catalogue, code: str, edition: int, peers: list[str]
) -> list[tuple[Indicator, str | None, list[str]]]:
    """For each question where `code` lacks the desired answer: (indicator, its answer, the
    peers that have the desired answer, by name)."""
    names = data.names
    a = data.answers[data.answers["edition"] == edition]
    out = []
    for ind in cat.for_edition(edition):
        ai = a[a["indicator_id"] == ind.id].set_index("kommun_kod")["answer"]
        mine = ai.get(code)
        mine = mine if isinstance(mine, str) else None
        if mine is None or mine in ind.desired:
            continue
        have = sorted((names[c] for c in peers if isinstance(ai.get(c), str) and ai.get(c) in ind.desired), key=sv_key)
        out.append((ind, mine, have))
    return out
