"""barnbaro.core.data: tampered or broken clean tables are refused with a clear Swedish message,
by load_clean (the app) and by `check` (non-zero exit)."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from barnbaro.cli import main
from barnbaro.core.data import DataError, load_clean, sample_editions, sample_label
from barnbaro.core.validate import validate_dir
from tests.pipeline_helpers import read_manifest, rewrite_table, update_manifest


def _table(d, t):
    return pd.read_parquet(d / f"{t}.parquet")


def _respondent(d, edition):
    p = _table(d, "participation")
    return p[(p["edition"] == edition) & (p["status"] != "none")]["kommun_kod"].iloc[0]


# Each tamper function changes a copy of clean tables and returns the fragment the problem names.


def flip_byte(d):
    p = d / "answers.parquet"
    b = bytearray(p.read_bytes())
    b[len(b) // 2] ^= 0xFF
    p.write_bytes(bytes(b))
    return "answers.parquet"


def edit_without_checksum(d):
    a = _table(d, "answers")
    a.loc[a.index[0], "answer"] = "vet_ej" if a.loc[a.index[0], "answer"] != "vet_ej" else "0-10"
    a.to_parquet(d / "answers.parquet", index=False)
    return "answers.parquet: kontrollsumman stämmer inte med manifest.json"


def truncate(d):
    p = d / "participation.parquet"
    p.write_bytes(p.read_bytes()[: p.stat().st_size // 2])
    return "participation.parquet kan inte läsas"


def empty_file(d):
    (d / "municipalities.parquet").write_bytes(b"")
    return "municipalities.parquet kan inte läsas"


def delete_manifest(d):
    (d / "manifest.json").unlink()
    return "manifest.json saknas"


def garble_manifest(d):
    (d / "manifest.json").write_text("{not json", encoding="utf-8")
    return "manifest.json kan inte läsas"


def manifest_not_object(d):
    (d / "manifest.json").write_text("[]", encoding="utf-8")
    return "manifest.json kan inte läsas"


def delete_table(d):
    (d / "answers.parquet").unlink()
    return "answers.parquet saknas"


def delete_rejected(d):
    (d / "rejected.csv").unlink()
    return "rejected.csv saknas men står i manifest.json"


def unknown_answer(d):
    a = _table(d, "answers")
    i = a.index[(a["indicator_id"] == "barnkonventionen") & a["answer"].notna()][0]
    a.loc[i, "answer"] = "kanske"
    rewrite_table(d, "answers", a)
    return "okända svar ['kanske']"


def unknown_indicator(d):
    a = _table(d, "answers")
    a.loc[a.index[0], "indicator_id"] = "lycka"
    rewrite_table(d, "answers", a)
    return "okända indikatorer: ['lycka']"


def unknown_code(d):
    a = _table(d, "answers")
    a.loc[a.index[0], "kommun_kod"] = "9999"
    rewrite_table(d, "answers", a)
    return "answers: okända kommunkoder: 9999"


def not_asked_that_year(d):
    a = _table(d, "answers")
    row = {
        "edition": 2013,
        "kommun_kod": _respondent(d, 2013),
        "indicator_id": "barnkonventionen",
        "answer": "ja",
        "value": float("nan"),
    }
    rewrite_table(d, "answers", pd.concat([a, pd.DataFrame([row]).astype(a.dtypes.to_dict())], ignore_index=True))
    return "barnkonventionen har svar 2013, men frågan ställdes inte det året"


def duplicated_answer(d):
    a = _table(d, "answers")
    rewrite_table(d, "answers", pd.concat([a, a.iloc[[0]]], ignore_index=True))
    return "samma kommun, upplaga och indikator förekommer flera gånger"


def orphan_answer(d):
    a = _table(d, "answers")
    p = _table(d, "participation")
    absent = p[(p["edition"] == 2018) & (p["status"] == "none")]["kommun_kod"].iloc[0]
    row = {
        "edition": 2018,
        "kommun_kod": absent,
        "indicator_id": "barnkonventionen",
        "answer": "ja",
        "value": float("nan"),
    }
    rewrite_table(d, "answers", pd.concat([a, pd.DataFrame([row]).astype(a.dtypes.to_dict())], ignore_index=True))
    return "svar från kommuner som enligt participation inte deltog"


def bad_status(d):
    p = _table(d, "participation")
    p.loc[p.index[0], "status"] = "kanske"
    rewrite_table(d, "participation", p)
    return "participation: status ska vara en av"


def duplicated_participation(d):
    p = _table(d, "participation")
    rewrite_table(d, "participation", pd.concat([p, p.iloc[[0]]], ignore_index=True))
    return "participation: samma kommun och upplaga förekommer flera gånger"


def missing_municipality(d):
    m = _table(d, "municipalities")
    rewrite_table(d, "municipalities", m.iloc[1:])
    return "municipalities: ska ha de 290 kommunerna, har 289"


def missing_column(d):
    a = _table(d, "answers")
    rewrite_table(d, "answers", a.drop(columns=["value"]))
    return "answers: kolumner saknas: value"


def unknown_edition(d):
    a = _table(d, "answers")
    a.loc[a.index[0], "edition"] = 2012
    rewrite_table(d, "answers", a)
    return "answers: okända upplagor: [2012]"


def broken_accounting(d):
    update_manifest(d, lambda m: m["editions"]["2016"].update(raw_rows=999))
    return "upplaga 2016: raw_rows 999 ≠ used_rows 143 + rejected_rows 4"


def used_rows_disagree(d):
    def change(m):
        c = m["editions"]["2016"]
        c.update(used_rows=c["used_rows"] + 1, raw_rows=c["raw_rows"] + 1)

    update_manifest(d, change)
    return "upplaga 2016: manifest säger 144 använda rader, participation har 143"


def bad_kind(d):
    update_manifest(d, lambda m: m.update(kind="demo"))
    return "kind ska vara 'sample', 'survey' eller 'mixed'"


def no_table_list(d):
    update_manifest(d, lambda m: m.pop("tables"))
    return "listan över tabeller saknas"


def tables_not_a_mapping(d):
    update_manifest(d, lambda m: m.update(tables=list(m["tables"])))
    return "manifest.json: tabellerna ska stå som namn med kontrollsumma"


def editions_not_a_mapping(d):
    update_manifest(d, lambda m: m.update(editions=list(m["editions"])))
    return "manifest.json: räkningen per upplaga ska stå som upplaga med antal rader"


def edition_entry_not_counts(d):
    update_manifest(d, lambda m: m["editions"].update({"2016": 147}))
    return "manifest.json: räkningen för upplaga 2016 är ofullständig"


def edition_key_not_a_year(d):
    update_manifest(d, lambda m: m["editions"].update({"tjugo": m["editions"].pop("2016")}))
    return "manifest.json: räkningen för upplaga tjugo är ofullständig"


def count_as_text(d):
    update_manifest(d, lambda m: m["editions"]["2016"].update(raw_rows="147"))
    return "manifest.json: räkningen för upplaga 2016 är ofullständig"


TAMPERS = [
    flip_byte,
    edit_without_checksum,
    truncate,
    empty_file,
    delete_manifest,
    garble_manifest,
    manifest_not_object,
    delete_table,
    delete_rejected,
    unknown_answer,
    unknown_indicator,
    unknown_code,
    not_asked_that_year,
    duplicated_answer,
    orphan_answer,
    bad_status,
    duplicated_participation,
    missing_municipality,
    missing_column,
    unknown_edition,
    broken_accounting,
    used_rows_disagree,
    bad_kind,
    no_table_list,
    tables_not_a_mapping,
    editions_not_a_mapping,
    edition_entry_not_counts,
    edition_key_not_a_year,
    count_as_text,
]


def test_untampered_copy_is_valid(clean_copy):
    assert validate_dir(clean_copy) == []
    data = load_clean(clean_copy)
    assert data.is_sample
    assert data.editions == [2013, 2014, 2015, 2016, 2017, 2018]


@pytest.mark.parametrize("tamper", TAMPERS, ids=[t.__name__ for t in TAMPERS])
def test_tampering_is_refused_by_load_and_check(clean_copy, capsys, tamper):
    fragment = tamper(clean_copy)
    with pytest.raises(DataError) as exc:
        load_clean(clean_copy)
    assert any(fragment in p for p in exc.value.problems), exc.value.problems
    assert fragment in str(exc.value)
    assert validate_dir(clean_copy)  # what clean runs before publishing refuses it too
    capsys.readouterr()
    assert main(["check", "--data", str(clean_copy)]) == 2
    err = capsys.readouterr().err
    assert "Valideringen misslyckades" in err and fragment in err


def test_missing_folder(tmp_path):
    with pytest.raises(DataError, match="mappen med tabeller finns inte"):
        load_clean(tmp_path / "nothing")


def test_checksum_rewritten_after_a_legal_edit_is_accepted(clean_copy):
    """The tamper helpers rewrite checksums the way clean does: a legal edit stays valid, so the
    refusals above come from the content, not from the helper."""
    a = _table(clean_copy, "answers")
    i = a.index[(a["indicator_id"] == "barnkonventionen") & (a["answer"] == "ja")][0]
    a.loc[i, "answer"] = "nej"
    rewrite_table(clean_copy, "answers", a)
    data = load_clean(clean_copy)
    assert data.answers.loc[i, "answer"] == "nej"
    assert read_manifest(clean_copy)["tables"]["answers.parquet"]["rows"] == len(a)


def test_all_problems_are_listed(clean_copy):
    unknown_answer(clean_copy)
    bad_status(clean_copy)
    broken_accounting(clean_copy)
    with pytest.raises(DataError) as exc:
        load_clean(clean_copy)
    text = "\n".join(exc.value.problems)
    for fragment in ("okända svar ['kanske']", "status ska vara", "raw_rows 999"):
        assert fragment in text


def test_is_sample_follows_the_manifest(clean_copy):
    update_manifest(clean_copy, lambda m: m.update(kind="survey", generator=None))
    assert not load_clean(clean_copy).is_sample
    assert json.loads((clean_copy / "manifest.json").read_text(encoding="utf-8"))["kind"] == "survey"


# --- sample or survey per edition -------------------------------------------------------------


def _manifest(kind, kinds):
    return {"kind": kind, "editions": {str(e): {"kind": k} for e, k in kinds.items()}}


@pytest.mark.parametrize(
    "manifest, expected",
    [
        (_manifest("sample", {2013: "sample", 2014: "sample"}), [2013, 2014]),
        ({"kind": "sample", "editions": {"2013": {}, "2014": {}}}, [2013, 2014]),  # a manifest from before
        (_manifest("survey", {2013: "survey", 2014: "survey"}), []),
        (_manifest("mixed", {2013: "sample", 2014: "survey", 2015: "sample"}), [2013, 2015]),
        (_manifest("mixed", {2013: "sample", 2014: "survey", 2015: "weird"}), [2013, 2015]),  # unknown counts as sample
        ({"kind": "demo", "editions": {"2013": {}}}, [2013]),
        ({}, [0]),
    ],
)
def test_sample_editions_never_present_a_sample_edition_as_real(manifest, expected):
    assert sample_editions(manifest) == expected


@pytest.mark.parametrize(
    "kinds, sv, en",
    [
        (
            {2013: "sample", 2014: "sample", 2015: "sample", 2016: "sample", 2017: "sample", 2018: "survey"},
            "EXEMPELDATA för 2013–2017: syntetiska svar, inte kommunernas verkliga (2018: enkätsvar)",
            "EXEMPELDATA (sample data) for 2013–2017: synthetic answers, "
            "not the municipalities' real ones (2018: survey answers)",
        ),
        (
            {2013: "sample", 2014: "survey", 2015: "sample", 2016: "survey"},
            "EXEMPELDATA för 2013 och 2015: syntetiska svar, inte kommunernas verkliga (2014 och 2016: enkätsvar)",
            "EXEMPELDATA (sample data) for 2013 and 2015: synthetic answers, "
            "not the municipalities' real ones (2014 and 2016: survey answers)",
        ),
    ],
)
def test_the_label_names_the_sample_editions_when_mixed(kinds, sv, en):
    m = _manifest("mixed", kinds)
    assert sample_label(m, "sv") == sv
    assert sample_label(m, "en") == en
    assert sample_label(m, "sv", "short").startswith("Exempeldata för ")
    banner = sample_label(m, "sv", "banner", seed=7)
    assert "frö 7" in banner and "inskickade svar" in banner


def test_the_label_is_the_plain_one_when_all_or_none_are_the_sample():
    from barnbaro.core.i18n import t

    assert sample_label(_manifest("sample", {2013: "sample", 2018: "sample"}), "sv") == t("sample_image_label", "sv")
    assert sample_label(_manifest("survey", {2013: "survey"}), "sv") is None


def test_mixed_without_a_kind_per_edition_is_refused(tmp_path, sample_clean_dir):
    d = tmp_path / "clean"
    shutil.copytree(sample_clean_dir, d)
    update_manifest(d, lambda m: m.update(kind="mixed"))
    with pytest.raises(DataError) as exc:
        load_clean(d)
    assert any("kind 'mixed' kräver" in p for p in exc.value.problems)
