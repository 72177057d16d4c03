"""The Kolada cache built from open-numbers' DDF copy of Kolada (barnbaro.kolada.ddf): the strict
reader, `kolada import-ddf`, the trimmed copy and groups in data/kolada/, and the committed cache.

The trimmed copy in data/kolada/ddf is the dump's own files (open-numbers/ddf--kolada--dump,
commit 8501d5c, scraped 2024-08-30); the groups file holds records the live Kolada v3 API
returned, as kept by the R package rKolada (R/sysdata.rda, built 2026-03-23)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from barnbaro import cli
from barnbaro import kolada as K
from barnbaro.core import paths
from barnbaro.kolada import ddf as D

TRIMMED = D.DDF_DIR
COMMITTED = paths.DATA / "kolada"
U = "datapoints--by--geo--year/ddf--datapoints--u33401--by--geo--year.csv"
UG = "datapoints--by--geo--gender--year/ddf--datapoints--u33401--by--geo--gender--year.csv"


@pytest.fixture(scope="module")
def real():
    return D.read_ddf(TRIMMED)


def _small(
    tmp_path: Path,
    rows: str = "0180,2018,116.0\n0484,2018,120.0\n0,2018,110.0\n01,2018,105.0\n",
    gender: str | None = None,
) -> Path:
    """A small DDF copy: the real entity and concept files, one key figure with the given rows."""
    d = tmp_path / "ddf"
    d.mkdir()
    for name in (D.CONCEPTS, D.KOMMUN, D.REGION, D.RIKE):
        shutil.copy(TRIMMED / name, d / name)
    (d / U).parent.mkdir(parents=True)
    (d / U).write_text("geo,year,u33401\n" + rows, encoding="utf-8")
    if gender is not None:
        (d / UG).parent.mkdir(parents=True)
        (d / UG).write_text("geo,gender,year,u33401\n" + gender, encoding="utf-8")
    return d


# ---------------------------------------------------------------- the real trimmed copy


def test_the_trimmed_copy_is_the_dumps_own_files(real):
    assert real.verified
    assert set(real.files) == {str(p.relative_to(TRIMMED)) for p in TRIMMED.rglob("*.csv")}
    assert all(real.files[n] in D.KNOWN_BLOBS[n] for n in real.files)
    assert (TRIMMED / "README.md").is_file() and D.COMMIT in (TRIMMED / "README.md").read_text(encoding="utf-8")


def test_the_copy_lacks_exactly_the_four_figures_the_dump_does_not_hold(real):
    assert real.lacking == ["U33816", "N33818", "N33006", "N30223"]
    assert set(real.kpis) == set(D.IMPORT_KPIS) - set(real.lacking)
    assert {"N33816", "N33817", "N33001"} <= set(real.kpis)


def _value(read, kpi, code, year, gender="T"):
    v = read.tables["values"]
    hit = v[(v["kpi"] == kpi) & (v["kommun_kod"] == code) & (v["period"] == year) & (v["gender"] == gender)]
    assert len(hit) == 1, (kpi, code, year, gender, len(hit))
    return float(hit["value"].iloc[0])


def test_spot_checks_hold_on_the_real_values(real):
    assert _value(real, "N01951", "0180", 2022) == 984748
    assert _value(real, "U33401", "0180", 2022) == 116
    assert _value(real, "U33401", "0484", 2018) == 120  # Eskilstuna
    assert _value(real, "U33901", "0484", 2016) == 40
    # riket "0" is Kolada's 0000, county "01" Kolada's 0001
    assert _value(real, "N01951", "0000", 2022) == 10521556
    assert _value(real, "N01951", "0001", 2022) > 2_000_000
    # genders from the gender file, lower case in DDF, K/M in the cache
    assert _value(real, "U33401", "0885", 2014, "K") == 103 and _value(real, "U33401", "0885", 2014, "M") == 117


def test_the_municipality_table_has_kolada_shape(real):
    m = real.tables["municipalities"]
    assert list(m.columns) == K.COLUMNS["municipalities"]
    assert (m["type"] == "K").sum() == 290 and (m["type"] == "L").sum() == 22  # 21 regions and riket
    assert m["kind"].value_counts().to_dict() == {"kommun": 290, "region": 21, "riket": 1}
    assert m.set_index("id").loc["0000", "title"] == "Riket"
    assert m.set_index("id").loc["0484", "title"] == "Eskilstuna"


def test_figures_are_kept_apart_and_under_their_own_titles(real):
    v = real.tables["values"]
    assert "N33818" not in set(v["kpi"]) and "N33006" not in set(v["kpi"])
    titles = dict(zip(real.tables["kpis"]["id"], real.tables["kpis"]["title"]))
    assert "HVB" in titles["N33816"] and "familjehem" in titles["N33817"].lower()
    assert "kr/inv" in titles["N33001"] and "0-20" not in titles["N33001"]
    assert titles["U33401"].startswith("Utredningstid")


def test_kpis_carry_their_latest_year_and_no_publication_claims(real):
    k = real.tables["kpis"].set_index("id")
    assert list(real.tables["kpis"].columns) == K.COLUMNS["kpis"]
    assert k.loc["U33401", "latest_year"] == "2022" and k.loc["U33901", "latest_year"] == "2022"
    assert k["publ_period"].isna().all() and k["publication_date"].isna().all()


def test_values_have_the_fetchs_types():
    empty = K.parse_data([])
    got = D.read_ddf(TRIMMED, ["U33401"], [2018]).tables["values"]
    assert list(got.columns) == list(empty.columns)
    assert dict(got.dtypes) == dict(empty.dtypes)
    assert set(got["period"]) == {2018} and set(got["status"]) == {""} and got["count"].isna().all()


# ---------------------------------------------------------------- malformed files stop, naming file and line

BAD = [
    ("header", {"header": "geo,year,value\n"}, U, 1, "kolumnerna"),
    ("unknown geo", {"rows": "0180,2018,1.0\n9999,2018,2.0\n"}, U, 3, "9999"),
    ("deso code", {"rows": "0180,2018,1.0\n0114A0010,2018,2.0\n"}, U, 3, "0114A0010"),
    ("year not a year", {"rows": "0180,2018,1.0\n0484,18,2.0\n"}, U, 3, "året"),
    ("year out of range", {"rows": "0180,2031,1.0\n"}, U, 2, "2031"),
    ("decimal comma", {"rows": '0180,2018,"1,5"\n'}, U, 2, "inte ett tal"),
    ("empty value", {"rows": "0180,2018,1.0\n0484,2018,\n"}, U, 3, "inte ett tal"),
    ("nan", {"rows": "0180,2018,nan\n"}, U, 2, "inte ett tal"),
    ("text", {"rows": "0180,2018,1.0\n0484,2018,1.0\n1280,2018,uppgift saknas\n"}, U, 4, "inte ett tal"),
    ("duplicate", {"rows": "0180,2018,1.0\n0484,2018,1.0\n0180,2018,2.0\n"}, U, 4, "två gånger"),
    ("too many fields", {"rows": "0180,2018,1.0,7\n"}, U, 2, "fält"),
    ("gender", {"gender": "0180,k,2018,1.0\n0180,x,2018,1.0\n"}, UG, 3, "könet"),
]


@pytest.mark.parametrize("case,change,file,line,words", BAD, ids=[b[0] for b in BAD])
def test_a_malformed_file_stops_the_import_naming_file_and_line(case, change, file, line, words, tmp_path):
    d = _small(tmp_path, rows=change.get("rows", "0180,2018,116.0\n"), gender=change.get("gender"))
    if "header" in change:
        (d / U).write_text(change["header"] + "0180,2018,1.0\n", encoding="utf-8")
    with pytest.raises(D.DDFError) as e:
        D.read_ddf(d, ["U33401"])
    assert e.value.file == file and e.value.line == line
    assert file in str(e.value) and f"rad {line}" in str(e.value) and words in str(e.value)


def test_missing_entity_or_concept_rows_stop_too(tmp_path):
    d = _small(tmp_path)
    concepts = (d / D.CONCEPTS).read_text(encoding="utf-8").splitlines(keepends=True)
    (d / D.CONCEPTS).write_text("".join(x for x in concepts if not x.startswith("u33401,")), encoding="utf-8")
    with pytest.raises(D.DDFError, match="u33401 har ingen rad") as e:
        D.read_ddf(d, ["U33401"])
    assert e.value.file == D.CONCEPTS
    lines = (d / D.KOMMUN).read_text(encoding="utf-8").splitlines(keepends=True)
    (d / D.KOMMUN).write_text("".join(lines[:-1]), encoding="utf-8")
    with pytest.raises(D.DDFError, match="289 kommuner"):
        D.read_ddf(d, ["U33401"])
    (d / D.KOMMUN).write_text("".join(lines[:3] + ["12345,Fel,01,0,TRUE\n"] + lines[3:]), encoding="utf-8")
    with pytest.raises(D.DDFError, match="rad 4: koden '12345'"):
        D.read_ddf(d, ["U33401"])
    (d / D.REGION).unlink()
    with pytest.raises(D.DDFError, match="ddf--entities--geo--region.csv: filen saknas"):
        D.read_ddf(d, ["U33401"])


def test_not_utf8_and_not_a_folder(tmp_path):
    d = _small(tmp_path)
    (d / U).write_bytes("geo,year,u33401\n0180,2018,1.0\n".encode("utf-16"))
    with pytest.raises(D.DDFError, match="UTF-8"):
        D.read_ddf(d, ["U33401"])
    with pytest.raises(D.DDFError, match="ingen sådan mapp"):
        D.read_ddf(tmp_path / "nothing")
    with pytest.raises(D.DDFError, match="ingen av datafilerna"):
        D.read_ddf(d, ["N33818"])


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_failed_import_leaves_the_copy_as_it_was(tmp_path):
    out = tmp_path / "kolada"
    D.import_ddf(TRIMMED, out, kpis=["U33401", "N01951"], years=[2018])
    before = _snapshot(out)
    d = _small(tmp_path, rows="0180,2018,1.0\n0484,2018,x\n")
    with pytest.raises(D.DDFError):
        D.import_ddf(d, out, kpis=["U33401"])
    assert _snapshot(out) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".kolada")]


def test_a_malformed_groups_file_stops_too(tmp_path):
    bad = tmp_path / "groups.json"
    bad.write_text('{"values": [{"id": "G1", "title": "x", "members": [{"member_id": 5}]}]}', encoding="utf-8")
    with pytest.raises(D.DDFError, match="member_id"):
        D.import_ddf(TRIMMED, tmp_path / "out", groups=bad, kpis=["U33401"])
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(D.DDFError, match="JSON"):
        D.import_ddf(TRIMMED, tmp_path / "out", groups=bad, kpis=["U33401"])
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------- the import writes the fetch's cache


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    out = tmp_path_factory.mktemp("imp") / "kolada"
    meta = D.import_ddf(TRIMMED, out)
    return out, meta


def test_the_import_writes_the_same_cache_as_the_fetch(imported):
    out, meta = imported
    cache = K.load_cache(out)
    for name in K.TABLES:
        assert list(getattr(cache, name).columns) == K.COLUMNS[name]
    assert set(p.name for p in out.iterdir()) == K.CACHE_FILES
    assert meta["format"] == K.CACHE_FORMAT and meta["tables"]["values.parquet"]["rows"] == len(cache.values)


def test_meta_says_what_the_copy_is(imported):
    _, meta = imported
    assert meta["source"] == D.SOURCE and meta["real_api"] is False
    assert meta["ddf"]["repository"] == "open-numbers/ddf--kolada--dump"
    assert meta["ddf"]["commit"] == D.COMMIT and meta["ddf"]["scraped"] == "2024-08-30"
    assert meta["ddf"]["verified"] is True and "Källa: Kolada" in meta["ddf"]["terms"]
    assert "Koladas" in meta["values"]
    assert meta["lacking"] == ["U33816", "N33818", "N33006", "N30223"]
    assert meta["near"] == {"N33816": "N33818", "N33817": "N33818", "N33001": "N33006"}
    assert meta["latest_year"]["U33401"] == 2022 and meta["years"]["U33401"][0] == 2013
    assert meta["municipalities_with_value"]["U33401"]["2018"] == 221
    assert "rKolada" in meta["groups"]["provenance"]
    assert meta["warnings"] == []
    assert meta["skr_groups"]["usable"] is True and len(meta["skr_groups"]["groups"]) == 9


def test_every_municipality_gets_its_real_skr_and_rka_groups(imported):
    cache = K.load_cache(imported[0])
    s = cache.skr_groups.set_index("kommun_kod")
    assert len(s) == 290 and s["group_code"].nunique() == 9
    for code in ("0180", "1480", "1280"):
        assert s.loc[code, "group_code"] == "A1" and s.loc[code, "group_name"] == "Storstäder"
    assert s.loc["0484", "group_code"] == "B3" and s.loc["0484", "group_id"] == "G92790"
    assert set(s.loc[s["group_code"] == "C8", "group_id"]) == {"G92791"}  # Landsbygdskommun, ej nära större stad
    assert s["group_code"].value_counts().to_dict() == {
        "B4": 63,
        "C7": 51,
        "A2": 43,
        "C8": 35,
        "C6": 27,
        "B5": 24,
        "B3": 23,
        "C9": 21,
        "A1": 3,
    }
    r = cache.rka_groups
    assert r["kommun_kod"].nunique() == 290 and (r.groupby("kommun_kod").size() == 7).all()
    assert not (r["kommun_kod"] == r["member_id"]).any()
    assert K.peers(cache, "rka", "0484") == ["0123", "0127", "0136", "0181", "0188", "1290", "2081"]


def test_an_unverified_copy_is_test_data(tmp_path):
    d = tmp_path / "ddf"
    shutil.copytree(TRIMMED, d)
    text = (d / U).read_text(encoding="utf-8").replace("\n0180,2022,116.0\n", "\n0180,2022,117.0\n")
    (d / U).write_text(text, encoding="utf-8")
    meta = D.import_ddf(d, tmp_path / "out", kpis=["U33401"])
    assert meta["source"] == "test" and meta["ddf"]["verified"] is False
    cache = K.load_cache(tmp_path / "out")
    assert not cache.is_real


def test_without_groups_the_copy_says_they_are_missing(tmp_path):
    meta = D.import_ddf(TRIMMED, tmp_path / "out", groups=None, kpis=["U33401"])
    cache = K.load_cache(tmp_path / "out")
    assert cache.skr_groups.empty and cache.rka_groups.empty
    assert any("kommungrupper" in w for w in meta["warnings"])


def test_trim_reproduces_the_committed_copy(tmp_path):
    """Trimming the trimmed copy (a valid DDF copy itself) gives the same files."""
    out = tmp_path / "again"
    D.trim(TRIMMED, out)
    assert _snapshot(out) == _snapshot(TRIMMED)


# ---------------------------------------------------------------- the committed cache


def _tables(folder: Path) -> dict[str, pd.DataFrame]:
    return {n: pd.read_parquet(folder / f"{n}.parquet") for n in K.TABLES}


def _committed(name: str) -> bytes:
    """A file of data/kolada as committed (HEAD), so that a local `kolada fetch` into the folder
    does not change what is compared; the folder itself outside a git checkout."""
    import subprocess

    r = subprocess.run(["git", "show", f"HEAD:data/kolada/{name}"], cwd=paths.ROOT, capture_output=True)
    return r.stdout if r.returncode == 0 else (COMMITTED / name).read_bytes()


def test_reimporting_gives_the_committed_tables(imported):
    import io

    out, meta = imported
    committed = json.loads(_committed("meta.json").decode("utf-8"))
    assert committed["source"] == D.SOURCE, "data/kolada holds the snapshot imported from data/kolada/ddf"
    got = _tables(out)
    want = {n: pd.read_parquet(io.BytesIO(_committed(f"{n}.parquet"))) for n in K.TABLES}
    for n in K.TABLES:
        pd.testing.assert_frame_equal(got[n], want[n], check_like=False)
        assert meta["tables"][f"{n}.parquet"] == committed["tables"][f"{n}.parquet"]
    assert {k: v for k, v in meta.items() if k != "imported_at"} == {
        k: v for k, v in committed.items() if k != "imported_at"
    }


def test_the_committed_cache_loads_as_kolada_data(tmp_path):
    for name in [*(f"{n}.parquet" for n in K.TABLES), "meta.json"]:
        (tmp_path / name).write_bytes(_committed(name))
    cache = K.load_cache(tmp_path)
    assert cache is not None and cache.is_real and cache.is_snapshot


# ---------------------------------------------------------------- the command


def test_the_command_imports_and_reports(tmp_path, capsys):
    rc = cli.main(["kolada", "import-ddf", str(TRIMMED), "--out", str(tmp_path / "out"), "--kpi", "U33401,N33818"])
    cap = capsys.readouterr()
    assert rc == 0, cap.err
    assert "Kolada via open-numbers" in cap.out and "U33401: 2013–2022" in cap.out
    assert "N33818" in cap.err and K.FETCH_COMMAND in cap.err


def test_the_command_stops_on_a_bad_file_and_writes_nothing(tmp_path, capsys):
    d = _small(tmp_path, rows="0180,2018,1.0\n0484,2018,12 dagar\n")
    rc = cli.main(["kolada", "import-ddf", str(d), "--out", str(tmp_path / "out"), "--kpi", "U33401"])
    err = capsys.readouterr().err
    assert rc == 2 and U in err and "rad 3" in err and "ingenting skrevs" in err
    assert not (tmp_path / "out").exists()
    assert cli.main(["kolada", "import-ddf", str(d), "--years", "20x8"]) == 2


# ---------------------------------------------------------------- what the app shows from the snapshot


def test_the_snapshot_is_cited_as_kolada_via_open_numbers(imported):
    from barnbaro.explore import kolada_provenance as P

    cache = K.load_cache(imported[0])
    assert P.kind(cache) == "snapshot" and cache.is_real and not cache.is_api
    assert P.source_line(cache, "sv").startswith("Källa: Kolada (RKA), uttag 2024-08 via open-numbers")
    assert P.source_line(cache, "en").startswith("Source: Kolada (RKA), taken 2024-08 via open-numbers")
    assert "egen bearbetning" in P.source_line(cache, "sv")
    note = P.copy_note(cache, "sv")
    assert "ögonblicksbilden" in note and "2024-08-30" in note and "senaste år 2022" in note and K.FETCH_COMMAND in note
    lacking = P.lacking_text(cache, "sv")
    for kpi in ("U33816", "N30223", "N33818", "N33006"):
        assert kpi in lacking
    assert K.FETCH_COMMAND in lacking and "N33816, N33817" in lacking


def test_the_profile_table_shows_near_figures_under_their_own_titles(imported):
    from barnbaro.explore import kolada_views as V

    cache = K.load_cache(imported[0])
    v = V.official_view(cache, "0484", 2018, "sv", "Eskilstuna")
    tab = v.table.set_index(v.table.columns[1])  # by Kolada id
    year, value, note = v.table.columns[2], v.table.columns[3], v.table.columns[-1]
    assert tab.loc["U33401", year] == "2018" and tab.loc["U33401", value] == "120"
    assert tab.loc["N33816", v.table.columns[0]].startswith("Barn och unga 0-20 år som har varit placerade på HVB")
    assert "familjehem" in tab.loc["N33817", v.table.columns[0]] and "HVB" not in tab.loc["N33817", v.table.columns[0]]
    assert tab.loc["N33818", value] == "–" and "ögonblicksbilden" in tab.loc["N33818", note]
    assert K.FETCH_COMMAND in tab.loc["N33818", note]
    assert tab.loc["N33001", v.table.columns[0]] == "Kostnad barn och ungdomsvård, kr/inv"
    assert tab.loc["N33006", v.table.columns[0]] == "Kostnad barn och ungdomsvård, kr/inv 0-20 år"
    assert tab.loc["N33006", value] == "–"
    # the near figures come right after the figure they stand near, never summed into it
    ids = list(v.table[v.table.columns[1]])
    assert ids.index("N33816") == ids.index("N33818") + 1 and ids.index("N33001") == ids.index("N33006") + 1
    assert v.source.startswith("Källa: Kolada (RKA), uttag 2024-08 via open-numbers") and not v.is_test


def test_a_later_fetch_replaces_the_snapshot_and_says_so(tmp_path):
    """`kolada fetch` into the snapshot's folder replaces its tables (the sources beside them
    stay) and the app then says which copy it shows."""
    from barnbaro.explore import kolada_provenance as P
    from tests.fake_kolada.server import FakeKolada

    out = tmp_path / "kolada"
    out.mkdir()
    shutil.copy(COMMITTED / "README.md", out / "README.md")
    shutil.copytree(TRIMMED, out / "ddf")
    D.import_ddf(out / "ddf", out, kpis=["U33401", "N01951"])
    assert P.kind(K.load_cache(out)) == "snapshot"
    server = FakeKolada(page_size=1000).start()
    try:
        K.fetch(
            out, years=[2018], base_url=server.base_url, client=K.KoladaClient(server.base_url, rate=1000, timeout=5)
        )
    finally:
        server.stop()
    cache = K.load_cache(out)
    assert P.kind(cache) == "test" and not cache.is_real and cache.lacking == []
    assert "ddf" not in cache.meta and P.copy_note(cache, "sv") is None
    assert (out / "ddf" / D.CONCEPTS).is_file() and (out / "README.md").is_file()
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    meta.update(source="kolada", real_api=True, base_url=K.DEFAULT_BASE_URL)  # as if from the real API
    (out / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    cache = K.load_cache(out)
    assert P.kind(cache) == "api"
    assert P.copy_note(cache, "sv").startswith("Appen visar en kopia hämtad från Koladas API")
    assert P.source_line(cache, "sv").startswith("Källa: Kolada (RKA), hämtat")


def _official_app():
    from barnbaro.explore.urlstate import ViewState
    from barnbaro.ui import kolada as KU

    KU.official_figures(ViewState(upplaga=2018, kommuner=("0484",)), "0484")


def _profile_app():
    from barnbaro.explore.urlstate import ViewState
    from barnbaro.ui import kolada as KU

    KU.theme_profile(ViewState(upplaga=2018, kommuner=("0580",)), "0580")  # Linköping did not answer in 2018


def _copy_app():
    from barnbaro.explore.urlstate import ViewState
    from barnbaro.ui import kolada as KU

    KU.copy_section(ViewState(upplaga=2018))


def _app_texts(app, folder, monkeypatch) -> tuple:
    from streamlit.testing.v1 import AppTest

    from barnbaro.kolada import cache as KC

    monkeypatch.setattr(KC, "KOLADA_DIR", folder)
    at = AppTest.from_function(app, default_timeout=60).run()
    assert not at.exception
    parts = [e.value for kind in ("info", "warning", "caption", "markdown", "subheader") for e in getattr(at, kind)]
    return at, "\n".join(map(str, parts))


def test_the_app_shows_the_snapshot_as_kolada_data(imported, monkeypatch):
    at, text = _app_texts(_official_app, imported[0], monkeypatch)
    assert "Källa: Kolada (RKA), uttag 2024-08 via open-numbers" in text
    assert "Testdata" not in text and "TESTDATA" not in text and len(at.dataframe) == 1
    at, text = _app_texts(_profile_app, imported[0], monkeypatch)
    assert "Källa: Kolada (RKA), uttag 2024-08 via open-numbers" in text
    assert "ögonblicksbilden" in text and "U33816" in text and K.FETCH_COMMAND in text
    assert (
        "Testdata" not in text and "TESTDATA" not in text and len(at.dataframe) == 4
    )  # one per group of questions with the same figures
    at, text = _app_texts(_copy_app, imported[0], monkeypatch)
    assert "ögonblicksbilden" in text and "N30223" in text


def test_without_a_copy_om_datas_copy_section_adds_nothing(tmp_path, monkeypatch):
    at, text = _app_texts(_copy_app, tmp_path / "none", monkeypatch)
    assert text == "" and not at.info


def _theme(cache, indicator, code="0484", edition=2018, lang="sv"):
    from barnbaro.core.catalogue import load_catalogue
    from barnbaro.explore import kolada_views as V

    return V.theme_view(cache, indicator, code, edition, lang, load_catalogue(), True, kommun="Eskilstuna")


def test_beside_each_question_the_snapshots_figures_with_their_years(imported):
    cache = K.load_cache(imported[0])
    v = _theme(cache, "utredningar_over_4_man")
    row = v.table.set_index(v.table.columns[-1]).loc["U33401"]
    assert list(row.iloc[[1, 2, 4, 5]]) == ["2018", "120", "2022", "75"]
    assert "1 = lägst" in row.iloc[3]  # a short investigation time is position 1
    assert v.source.startswith("Källa: Kolada (RKA), uttag 2024-08 via open-numbers") and not v.is_test
    u = _theme(cache, "utvardering_upplevelser")
    tab = u.table.set_index(u.table.columns[-1])
    assert tab.loc["U33901"].iloc[1] == "2016" and tab.loc["U33901"].iloc[2] == "40"  # brukarbedömning, response rate
    assert "närmaste år med värde: 2016" in tab.loc["U33901"].iloc[-1]
    assert "gemensamma år: 2016–2018" in u.captions[0]


def test_placements_are_two_figures_beside_the_placement_questions(imported):
    cache = K.load_cache(imported[0])
    for ind in ("halsoundersokning_lvu", "halsoundersokning_annan_lag"):
        v = _theme(cache, ind)
        ids = list(v.table[v.table.columns[-1]])
        assert ids == ["N33818", "N33816", "N33817"]
        tab = v.table.set_index(v.table.columns[-1])
        assert tab.loc["N33818"].iloc[2] == "–" and K.FETCH_COMMAND in tab.loc["N33818"].iloc[-1]
        assert "HVB" in tab.loc["N33816"].iloc[0] and "eller" not in tab.loc["N33816"].iloc[0]
        assert "familjehem" in tab.loc["N33817"].iloc[0] and "HVB" not in tab.loc["N33817"].iloc[0]
        assert tab.loc["N33816"].iloc[2] == "6" and tab.loc["N33817"].iloc[2] == "15,6"  # Eskilstuna 2018
    p = _theme(cache, "personalomsattning")
    assert all("ögonblicksbilden" in n for n in p.table[p.table.columns[-2]])


def test_no_sentence_beside_a_question_links_a_sample_answer_to_a_figure(imported):
    """The captions and notes beside the figures name neither an answer nor the municipality's
    answer to the question (the figures stand beside it, not compared)."""
    from barnbaro.core.catalogue import load_catalogue

    cache = K.load_cache(imported[0])
    cat = load_catalogue()
    for ind in ("utvardering_upplevelser", "utredningar_over_4_man", "halsoundersokning_lvu"):
        v = _theme(cache, ind)
        answers = {a.label("sv") for a in cat[ind].answers}
        for text in [v.note, *v.captions, v.source]:
            assert not any(f"”{a}”" in text or f'"{a}"' in text for a in answers), text
        assert "inte jämförda med kommunens svar" in " ".join(v.captions)


def test_om_datas_key_figures_name_what_the_snapshot_lacks(imported):
    from barnbaro.core.catalogue import load_catalogue
    from barnbaro.explore import kolada_views as V

    cache = K.load_cache(imported[0])
    tab = V.key_figures_table(cache, load_catalogue(), "sv").set_index("Id i Kolada")
    for kpi in ("U33816", "N30223", "N33818", "N33006"):
        assert K.FETCH_COMMAND in tab.loc[kpi].iloc[-1] and tab.loc[kpi].iloc[2] == "–"
    assert "saknar N33818" in tab.loc["N33816"].iloc[-1] and "saknar N33006" in tab.loc["N33001"].iloc[-1]
    assert tab.loc["U33401"].iloc[2] == "2013–2022" and tab.loc["U33401"].iloc[3] == "2022"
    assert tab.loc["N33006"].iloc[0] == "Kostnad barn och ungdomsvård, kr/inv 0-20 år"


def test_a_question_whose_figures_the_snapshot_lacks_says_how_to_get_them(imported):
    v = _theme(K.load_cache(imported[0]), "personalomsattning")
    assert v.captions[0].startswith("Ögonblicksbilden har inte de här nyckeltalen") and K.FETCH_COMMAND in v.captions[0]


def _eskilstuna_profile_app():
    from barnbaro.explore.urlstate import ViewState
    from barnbaro.ui import kolada as KU

    KU.theme_profile(ViewState(upplaga=2018, kommuner=("0484",)), "0484")


def test_kommunprofil_shows_eskilstunas_real_figures_beside_the_questions(imported, monkeypatch):
    at, text = _app_texts(_eskilstuna_profile_app, imported[0], monkeypatch)
    tables = [d.value for d in at.dataframe]
    by_id = {}
    for tab in tables:
        for _, row in tab.iterrows():
            by_id[row["Id i Kolada"]] = row
    u = by_id["U33401"]
    assert (u["År närmast upplagan"], u["Värde"], u["Senaste år"], u["Värde senaste år"]) == (
        "2018",
        "120",
        "2022",
        "75",
    )
    b = by_id["U33901"]  # brukarbedömning: response rate
    assert (b["År närmast upplagan"], b["Värde"]) == ("2016", "40")
    assert by_id["U33581"]["Värde"] == "58,3"
    assert "Källa: Kolada (RKA), uttag 2024-08 via open-numbers" in text
