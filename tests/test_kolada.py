"""barnbaro.kolada: the client over real HTTP to a fake Kolada on 127.0.0.1 (never the internet),
waits on a virtual clock, the documented shapes and their violations, the fetch command end to end
into a temporary folder, the cache, and what the app shows from it.

The fake server and its test data are in tests/fake_kolada/."""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import math
import shutil
import time
from pathlib import Path

import pandas as pd
import pytest

from barnbaro import kolada as K
from barnbaro.cli import main
from barnbaro.core.catalogue import load_catalogue
from barnbaro.core.i18n import t
from barnbaro.explore import analysis
from barnbaro.explore import kolada_views as KV
from barnbaro.explore.urlstate import PEER_KINDS, parse
from barnbaro.kolada import cache as KC
from barnbaro.kolada import client as KCL
from barnbaro.ui import data as UD
from tests.fake_kolada import FakeClock, FakeKolada
from tests.fake_kolada.server import RECORDED, latest_year_on, skr_answer_key, universe

CAT = load_catalogue()
# Two fixed days: the day the real records were taken (several publication dates still ahead)
# and one after every publication date of 2026 (U339xx on 2026-12-08; N01951 waits for 2027).
NOW_BEFORE = dt.datetime(2026, 3, 23, 12, tzinfo=dt.UTC)
NOW_AFTER = dt.datetime(2026, 12, 10, 12, tzinfo=dt.UTC)
KPI_META = {k["id"]: k for k in universe()[1]}
KOMMUNER = [m["id"] for m in universe()[0] if m["type"] == "K"]


@pytest.fixture
def fake():
    """The fake server, one page per answer unless a test sets page_size."""
    server = FakeKolada(page_size=1000).start()
    yield server
    server.stop()


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def client(fake, clock):
    return K.KoladaClient(fake.base_url, clock=clock, timeout=1.0)


@pytest.fixture
def virtual_time(monkeypatch):
    """Every client made without a clock (the fetch command's) runs on one virtual clock."""
    c = FakeClock()
    monkeypatch.setattr(KCL, "default_clock", lambda: c)
    return c


def requests_to(fake: FakeKolada, fragment: str) -> list[str]:
    return [r for r in fake.requests if fragment in r]


# ---------------------------------------------------------------- pages


def test_pages_are_followed_to_the_end(fake, client):
    fake.page_size = 50
    items = client.data("U33401", range(2013, 2019))
    assert len(items) == 312 * 6
    assert {(i["municipality"], i["period"]) for i in items} == {
        (m, y) for m in [m["id"] for m in universe()[0]] for y in range(2013, 2019)
    }
    reqs = requests_to(fake, "/data/kpi/U33401/")
    assert len(reqs) == math.ceil(312 * 6 / 50) > 30
    assert all("per_page=5000" in r for r in reqs)
    assert "/v3/data/kpi/U33401/year/2013,2014,2015,2016,2017,2018" in reqs[0]


def test_each_page_is_checked_against_its_own_count(fake, client):
    fake.count_off = True
    with pytest.raises(K.KoladaError, match="'count'"):
        client.municipalities()


def test_a_count_above_the_items_on_the_page_is_accepted(fake, client):
    fake.page_size = 100
    fake.count_more = True
    assert [m["id"] for m in client.municipalities()] == [m["id"] for m in universe()[0]]


def test_an_empty_page_in_the_middle_does_not_end_the_listing(fake, client):
    fake.page_size = 100
    fake.empty_page = True
    items = client.municipalities()
    assert len(items) == 312
    assert len(requests_to(fake, "/v3/municipality")) == 5  # 4 pages of data + the empty one


def test_a_relative_next_url_is_resolved_against_the_page(fake, client):
    fake.page_size = 40
    fake.next_url_mode = "relative"
    assert [m["id"] for m in client.municipalities()] == [m["id"] for m in universe()[0]]
    assert all(r.startswith("/v3/municipality?") for r in fake.requests)
    assert len(fake.requests) == 8


def test_a_next_url_loop_stops_with_an_error(fake, client):
    fake.page_size = 50
    fake.next_url_mode = "loop"
    with pytest.raises(K.KoladaError, match="next_url.*ring"):
        client.municipalities()
    assert len(fake.requests) == 3  # page 1, page 2, then page 2 points back to page 1


def test_a_next_url_to_another_host_is_not_followed(fake, client):
    fake.page_size = 100
    fake.next_url_mode = "foreign"
    with pytest.raises(K.KoladaError, match="next_url pekar utanför"):
        client.municipalities()
    assert len(fake.requests) == 1


@pytest.mark.parametrize(
    "page, more",
    [
        ({"values": [], "count": 0}, None),
        ({"values": [], "count": 0, "next_url": None}, None),
        ({"values": [], "count": 0, "next_url": ""}, None),
        ({"values": [{}], "next_url": "x?page=2"}, "x?page=2"),  # count is optional
        ({"values": [], "count": None, "next_url": None, "previous_url": "y"}, None),
        ({"values": [{}], "count": 2}, None),  # count above the items on the page: accepted
        ({"values": [{}, {}], "count": 3130, "next_url": None}, None),
    ],
)
def test_the_envelope_ends_when_next_url_is_missing_null_or_empty(page, more):
    values, nxt = K.check_envelope(page, "u")
    assert values == page["values"] and nxt == more


@pytest.mark.parametrize(
    "page, field",
    [
        ([], "'values'"),
        ({"items": []}, "'values'"),
        ({"values": {"a": 1}}, "'values'"),
        ({"values": [1, 2]}, "'values'"),
        ({"values": [{}, {}], "count": 1}, "'count'"),  # fewer than the items sent
        ({"values": [{}], "count": "1"}, "'count'"),
        ({"values": [], "next_url": 5}, "'next_url'"),
    ],
)
def test_envelope_shape_errors_name_the_field(page, field):
    with pytest.raises(K.KoladaError, match=field):
        K.check_envelope(page, "u")


# ---------------------------------------------------------------- retries, timeouts, rate


def test_a_500_then_success_is_retried_after_a_backoff(fake, client, clock):
    fake.script("/v3/municipality", ("status", 500, {}, b"oops"))
    assert len(client.municipalities()) == 312
    assert len(requests_to(fake, "/v3/municipality")) == 2
    assert client.waits == [("backoff", 1.0)]


def test_the_backoff_grows_exponentially(fake, client):
    fake.script("/v3/municipality", *[("status", 503, {}, b"")] * 3)
    client.municipalities()
    assert [w for why, w in client.waits if why == "backoff"] == [1.0, 2.0, 4.0]


def test_the_backoff_is_capped(fake, clock):
    c = K.KoladaClient(fake.base_url, clock=clock, max_retries=6, backoff=10.0, max_backoff=30.0)
    fake.script("/v3/municipality", *[("status", 502, {}, b"")] * 5)
    c.municipalities()
    assert [w for why, w in c.waits if why == "backoff"] == [10.0, 20.0, 30.0, 30.0, 30.0]


def test_429_honours_retry_after_in_seconds(fake, client, clock):
    fake.script("/v3/municipality", ("status", 429, {"Retry-After": "7"}, b"slow down"))
    client.municipalities()
    assert client.waits == [("retry-after", 7.0)]
    assert clock.sleeps == [7.0]


def test_429_honours_retry_after_as_a_date(fake, client, clock):
    when = email.utils.formatdate(clock.wall() + 12, usegmt=True)
    fake.script("/v3/municipality", ("status", 429, {"Retry-After": when}, b""))
    client.municipalities()
    ((why, wait),) = client.waits
    assert why == "retry-after" and 11.0 <= wait <= 12.0


def test_a_retry_after_longer_than_allowed_fails_clearly(fake, client, clock):
    fake.script("/v3/municipality", ("status", 429, {"Retry-After": "3600"}, b""))
    with pytest.raises(K.KoladaError, match="Retry-After"):
        client.municipalities()
    assert clock.sleeps == []


def test_gives_up_after_the_last_retry(fake, client):
    fake.script("/v3/municipality", *[("status", 500, {}, b"")] * 10)
    with pytest.raises(K.KoladaError, match=r"5 försök.*HTTP 500"):
        client.municipalities()
    assert [w for _, w in client.waits] == [1.0, 2.0, 4.0, 8.0]
    assert len(fake.requests) == 5


def test_a_timeout_is_retried(fake, clock):
    c = K.KoladaClient(fake.base_url, clock=clock, timeout=0.3)
    fake.script("/v3/municipality", ("delay", 5))
    t0 = time.monotonic()
    assert len(c.municipalities()) == 312
    assert time.monotonic() - t0 < 3  # one real timeout; the backoff is virtual
    assert c.waits == [("backoff", 1.0)]


def test_timeouts_every_time_end_in_a_clear_error(fake, clock):
    c = K.KoladaClient(fake.base_url, clock=clock, timeout=0.2, max_retries=1)
    fake.script("/v3/municipality", ("delay", 5), ("delay", 5))
    with pytest.raises(K.KoladaError, match="ingen svar inom 0.2 s"):
        c.municipalities()


def test_a_refused_connection_is_retried_then_reported(clock):
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    c = K.KoladaClient(f"http://127.0.0.1:{port}/v3", clock=clock, max_retries=2)
    with pytest.raises(K.KoladaError, match="anslutningen"):
        c.municipalities()
    assert [w for _, w in c.waits] == [1.0, 2.0]


def test_an_answer_cut_off_midway_is_retried(fake, client):
    fake.script("/v3/municipality", ("cut", b'{"values": [{"id": "01'))
    assert len(client.municipalities()) == 312
    assert client.waits == [("backoff", 1.0)]


def test_a_404_is_not_retried(fake, client):
    with pytest.raises(K.KoladaError, match="HTTP 404"):
        client.get_all("no_such_endpoint")
    assert client.waits == [] and len(fake.requests) == 1


def test_at_most_five_requests_in_any_second_of_virtual_time(fake, client, clock):
    for _ in range(17):
        client.get_json(f"{fake.base_url}/municipality?per_page=5000")
    s = client.started
    assert len(s) == 17
    assert all(s[i + 5] - s[i] >= 1.0 - 1e-9 for i in range(len(s) - 5))
    assert s[-1] - s[0] == pytest.approx(3.0)  # bursts of five, one second apart
    assert all(why == "rate" for why, _ in client.waits)


def test_retries_count_against_the_rate_limit(fake, client):
    fake.script("/v3/municipality", *[("status", 503, {}, b"")] * 4)
    client.backoff = 0.0
    client.municipalities()
    s = client.started
    assert len(s) == 5 and s[-1] - s[0] == pytest.approx(0.0)
    client.municipalities()
    assert client.started[5] - client.started[0] >= 1.0


# ---------------------------------------------------------------- malformed answers


def test_malformed_json_is_a_clear_error(fake, client):
    fake.script("/v3/municipality", ("raw", b'{"values": [{"id": "0180",'))
    with pytest.raises(K.KoladaError, match="inte giltig JSON"):
        client.municipalities()


def test_an_answer_that_is_not_utf8_is_a_clear_error(fake, client):
    fake.script("/v3/municipality", ("raw", '{"values": [], "x": "Malmö"}'.encode("latin-1")))
    with pytest.raises(K.KoladaError, match="UTF-8"):
        client.municipalities()


def test_a_renamed_field_names_the_field_not_a_keyerror(fake, client):
    fake.rename = {"municipality": "municipality_id"}
    items = client.data("U33401", [2018])
    with pytest.raises(K.KoladaError, match="'municipality' saknas.*municipality_id"):
        K.parse_data(items, "data")


def test_a_renamed_envelope_field_is_a_clear_error(fake, client):
    fake.script("/v3/municipality", ("status", 200, {}, {"items": [], "count": 0}))
    with pytest.raises(K.KoladaError, match="'values' saknas"):
        client.municipalities()


def _data(**over):
    item = {
        "kpi": "N01951",
        "municipality": "0180",
        "period": 2024,
        "values": [{"gender": "T", "count": 1, "status": "", "value": 31.3}],
    }
    item.update(over)
    return item


@pytest.mark.parametrize(
    "item, field",
    [
        ({"municipality": "0180", "period": 2024, "values": []}, "'kpi'"),
        (_data(period="tjugo"), "'period'"),
        (_data(period=20.5), "'period'"),
        (_data(values="31.3"), "'values'"),
        (_data(values=[{"gender": "X", "value": 1.0}]), "'gender'"),
        (_data(values=[{"value": 1.0}]), "'gender'"),
        (_data(values=[{"gender": "T"}]), "'value'"),
        (_data(values=[{"gender": "T", "value": "31,3"}]), "'value'"),
        (_data(values=[{"gender": "T", "value": True}]), "'value'"),
        (_data(values=[{"gender": "T", "value": 1.0, "status": 3}]), "'status'"),
        (_data(values=[{"gender": "T", "value": 1.0, "count": "1"}]), "'count'"),
        (_data(values=[5]), "objekt"),
    ],
)
def test_data_shape_errors_name_the_field(item, field):
    with pytest.raises(K.KoladaError, match=field):
        K.parse_data([item])


def test_data_values_null_kept_as_missing_with_status_and_deleted_items_skipped():
    df = K.parse_data(
        [
            _data(values=[{"gender": "T", "count": 0, "status": "Saknas", "value": None}]),
            _data(period="2023", values=[{"gender": "K", "value": 2}, {"gender": "M", "value": 3, "isdeleted": 1}]),
            _data(period=2022, isdeleted=True),
            {**_data(period=2021), "extra": "ignored"},
        ]
    )
    assert df[["period", "gender"]].values.tolist() == [[2024, "T"], [2023, "K"], [2021, "T"]]
    assert math.isnan(df["value"].iloc[0]) and df["status"].iloc[0] == "Saknas"
    assert df["value"].iloc[1] == 2.0 and df["status"].iloc[1] == ""


@pytest.mark.parametrize(
    "parser, item, field",
    [
        (K.parse_kpis, {"title": "x"}, "'id'"),
        (K.parse_kpis, {"id": "N1", "name": "x"}, "'title'"),
        (K.parse_kpis, {"id": "N1", "title": "x", "description": 5}, "'description'"),
        (K.parse_municipalities, {"id": "0180", "title": "Stockholm", "type": "X"}, "'type'"),
        (K.parse_municipalities, {"id": "0180", "name": "Stockholm", "type": "K"}, "'title'"),
        (K.parse_municipalities, {"id": 180, "title": "Stockholm", "type": "K"}, "'id'"),
        (K.parse_groups, {"id": "G1", "title": "x"}, "'members'"),
        (K.parse_groups, {"id": "G1", "title": "x", "members": [{"id": "0180", "member_title": "S"}]}, "'member_id'"),
        (K.parse_groups, {"id": "G1", "title": "x", "members": [{"member_id": "0180"}]}, "'member_title'"),
        (
            K.parse_groups,
            {"id": "G1", "title": "x", "members": [{"member_id": 180, "member_title": "S"}]},
            "'member_id'",
        ),
    ],
)
def test_metadata_shape_errors_name_the_field(parser, item, field):
    with pytest.raises(K.KoladaError, match=field):
        parser([item])


def test_the_fake_serves_the_special_cases(fake, client):
    df = K.parse_data(client.data("U33401", [2013, 2016], ["0180", "0114"]))
    st = df[(df["kommun_kod"] == "0180") & (df["period"] == 2013)]
    assert math.isnan(st["value"].iloc[0]) and st["status"].iloc[0] == "Saknas"
    pop = K.parse_data(client.data("N01951", [2018], ["0180"]))
    assert list(pop["gender"]) == ["T", "K", "M"] and 999999.0 not in set(
        pop["value"]
    )  # the deleted duplicate is skipped


# ---------------------------------------------------------------- ids, years, base URL


def test_id_lists_are_chunked_at_25(fake, client):
    real = [m["id"] for m in universe()[1]][:12]
    ids = real + [f"N9{i:04d}" for i in range(30)]  # 42 ids
    got = client.kpis(ids)
    assert {k["id"] for k in got} == set(real)
    reqs = requests_to(fake, "/v3/kpi/")
    assert len(reqs) == 2 and all(len(r.split("?")[0].rsplit("/", 1)[1].split(",")) <= 25 for r in reqs)
    items = client.data("N01951", [2018], KOMMUNER[:60])
    assert (K.parse_data(items)["gender"] == "T").sum() == 60 and len(requests_to(fake, "/municipality/")) == 3


def test_the_fake_refuses_more_than_25_ids(fake, client):
    with pytest.raises(K.KoladaError, match="HTTP 422"):
        client.get_all("kpi/" + ",".join(f"N{i:05d}" for i in range(26)))


@pytest.mark.parametrize(
    "cli, env, expected",
    [
        (None, {}, K.DEFAULT_BASE_URL),
        (None, {K.ENV_BASE_URL: "http://127.0.0.1:9/v3/"}, "http://127.0.0.1:9/v3"),
        ("http://127.0.0.1:8/v3", {K.ENV_BASE_URL: "http://127.0.0.1:9/v3"}, "http://127.0.0.1:8/v3"),
        ("https://api.kolada.se/v3/", {}, K.DEFAULT_BASE_URL),
    ],
)
def test_base_url_from_option_then_environment_then_default(cli, env, expected):
    assert K.resolve_base_url(cli, env) == expected


@pytest.mark.parametrize("bad", ["api.kolada.se/v3", "ftp://x/v3", "http:///v3", "https://api.kolada.se/v3?x=1"])
def test_a_bad_base_url_is_refused(bad):
    with pytest.raises(K.KoladaError, match="bas-URL"):
        K.resolve_base_url(bad, {})


def test_only_the_real_base_counts_as_the_real_api():
    assert K.is_real_api("https://api.kolada.se/v3/")
    for other in (
        "http://api.kolada.se/v3",
        "https://api.kolada.se/v2",
        "http://127.0.0.1:80/v3",
        "https://api.kolada.se.example/v3",
    ):
        assert not K.is_real_api(other), other


@pytest.mark.parametrize(
    "text, years",
    [
        ("2013-2018", [2013, 2014, 2015, 2016, 2017, 2018]),
        ("2023,2024", [2023, 2024]),
        ("2013-2014, 2024 2013", [2013, 2014, 2024]),
    ],
)
def test_parse_years(text, years):
    assert K.parse_years(text) == years


@pytest.mark.parametrize("bad", ["", "13-18", "2018-2013", "2013-", "1800", "x"])
def test_parse_years_refuses(bad):
    with pytest.raises(ValueError):
        K.parse_years(bad)


@pytest.mark.parametrize(
    "title, code",
    [
        ("Storstäder (ovägt medel)", "A1"),
        ("Storstäder", "A1"),
        ("STORSTÄDER  (ovägt medel)", "A1"),
        ("Storstäder (A1)", "A1"),
        ("Pendlingskommun nära storstad (ovägt medel)", "A2"),
        ("Större stad (ovägt medel)", "B3"),
        ("Pendlingskommun nära större stad (ovägt medel)", "B4"),
        ("Lågpendlingskommun nära större stad (ovägt medel)", "B5"),
        ("Mindre stad/tätort (ovägt medel)", "C6"),
        ("Pendlingskommun nära mindre tätort (ovägt medel)", "C7"),
        ("Pendlingskommun nära mindre stad/tätort", "C7"),
        ("Landsbygdskommun, ej nära större stad (ovägt medel)", "C8"),
        ("Landsbygdskommun med besöksnäring (ovägt medel)", "C9"),
        ("Landsbygdskommun", None),  # not a group of the 2023 revision
        ("Storstäder och storstadsnära kommuner", None),
        ("Liknande kommuner, övergripande, Större stad, 2024", None),
        ("Kommuner i Stockholms län", None),
        ("Storstäder (testdata)", None),
    ],
)
def test_skr_groups_are_known_by_their_whole_title(title, code):
    assert K.skr_code_of_title(title) == code
    assert K.skr_title_names(title) == (K.SKR_GROUP_NAMES[code] if code else None)


def test_the_real_records_title_all_nine_groups_as_the_readme_says():
    """The answer key (ids -> groups, from the records' own README) against the title rule."""
    titles = {g["id"]: g["title"] for g in universe()[2]}
    from tests.fake_kolada.server import SKR_REAL

    for gid, (code, name) in SKR_REAL.items():
        assert K.skr_code_of_title(titles[gid]) == code and K.SKR_GROUP_NAMES[code] == name


@pytest.mark.parametrize(
    "row, today, latest",
    [
        ({"publ_period": "2025", "publication_date": "2026-09-23"}, dt.date(2026, 3, 23), 2024),  # before the date
        ({"publ_period": "2025", "publication_date": "2026-09-23"}, dt.date(2026, 9, 23), 2025),  # on the day
        ({"publ_period": "2026", "publication_date": "2027-02-24"}, dt.date(2026, 3, 23), 2025),  # N01951
        ({"publ_period": "2025", "publication_date": "2026-02-28"}, dt.date(2026, 3, 23), 2025),  # U33816: passed
        ({"publ_period": "2024", "publication_date": None}, dt.date(2026, 3, 1), 2024),
        ({"publ_period": None, "publication_date": None}, dt.date(2026, 3, 1), None),  # U33401
        (None, dt.date(2026, 3, 1), None),
    ],
)
def test_the_latest_published_year_is_read_from_publ_period_and_publication_date(row, today, latest):
    assert K.latest_published(row, today) == latest


def test_years_to_fetch_reach_the_latest_published_year_with_no_gap():
    before = K.years_to_fetch({"publ_period": "2025", "publication_date": "2026-09-23"}, dt.date(2026, 3, 23))
    assert before == list(range(2013, 2025))  # 2019-2023 too, not only the editions and one year
    after = K.years_to_fetch({"publ_period": "2025", "publication_date": "2026-09-23"}, dt.date(2026, 10, 1))
    assert after == list(range(2013, 2027))
    # no publication period (U33401): a window up to this year, what has values is kept
    assert K.years_to_fetch({"publ_period": None}, dt.date(2026, 3, 1)) == list(range(2013, 2027))
    assert all(len(K.years_to_fetch({"publ_period": None}, dt.date(y, 6, 1))) <= K.MAX_IDS for y in range(2019, 2038))


# ---------------------------------------------------------------- fetch end to end


def _fetch_cli(fake, out: Path, *extra) -> int:
    return main(["kolada", "fetch", "--base-url", fake.base_url, "--out", str(out), *extra])


@pytest.fixture(scope="module")
def fetched(tmp_path_factory):
    """A cache fetched once from the fake serving the real records, on NOW_BEFORE (read only)."""
    server = FakeKolada(page_size=1000, now=NOW_BEFORE.date()).start()
    clock = FakeClock()
    try:
        out = tmp_path_factory.mktemp("kolada") / "kolada"
        client = K.KoladaClient(server.base_url, clock=clock)
        K.fetch(out, base_url=server.base_url, client=client, now=NOW_BEFORE)
    finally:
        server.stop()
    return out


def test_fetch_command_end_to_end(fake, tmp_path, virtual_time, capsys):
    fake.page_size = 500
    fake.now = dt.date.today()  # the command fetches as of today
    out = tmp_path / "kolada"
    out.mkdir()
    (out / "README.md").write_text("only a readme in the repository\n")
    assert _fetch_cli(fake, out) == 0
    o, e = capsys.readouterr()
    assert "INTE Koladas API" in e and "testdata" in o
    total = len(K.DEFAULT_KPIS) + 4
    assert f"[########################] {total}/{total}" in e  # the progress bar reached the end
    assert sorted(p.name for p in out.iterdir()) == sorted(K.CACHE_FILES | {"README.md"})
    assert (out / "README.md").read_text() == "only a readme in the repository\n"
    assert not list(tmp_path.glob(".kolada.*"))  # nothing left beside it
    meta = json.loads((out / "meta.json").read_text())
    assert meta["source"] == "test" and meta["real_api"] is False and meta["base_url"] == fake.base_url
    assert meta["fetched_at"].endswith("+00:00")
    assert meta["urls"] and all(u.startswith(fake.base_url + "/") for u in meta["urls"])
    assert not any("/municipality_groups/" in u for u in meta["urls"])  # the listing has the members
    assert meta["kpis"] == list(K.DEFAULT_KPIS)
    today = dt.date.today()
    assert meta["years"]["U33401"] == list(range(2013, today.year + 1))
    for k in K.DEFAULT_KPIS:  # the latest published year of every default key figure is stored
        assert meta["latest_year"][k] == latest_year_on(KPI_META[k], today), k
    assert not [w for w in meta["warnings"] if "senaste år" in w or "SKR" in w]
    cache = K.load_cache(out)
    assert not cache.is_real
    assert len(cache.municipalities) == 312 and (cache.municipalities["kind"] == "kommun").sum() == 290
    assert set(cache.values["kpi"]) == set(K.DEFAULT_KPIS)
    assert len(cache.skr_groups) == 290 and cache.skr_groups["group_code"].nunique() == 9
    assert cache.rka_groups["kommun_kod"].nunique() == 290
    assert all(u.startswith(fake.base_url) for u in meta["urls"])
    assert max(len(u) for u in meta["urls"]) < 2000


def test_fetch_with_kpi_and_years_options(fake, tmp_path, virtual_time):
    out = tmp_path / "k"
    assert _fetch_cli(fake, out, "--kpi", "N01951, u33401", "--years", "2016-2017") == 0
    cache = K.load_cache(out)
    assert set(cache.values["kpi"]) == {"N01951", "U33401"}
    assert set(cache.values["period"]) == {2016, 2017}


def test_fetch_reads_the_base_url_from_the_environment(fake, tmp_path, virtual_time, monkeypatch):
    monkeypatch.setenv(K.ENV_BASE_URL, fake.base_url)
    assert main(["kolada", "fetch", "--kpi", "N01951", "--years", "2018", "--out", str(tmp_path / "k")]) == 0
    assert json.loads((tmp_path / "k" / "meta.json").read_text())["base_url"] == fake.base_url


@pytest.mark.parametrize(
    "args, msg",
    [
        (["--years", "2018-2013"], "baklänges"),
        (["--kpi", "N1951"], "okänt format"),
        (["--base-url", "ftp://x/v3"], "bas-URL"),
    ],
)
def test_fetch_refuses_bad_options(fake, tmp_path, virtual_time, capsys, args, msg):
    assert _fetch_cli(fake, tmp_path / "k", *args) == 2
    assert msg in capsys.readouterr().err
    assert not (tmp_path / "k").exists()


def test_a_failed_fetch_leaves_the_previous_cache_untouched(fake, tmp_path, virtual_time, capsys):
    out = tmp_path / "kolada"
    assert _fetch_cli(fake, out, "--kpi", "N01951", "--years", "2018") == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    fake.script("/v3/municipality_groups", *[("status", 500, {}, b"")] * 10)
    assert _fetch_cli(fake, out, "--kpi", "N01951", "--years", "2018") == 2
    assert "ingenting skrevs" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert not list(tmp_path.glob(".kolada.*"))


def test_a_write_that_fails_at_the_end_leaves_the_previous_cache(fetched, tmp_path, monkeypatch):
    out = tmp_path / "kolada"
    shutil.copytree(fetched, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    cache = K.load_cache(out)
    tables = {
        "kpis": cache.kpis,
        "values": cache.values,
        "municipalities": cache.municipalities,
        "skr_groups": cache.skr_groups,
        "rka_groups": cache.rka_groups.drop(columns=["member_id"]),
    }
    with pytest.raises(KeyError):
        K.write_cache(out, tables, dict(cache.meta))
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert not list(tmp_path.glob(".kolada.*"))


def test_a_crash_between_the_renames_is_repaired(fetched, tmp_path):
    out = tmp_path / "kolada"
    old = tmp_path / ".kolada.old-123"
    shutil.copytree(fetched, old)  # the state after the first rename
    assert K.load_cache(out) is not None  # reading puts the previous cache back
    assert out.is_dir() and not old.exists()


def _skr_fetch(fake, out, capsys) -> tuple[K.KoladaCache, str]:
    assert _fetch_cli(fake, out, "--kpi", "N01951", "--years", "2018") == 0
    return K.load_cache(out), capsys.readouterr().err


def test_a_missing_skr_group_keeps_the_values_and_uses_no_groups(fake, tmp_path, virtual_time, capsys):
    fake.titles["G92793"] = "Pendlingskommun nära storstad (testdata)"  # A2 no longer found by title
    cache, err = _skr_fetch(fake, tmp_path / "k", capsys)
    assert "SKR:s kommungrupper används inte" in err and "saknas: A2 Pendlingskommun nära storstad" in err
    assert "8 grupper hittades" in err and "G92787" in err  # names what was found
    assert cache.skr_groups.empty and len(cache.values) > 0
    assert cache.meta["skr_groups"]["usable"] is False and "A2" not in cache.meta["skr_groups"]["groups"]
    assert K.peers(cache, "skr", "0180") == []
    assert any("SKR:s kommungrupper används inte" in w for w in cache.meta["warnings"])


def test_two_groups_with_one_name_are_not_used(fake, tmp_path, virtual_time, capsys):
    fake.extra_groups = [
        {"id": "G99001", "title": "Storstäder", "members": [{"member_id": "0180", "member_title": "Stockholm"}]}
    ]
    cache, err = _skr_fetch(fake, tmp_path / "k", capsys)
    assert "flera grupper med samma namn: A1 Storstäder (G92787, G99001)" in err
    assert cache.skr_groups.empty and cache.meta["skr_groups"]["groups"]["A1"][1]["id"] == "G99001"


def test_a_municipality_in_none_or_two_groups_means_no_groups(fake, tmp_path, virtual_time, capsys):
    fake.drop_groups = {"G92787"}
    fake.extra_groups = [
        {
            "id": "G99002",
            "title": "Storstäder (ovägt medel)",
            "members": [{"member_id": c, "member_title": c} for c in ("0180", "1480", "0114")],
        }
    ]  # no Göteborg; 0114 is A2
    cache, err = _skr_fetch(fake, tmp_path / "k", capsys)
    assert "1 kommuner står i flera grupper (0114)" in err
    assert "1 av 290 kommuner står i ingen grupp (1280)" in err
    assert cache.skr_groups.empty and not cache.meta["skr_groups"]["usable"]


def test_every_municipality_gets_its_real_skr_group(fetched):
    """Against the real records: all 290 in the group the records' ids say, by title alone."""
    cache = K.load_cache(fetched)
    got = dict(zip(cache.skr_groups["kommun_kod"], cache.skr_groups["group_code"]))
    key = skr_answer_key()
    assert len(key) == 290
    wrong = {c: (got.get(c), code) for c, (code, _) in key.items() if got.get(c) != code}
    assert wrong == {}, f"{len(wrong)} of 290 municipalities lack their SKR group or have the wrong one"
    assert all(got[c] == "A1" for c in ("0180", "1280", "1480"))
    names = dict(zip(cache.skr_groups["kommun_kod"], cache.skr_groups["group_name"]))
    assert {names[c] for c in ("0180", "1280", "1480")} == {"Storstäder"}
    assert cache.meta["skr_groups"]["usable"] is True and len(cache.meta["skr_groups"]["groups"]) == 9
    assert not [w for w in cache.meta["warnings"] if "SKR" in w]


def test_riket_is_stored_as_riket_not_as_a_region(fetched):
    m = K.load_cache(fetched).municipalities.set_index("id")
    assert m.loc["0000", "type"] == "L" and m.loc["0000", "kind"] == "riket"
    assert (m["kind"] == "region").sum() == 21 and (m["kind"] == "kommun").sum() == 290


@pytest.mark.parametrize("now", [NOW_BEFORE, NOW_AFTER], ids=["before", "after"])
def test_the_latest_published_year_of_every_default_kpi_is_stored(tmp_path, now):
    server = FakeKolada(page_size=5000, now=now.date()).start()
    try:
        meta = K.fetch(
            tmp_path / "k", base_url=server.base_url, client=K.KoladaClient(server.base_url, clock=FakeClock()), now=now
        )
    finally:
        server.stop()
    expected = {k: latest_year_on(KPI_META[k], now.date()) for k in K.DEFAULT_KPIS}
    assert meta["latest_year"] == expected
    cache = K.load_cache(tmp_path / "k")
    assert dict(zip(cache.kpis["id"], cache.kpis["latest_year"].astype(int))) == expected
    h = K.headline(cache.values)
    for k, y in expected.items():
        assert (h[(h["kpi"] == k) & (h["period"] == y)]["value"].notna()).any(), k
    if now is NOW_BEFORE:
        assert expected["N33818"] == 2024 and expected["U33901"] == 2025 and expected["U33816"] == 2025
    else:
        assert expected["N33818"] == 2025 and expected["U33901"] == 2026 and expected["N01951"] == 2025
    assert not [w for w in meta["warnings"] if "senaste år" in w]


def test_a_latest_year_without_values_is_warned_about(fake, tmp_path):
    fake.now = RECORDED  # the server has only what was published on the day of the records
    meta = K.fetch(
        tmp_path / "k",
        ["N33818"],
        base_url=fake.base_url,
        client=K.KoladaClient(fake.base_url, clock=FakeClock()),
        now=NOW_AFTER,
    )
    assert meta["latest_year"]["N33818"] == 2024
    assert any("N33818: senaste år med värden är 2024, men Kolada anger att 2025" in w for w in meta["warnings"])


def test_rka_groups_come_from_the_listing_by_title_and_the_latest_year_wins(fetched):
    cache = K.load_cache(fetched)
    r = cache.rka_groups
    st = r[r["kommun_kod"] == "0180"]
    assert set(st["group_id"]) == {"G37523"}  # not the older 2021 group, not the IFO group
    assert st["group_title"].iloc[0] == "Liknande kommuner, övergripande, Stockholm, 2025"
    assert (st["year"] == 2025).all() and len(st) == 7
    assert (r.groupby("kommun_kod").size() == 7).all()
    assert "0180" not in set(st["member_id"])
    assert any("Testköping" in w for w in cache.meta["warnings"])


def test_group_members_in_the_listing_save_the_requests_by_id(fake, tmp_path, virtual_time):
    assert _fetch_cli(fake, tmp_path / "k", "--kpi", "N01951", "--years", "2018") == 0
    assert not [r for r in fake.requests if "/municipality_groups/" in r]
    assert K.load_cache(tmp_path / "k").rka_groups["kommun_kod"].nunique() == 290


def test_without_listing_members_they_are_fetched_by_id_in_chunks(fake, tmp_path, virtual_time):
    fake.list_members = False
    assert _fetch_cli(fake, tmp_path / "k", "--kpi", "N01951", "--years", "2018") == 0
    by_id = [r for r in fake.requests if "/municipality_groups/" in r]
    assert len(by_id) == math.ceil((9 + 290) / 25)  # SKR's nine and RKA's 290, 25 a request
    cache = K.load_cache(tmp_path / "k")
    assert len(cache.skr_groups) == 290 and cache.rka_groups["kommun_kod"].nunique() == 290


# ---------------------------------------------------------------- the cache


def test_no_cache_is_none_and_peers_degrade_to_empty(tmp_path, monkeypatch, sample_data):
    assert K.load_cache(tmp_path / "nothing") is None
    assert K.load_cache(tmp_path) is None
    monkeypatch.setattr(KC, "KOLADA_DIR", tmp_path / "nothing")
    assert UD.kolada_cache() == (None, [])
    for kind in ("skr", "rka"):
        assert analysis.peer_group(kind, "0180", sample_data, CAT, 2018, {}) == []
        assert K.peers(None, kind, "0180") == []


def test_a_changed_table_makes_the_cache_unusable(fetched, tmp_path, monkeypatch):
    out = tmp_path / "kolada"
    shutil.copytree(fetched, out)
    df = pd.read_parquet(out / "values.parquet")
    df.loc[0, "value"] = 1.0
    df.to_parquet(out / "values.parquet", index=False)
    with pytest.raises(K.CacheError, match="values.parquet: kontrollsumman"):
        K.load_cache(out)
    monkeypatch.setattr(KC, "KOLADA_DIR", out)
    cache, problems = UD.kolada_cache()
    assert cache is None and any("values.parquet: kontrollsumman" in p for p in problems)


@pytest.mark.parametrize(
    "damage, msg",
    [
        (lambda d: (d / "skr_groups.parquet").unlink(), "skr_groups.parquet saknas"),
        (lambda d: (d / "meta.json").write_text("{"), "meta.json kan inte läsas"),
        (lambda d: (d / "meta.json").write_text("[]"), "meta.json kan inte läsas"),
        (lambda d: (d / "meta.json").write_text('{"format": 1}'), "står inte med"),
    ],
)
def test_a_damaged_cache_says_what_is_wrong(fetched, tmp_path, damage, msg):
    out = tmp_path / "kolada"
    shutil.copytree(fetched, out)
    damage(out)
    with pytest.raises(K.CacheError, match=msg):
        K.load_cache(out)


def _as_if_real(src: Path, dst: Path) -> Path:
    """A copy of a cache whose meta.json says it came from the real API (to test the labels)."""
    shutil.copytree(src, dst)
    meta = json.loads((dst / "meta.json").read_text())
    meta.update(source="kolada", real_api=True, base_url=K.DEFAULT_BASE_URL)
    (dst / "meta.json").write_text(json.dumps(meta))
    return dst


def test_a_cache_claims_to_be_real_only_with_the_real_base(fetched, tmp_path):
    real = K.load_cache(_as_if_real(fetched, tmp_path / "real"))
    assert real.is_real
    meta = json.loads((tmp_path / "real" / "meta.json").read_text())
    meta["base_url"] = "http://127.0.0.1:1/v3"
    (tmp_path / "real" / "meta.json").write_text(json.dumps(meta))
    assert not K.load_cache(tmp_path / "real").is_real


# ---------------------------------------------------------------- what the app shows


def test_official_view_on_test_data_never_says_kolada_is_the_source(fetched):
    cache = K.load_cache(fetched)
    for lang in ("sv", "en"):
        v = KV.official_view(cache, "0180", 2014, lang, kommun="Stockholm")
        assert v.is_test
        assert "TESTDATA" in v.title or "TEST DATA" in v.title
        assert "Källa: Kolada" not in v.source and "Source: Kolada" not in v.source
        assert "127" in v.source
        assert (
            t("kolada_col_riket_test", lang) in v.table.columns and t("kolada_col_riket", lang) not in v.table.columns
        )
        assert v.notes == [
            t(
                "kolada_own_processing_test",
                lang,
                group="Storstäder \\(A1\\)" if lang == "sv" else "Large cities \\(A1\\)",
            )
        ]
        assert "Kolada" not in " ".join(v.notes).replace("inte från Kolada", "").replace("not from Kolada", "")


def test_official_view_shows_each_kpis_title_year_and_own_processing_labelled(fetched, tmp_path):
    cache = K.load_cache(_as_if_real(fetched, tmp_path / "real"))
    v = KV.official_view(cache, "0180", 2014, "sv", kommun="Stockholm")
    assert not v.is_test and v.source.startswith("Källa: Kolada")
    assert v.title == "Stockholm: officiell statistik från Kolada kring upplagan 2014"
    tab = v.table.set_index(t("kolada_col_id", "sv"))
    assert list(tab.index) == list(K.OFFICIAL_KPIS)
    assert tab.loc["N01951", t("kolada_col_kpi", "sv")] == "Invånare totalt, antal"  # Kolada's own title
    # U33401 is missing for Stockholm 2013-2015: the nearest fetched year with a value, said so
    assert tab.loc["U33401", t("kolada_col_year_nearest", "sv")] == "2016"
    assert "närmaste år med värde: 2016 (upplagan är 2014)" in tab.loc["U33401", t("kolada_col_note", "sv")]
    assert tab.loc["U33816", t("kolada_col_year_nearest", "sv")] == "2014"
    assert tab.loc["U33816", t("kolada_col_note", "sv")] == ""
    assert "egen bearbetning" in t("kolada_col_rank_own", "sv") and "egen bearbetning" in t(
        "kolada_col_group_median_own", "sv"
    )
    assert tab.loc["N01951", t("kolada_col_rank_own", "sv")].endswith("av 290 (1 = högst)")
    assert tab.loc["U33401", t("kolada_col_rank_own", "sv")].endswith(
        "(1 = lägst)"
    )  # a long time is not a high position
    assert any("egen bearbetning" in n for n in v.notes)
    # the population is a whole number with a thousands separator
    val = tab.loc["N01951", t("kolada_col_value", "sv")]
    assert "\u00a0" in val and "," not in val


def test_official_view_value_and_rank_follow_the_data(fetched):
    cache = K.load_cache(fetched)
    h = K.headline(cache.values)
    y = h[(h["kpi"] == "U33816") & (h["period"] == 2017) & h["kommun_kod"].isin(KOMMUNER)]
    mine = float(y.loc[y["kommun_kod"] == "1480", "value"].iloc[0])
    v = KV.official_view(cache, "1480", 2017, "en", kommun="Göteborg").table.set_index(t("kolada_col_id", "en"))
    assert v.loc["U33816", t("kolada_col_value", "en")] == f"{mine:.1f}".rstrip("0").rstrip(".")
    pos = int((y["value"] > mine).sum()) + 1
    assert v.loc["U33816", t("kolada_col_rank_own", "en")] == f"{pos} of 290 (1 = highest)"
    riket = float(h[(h["kpi"] == "U33816") & (h["period"] == 2017) & (h["kommun_kod"] == "0000")]["value"].iloc[0])
    assert v.loc["U33816", t("kolada_col_riket_test", "en")] == f"{riket:.1f}".rstrip("0").rstrip(".")


def test_a_kpi_with_only_women_and_men_says_which_it_shows(fetched):
    cache = K.load_cache(fetched)
    h = K.headline(cache.values)
    assert set(h.loc[h["kpi"] == "N01948", "gender"]) == {"K"}
    assert set(h.loc[h["kpi"] == "N33818", "gender"]) == {"T"}
    v = KV.official_view(cache, "0180", 2018, "sv", kpis=("N01948", "N33818")).table
    notes = v[t("kolada_col_note", "sv")].tolist()
    assert "avser kvinnor" in notes[0] and notes[1] == ""


def test_a_kpi_not_in_the_cache_is_a_row_saying_so(fetched):
    v = KV.official_view(K.load_cache(fetched), "0180", 2018, "sv", kpis=("N99999",)).table
    note = v[t("kolada_col_note", "sv")].iloc[0]
    assert "finns inte i den hämtade kopian" in note and v[t("kolada_col_value", "sv")].iloc[0] == "–"


@pytest.mark.parametrize(
    "years, target, nearest",
    [
        ([2013, 2016, 2024], 2014, 2013),
        ([2016, 2024], 2014, 2016),
        ([2012, 2016], 2014, 2012),
        ([], 2014, None),
    ],
)
def test_nearest_year_prefers_the_earlier_on_a_tie(years, target, nearest):
    assert K.nearest_year(years, target) == nearest


def test_peer_kinds_from_the_cache(fetched, sample_data):
    cache = K.load_cache(fetched)
    skr = analysis.peer_group("skr", "0180", sample_data, CAT, 2018, {}, kolada_peers=K.peers(cache, "skr", "0180"))
    assert skr == ["1280", "1480"]
    rka = analysis.peer_group("rka", "0180", sample_data, CAT, 2018, {}, kolada_peers=K.peers(cache, "rka", "0180"))
    assert rka == ["0380", "0580", "0581", "1280", "1480", "1880", "1980"]
    assert "0180" not in skr + rka
    assert analysis.peer_group("skr", None, sample_data, CAT, 2018, {}, kolada_peers=K.peers(cache, "skr", None)) == []
    # test data says so, never "from Kolada"
    assert KV.peer_label(cache, "skr", "0180", "sv") == t(
        "kolada_peer_skr_label_test", "sv", group="Storstäder (A1)", revision=2023
    )
    assert "Large cities (A1)" in KV.peer_label(cache, "skr", "0180", "en")
    assert "Stockholm, 2025" in KV.peer_label(cache, "rka", "0180", "sv") and "TESTDATA" in KV.peer_label(
        cache, "rka", "0180", "sv"
    )
    assert KV.peer_label(cache, "lan", "0180", "sv") is None and KV.peer_label(None, "skr", "0180", "sv") is None


def test_peer_labels_from_the_real_api_name_kolada(fetched, tmp_path):
    cache = K.load_cache(_as_if_real(fetched, tmp_path / "real"))
    assert KV.peer_label(cache, "skr", "0180", "sv") == t(
        "kolada_peer_skr_label", "sv", group="Storstäder (A1)", revision=2023
    )
    assert KV.peer_label(cache, "rka", "0180", "en") == t(
        "kolada_peer_rka_label", "en", title="Liknande kommuner, övergripande, Stockholm, 2025"
    )


def test_the_default_cache_is_read_from_data_kolada(fetched, monkeypatch):
    """The app reads the copy in data/kolada (KOLADA_DIR) and passes its groups to the explorer."""
    monkeypatch.setattr(KC, "KOLADA_DIR", fetched)
    assert UD.peers("skr", "0180", 2018, ()) == ["1280", "1480"]


def test_the_url_accepts_the_new_peer_kinds():
    assert {"skr", "rka"} <= set(PEER_KINDS)
    for kind in ("skr", "rka"):
        state, msgs = parse({"jamfor": kind, "kommun": "0180"}, CAT, KOMMUNER, [2013, 2018])
        assert state.jamfor == kind and msgs == []
        assert t(f"peer_{kind}", "sv") and t(f"peer_{kind}", "en")


def test_the_repository_holds_only_the_snapshot_and_its_sources():
    """Tracked in data/kolada: the README, the trimmed open-numbers copy (ddf/), the groups
    (groups/) and the snapshot imported from them; never a fetched or test copy."""
    import subprocess

    d = Path(__file__).resolve().parent.parent / "data" / "kolada"
    assert (d / "README.md").is_file()
    r = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", str(d)],
        cwd=d.parent.parent,
        capture_output=True,
        text=True,
    )
    if r.returncode == 0:  # what git would commit: tracked files and files not ignored
        top = {Path(x).relative_to("data/kolada").parts[0] for x in r.stdout.split()}
        assert top <= {"README.md", ".gitignore", "ddf", "groups"} | set(K.CACHE_FILES), r.stdout
    meta = json.loads((d / "meta.json").read_text(encoding="utf-8"))
    # the snapshot, or (after a local fetch) a copy from the real API; never a test server's
    assert (meta["source"] == "kolada-ddf" and meta["ddf"]["verified"] is True) or meta["real_api"] is True


# ---------------------------------------------------------------- the Streamlit side (AppTest, no browser)


def _official_app():
    from barnbaro.explore.urlstate import ViewState
    from barnbaro.ui import kolada as KU

    KU.official_figures(ViewState(upplaga=2014, kommuner=("0180",)), "0180")


def _structure_app():
    from barnbaro.explore.urlstate import ViewState
    from barnbaro.ui import kolada as KU

    KU.structure_check(ViewState(indikator="utvardering_upplevelser", upplaga=2018))


def _peer_app():
    from barnbaro.explore.urlstate import ViewState
    from barnbaro.ui import kolada as KU

    KU.peer_note(ViewState(jamfor="rka", kommuner=("0180",)), "0180")


def _texts(at) -> str:
    parts = []
    for kind in ("info", "warning", "caption", "markdown", "subheader", "error"):
        parts += [e.value for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("app", [_official_app, _structure_app, _peer_app])
def test_without_a_cache_each_place_says_so_and_gives_the_command(app, tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setattr(KC, "KOLADA_DIR", tmp_path / "none")
    at = AppTest.from_function(app, default_timeout=60).run()
    assert not at.exception
    assert len(at.info) == 1 and K.FETCH_COMMAND in at.info[0].value
    assert not at.dataframe


def _run_with_kolada(app, kolada_dir, monkeypatch, timeout: float = 60):
    """Run `app` in AppTest with the Kolada cache at `kolada_dir`: (the run, its texts)."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setattr(KC, "KOLADA_DIR", kolada_dir)
    at = AppTest.from_function(app, default_timeout=timeout).run()
    assert not at.exception
    return at, _texts(at)


def test_the_app_shows_test_data_as_test_data(fetched, monkeypatch):
    at, text = _run_with_kolada(_official_app, fetched, monkeypatch, timeout=60)
    assert "Testdata, inte Kolada" in text and "TESTDATA" in text
    assert "Källa: Kolada" not in text
    assert len(at.dataframe) == 1


def test_the_app_shows_real_data_with_its_source(fetched, tmp_path, monkeypatch):
    at, text = _run_with_kolada(_official_app, _as_if_real(fetched, tmp_path / "real"), monkeypatch, timeout=60)
    assert "Källa: Kolada (RKA)" in text and "Testdata" not in text


def test_the_app_structure_check_renders(fetched, monkeypatch):
    at, text = _run_with_kolada(_structure_app, fetched, monkeypatch, timeout=120)
    assert "exempeldata" in text and "byggda utan något sådant mönster" in text
    assert "storstad/glesbygd" in text
    assert "testdata" in text  # the groups are test data here
    assert len(at.dataframe) == 1


def _skr_peer_app():
    from barnbaro.explore.urlstate import ViewState
    from barnbaro.ui import kolada as KU

    KU.peer_note(ViewState(jamfor="skr", kommuner=("0180",)), "0180")


def _without_skr(src: Path, dst: Path) -> Path:
    """A copy of a cache as a fetch writes it when SKR's groups could not be used."""
    shutil.copytree(src, dst)
    cache = K.load_cache(dst)
    tables = {n: getattr(cache, n) for n in K.TABLES} | {"skr_groups": cache.skr_groups.iloc[0:0]}
    K.write_cache(
        dst,
        tables,
        {k: v for k, v in cache.meta.items() if k != "tables"}
        | {"skr_groups": {"usable": False, "problems": ["saknas: A2"], "groups": {}}},
    )
    return dst


@pytest.mark.parametrize("app", [_structure_app, _skr_peer_app])
def test_the_app_says_the_skr_groups_are_missing_from_the_copy(app, fetched, tmp_path, monkeypatch):
    at, text = _run_with_kolada(app, _without_skr(fetched, tmp_path / "k"), monkeypatch)
    assert t("kolada_skr_missing", "sv") in [w.value for w in at.warning]
    assert not at.dataframe


def test_a_broken_cache_is_said_to_be_broken(fetched, tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    out = tmp_path / "kolada"
    shutil.copytree(fetched, out)
    (out / "kpis.parquet").write_bytes(b"not parquet")
    monkeypatch.setattr(KC, "KOLADA_DIR", out)
    at = AppTest.from_function(_official_app, default_timeout=60).run()
    assert not at.exception
    assert K.FETCH_COMMAND in at.warning[0].value and not at.dataframe


def test_repository_holds_no_kolada_data_but_the_snapshot_or_from_the_real_api():
    """data/kolada holds the snapshot imported from the open-numbers copy, or (after a fetch) a
    copy from the real API: never one from a test server."""
    import json as _json

    from barnbaro.core import paths as _paths

    meta = _json.loads((_paths.DATA / "kolada" / "meta.json").read_text(encoding="utf-8"))
    assert meta.get("source") in ("kolada", "kolada-ddf"), "a cache from a test server must never be committed"
    assert meta.get("real_api") is True or meta["ddf"]["verified"] is True
