"""The whole view in the URL: one forgiving parser for every query parameter the app reads.

Values in the URL are stable ids, never translated labels, so a link works in both languages:

    lang=sv|en             interface language (default sv)
    kommun=0180,1480       selected municipalities, 4-digit codes; the first is the focus
    indikator=<id>         indicator id from the catalogue
    upplaga=2018           edition year
    jamfor=lan|grannar|lika|egen|skr|rka   peer group of the focus municipality (skr: its SKR
                           kommungrupp, rka: RKA's "Liknande kommuner"; both from the Kolada cache)
    egna=0180,1480         the custom peer list (with jamfor=egen)
    urval=alla|lan|grupp   which municipalities the ranking and map show
    lage=embed|present     the embedded view (for iframes) or projector mode (default: normal)
    bilder=<page?query>    projector mode: the prepared views of a talk, in order (repeated key)
    bild=2                 projector mode: which of them this is (1-based)

parse() never raises: an unknown code, a wrong type, a missing value or a hostile string gives a
sane default and a message key (translated by the page). to_query() writes the canonical form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from ..core.catalogue import Catalogue
from ..core.i18n import LANGS, norm_lang

PEER_KINDS = ("lan", "grannar", "lika", "egen", "skr", "rka")
SCOPES = ("alla", "lan", "grupp")
MAX_KOMMUNER = 8
MAX_CUSTOM = 50
DEFAULT_INDICATOR = "personalomsattning"
MAX_VALUE_LEN = 2000
KNOWN_KEYS = ("lang", "kommun", "indikator", "upplaga", "jamfor", "egna", "urval", "lage", "bilder", "bild")
MODES = ("normal", "embed", "present")


@dataclass(frozen=True)
class Page:
    slug: str  # its path in the app and in links (the first page lives at the app's root)
    file: str  # its script
    nav_key: str  # its name in the navigation (an interface string)


# The app's pages, in the navigation's order; the first is the start page. The router, the links,
# the presentation mode's exit and the warm-up of the server all read this one list.
SITE = (
    Page("oversikt", "pages/oversikt.py", "nav_overview"),
    Page("rangordning", "pages/rangordning.py", "nav_ranking"),
    Page("utveckling", "pages/utveckling.py", "nav_trends"),
    Page("karta", "pages/karta.py", "nav_map"),
    Page("kommunprofil", "pages/kommunprofil.py", "nav_profile"),
    Page("om-data", "pages/om_data.py", "nav_about"),
)
PAGES = tuple(p.slug for p in SITE)
START_PAGE = SITE[0]


def page_file(slug: str) -> str:
    """The script of the page at `slug` (the start page's for anything else)."""
    return next((p.file for p in SITE if p.slug == slug), START_PAGE.file)


MAX_SLIDES = 30


@dataclass(frozen=True)
class ViewState:
    lang: str = "sv"
    kommuner: tuple[str, ...] = ()
    indikator: str = DEFAULT_INDICATOR
    upplaga: int = 2018
    jamfor: str = "lan"
    egna: tuple[str, ...] = ()
    urval: str = "alla"
    lage: str = "normal"
    bilder: tuple[str, ...] = ()  # canonical "page?query" entries
    bild: int = 1

    @property
    def focus(self) -> str | None:
        return self.kommuner[0] if self.kommuner else None

    def with_(self, **kw) -> ViewState:
        return replace(self, **kw)


@dataclass(frozen=True)
class Message:
    key: str  # an i18n key
    params: dict = field(default_factory=dict)


def _values(params: Mapping, key: str) -> list[str]:
    """All values of a key, whatever the mapping gives (str, list, None), each capped in length."""
    raw = params.get(key) if hasattr(params, "get") else None
    if raw is None:
        return []
    items = raw if isinstance(raw, (list, tuple)) else [raw]
    return [str(x)[:MAX_VALUE_LEN] for x in items if x is not None]


def _last(params: Mapping, key: str) -> str | None:
    vals = [v.strip() for v in _values(params, key)]
    vals = [v for v in vals if v]
    return vals[-1] if vals else None


def split_codes(text: str, valid: set[str], good: list[str] | None = None) -> tuple[list[str], list[str]]:
    """'0180,1480 180;x' -> (valid codes in order, once each; the parts that are not codes).
    Codes without the leading zero are read as 4 digits."""
    good = [] if good is None else good
    bad = []
    for part in re.split(r"[,;\s]+", text):
        if not part:
            continue
        code = part.zfill(4) if re.fullmatch(r"\d{3,4}", part) else part
        if code in valid:
            if code not in good:
                good.append(code)
        else:
            bad.append(part)
    return good, bad


def _codes(params: Mapping, key: str, valid: set[str]) -> tuple[list[str], list[str]]:
    good, bad = [], []
    for v in _values(params, key):
        bad += split_codes(v, valid, good)[1]
    return good, bad


def _safe(text: str, n: int = 40) -> str:
    """A URL value shown back in a message: printable, short (rendered as plain text anyway)."""
    clean = "".join(c for c in text if c.isprintable())
    return clean[:n] + ("…" if len(clean) > n else "")


def parse(
    params: Mapping, cat: Catalogue, codes: Iterable[str], editions: Iterable[int]
) -> tuple[ViewState, list[Message]]:
    valid = set(codes)
    eds = sorted(int(e) for e in editions)
    msgs: list[Message] = []
    lang_raw = _last(params, "lang")
    lang = norm_lang(lang_raw)
    if lang_raw is not None and lang_raw not in LANGS:
        msgs.append(Message("url_bad_value", {"key": "lang"}))

    kommuner, bad = _codes(params, "kommun", valid)
    if bad:
        msgs.append(Message("url_unknown_kommun", {"value": ", ".join(_safe(b) for b in bad[:3])}))
    if len(kommuner) > MAX_KOMMUNER:
        kommuner = kommuner[:MAX_KOMMUNER]
        msgs.append(Message("url_too_many_kommun", {"n": MAX_KOMMUNER}))

    ind_raw = _last(params, "indikator")
    indikator = ind_raw if ind_raw in cat.indicators else DEFAULT_INDICATOR
    if ind_raw is not None and ind_raw not in cat.indicators:
        msgs.append(Message("url_unknown_indicator", {"default": indikator}))
    asked = [e for e in cat[indikator].editions if e in eds] or eds
    default_ed = max(asked) if asked else 2018

    ed_raw = _last(params, "upplaga")
    upplaga = default_ed
    if ed_raw is not None:
        if not re.fullmatch(r"\d{4}", ed_raw) or int(ed_raw) not in eds:
            msgs.append(Message("url_bad_edition", {"default": default_ed}))
        elif int(ed_raw) not in asked:
            msgs.append(Message("url_edition_not_asked", {"edition": int(ed_raw), "default": default_ed}))
        else:
            upplaga = int(ed_raw)

    jamfor_raw = _last(params, "jamfor")
    jamfor = jamfor_raw if jamfor_raw in PEER_KINDS else "lan"
    if jamfor_raw is not None and jamfor_raw not in PEER_KINDS:
        msgs.append(Message("url_bad_value", {"key": "jamfor"}))
    egna, bad_egna = _codes(params, "egna", valid)
    if bad_egna:
        msgs.append(Message("url_unknown_kommun", {"value": ", ".join(_safe(b) for b in bad_egna[:3])}))
    egna = egna[:MAX_CUSTOM]

    urval_raw = _last(params, "urval")
    urval = urval_raw if urval_raw in SCOPES else "alla"
    if urval_raw is not None and urval_raw not in SCOPES:
        msgs.append(Message("url_bad_value", {"key": "urval"}))

    lage_raw = _last(params, "lage")
    lage = lage_raw if lage_raw in MODES else "normal"
    if lage_raw is not None and lage_raw not in MODES:
        msgs.append(Message("url_bad_value", {"key": "lage"}))
    bilder = []
    for raw in _values(params, "bilder")[:MAX_SLIDES]:
        slide = parse_slide(raw, cat, valid, eds)
        if slide is None:
            msgs.append(Message("url_bad_value", {"key": "bilder"}))
        else:
            bilder.append(slide)
    bild_raw = _last(params, "bild")
    bild = int(bild_raw) if bild_raw and re.fullmatch(r"\d{1,3}", bild_raw) else 1
    bild = min(max(bild, 1), max(len(bilder), 1))
    return ViewState(
        lang, tuple(kommuner), indikator, upplaga, jamfor, tuple(egna), urval, lage, tuple(bilder), bild
    ), msgs


def parse_slide(raw: str, cat: Catalogue, codes: set[str], editions: list[int]) -> str | None:
    """One prepared view, 'rangordning?indikator=x&kommun=0180': the page must be known and the
    query valid (nothing the parser had to drop); returns its canonical form, or None."""
    from urllib.parse import parse_qs

    page, _, query = raw.strip().lstrip("/").partition("?")
    if page not in PAGES:
        return None
    params = parse_qs(query, keep_blank_values=False)
    if set(params) - {"lang", "kommun", "indikator", "upplaga", "jamfor", "egna", "urval"}:
        return None
    state, msgs = parse(params, cat, codes, editions)
    if msgs:
        return None
    return page + "?" + slide_query(state)


def slide_query(state: ViewState) -> str:
    from urllib.parse import urlencode

    q = to_query(state.with_(lage="normal", bilder=(), bild=1))
    return urlencode(q)


def to_query(state: ViewState) -> dict[str, str | list[str]]:
    """The canonical query parameters of a state (defaults left out where they add nothing)."""
    q = {"indikator": state.indikator, "upplaga": str(state.upplaga)}
    if state.lang != "sv":
        q["lang"] = state.lang
    if state.kommuner:
        q["kommun"] = ",".join(state.kommuner)
    if state.jamfor != "lan":
        q["jamfor"] = state.jamfor
    if state.jamfor == "egen" and state.egna:
        q["egna"] = ",".join(state.egna)
    if state.urval != "alla":
        q["urval"] = state.urval
    if state.lage != "normal":
        q["lage"] = state.lage
    if state.bilder:
        q["bilder"] = list(state.bilder)
        q["bild"] = str(state.bild)
    return q
