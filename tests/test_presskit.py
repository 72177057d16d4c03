"""The press kit (python -m barnbaro presskit): files, texts, links, self-containment, images.

Three municipalities of the 2017 edition, which had partial answers: Upplands Väsby (0114)
answered every question, Järfälla (0123) did not answer, Ekerö (0125) answered part of them.
"""

from __future__ import annotations

import csv
import dataclasses
import html
import io
import json
import re
import shutil
import struct
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest

from barnbaro.cli import main
from barnbaro.core import paths
from barnbaro.core.catalogue import load_catalogue
from barnbaro.core.data import load_clean
from barnbaro.core.i18n import t
from barnbaro.core.published import load_figures
from barnbaro.explore import analysis as A
from barnbaro.explore import views
from barnbaro.explore.analysis import publisher_key
from barnbaro.explore.urlstate import ViewState
from barnbaro.presskit import build, cli, csvfiles, numbers, svg
from barnbaro.render.colours import STATUS_COLOURS

APP = "https://barnbarometern.example.se"
EDITION = 2017
ALL, NONE, PART = "0114", "0123", "0125"
FOLDERS = {ALL: "0114-upplands-vasby", NONE: "0123-jarfalla", PART: "0125-ekero"}
CAT = load_catalogue()
INDS_2017 = [i.id for i in CAT.for_edition(EDITION)]


@pytest.fixture(scope="module")
def data():
    return load_clean(paths.CLEAN_DIR)


@pytest.fixture(scope="module")
def kit(tmp_path_factory, data):
    """The kit for the three municipalities, as the command writes it (its output captured)."""
    assert data.is_sample, "these tests expect the bundled sample data"
    out = tmp_path_factory.mktemp("presskit") / "kit"
    mp = pytest.MonkeyPatch()
    err, std = io.StringIO(), io.StringIO()
    mp.setattr("sys.stderr", err)
    mp.setattr("sys.stdout", std)
    try:
        rc = main(
            [
                "presskit",
                "--out",
                str(out),
                "--edition",
                str(EDITION),
                "--kommun",
                f"{ALL},123,{PART}",
                "--app-url",
                APP + "/",
                "--allow-sample",
            ]
        )
    finally:
        mp.undo()
    assert rc == 0, err.getvalue()
    return {"out": out, "stdout": std.getvalue(), "stderr": err.getvalue()}


def source_line(data, lang="sv", edition=EDITION) -> str:
    seed = data.manifest["generator"]["seed"]
    return t("source_line_sample", lang, seed=seed, edition=edition, publisher=t(publisher_key(edition), lang))


def page(kit, code) -> str:
    return (kit["out"] / FOLDERS[code] / "index.html").read_text(encoding="utf-8")


class Links(HTMLParser):
    """Every attribute that loads or links something, the text, and the tags seen."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.loads, self.anchors, self.tags, self.text, self.title = [], [], [], [], ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        for k in ("src", "srcset", "poster", "data", "background"):
            if k in a:
                self.loads.append((tag, k, a[k]))
        if tag == "link" and "href" in a:
            self.loads.append((tag, "href", a["href"]))
        if tag == "a" and "href" in a:
            self.anchors.append((a["href"], a))
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, d):
        self.text.append(d)
        if self._in_title:
            self.title += d


def parsed(text: str) -> Links:
    p = Links()
    p.feed(text)
    p.close()
    return p


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR", path
    return struct.unpack(">II", head[16:24])


# ---------------------------------------------------------------- the command


def test_refuses_sample_data_without_allow_sample(tmp_path, capsys):
    out = tmp_path / "kit"
    assert main(["presskit", "--out", str(out), "--kommun", "0180"]) == 2
    err = capsys.readouterr().err
    assert "--allow-sample" in err and "exempeldata" in err.casefold()
    assert not out.exists()


def test_refusal_in_english(tmp_path, capsys):
    assert main(["presskit", "--out", str(tmp_path / "k"), "--lang", "en"]) == 2
    assert "sample data" in capsys.readouterr().err


@pytest.mark.parametrize(
    "args, says",
    [
        (["--kommun", "9999"], "9999"),
        (["--edition", "2012"], "2012"),
        (["--app-url", "javascript:alert(1)"], "--app-url"),
        (["--app-url", "https://x.se/?a=1"], "--app-url"),
    ],
)
def test_bad_arguments_exit_2_with_a_message(tmp_path, capsys, args, says):
    out = tmp_path / "kit"
    assert main(["presskit", "--out", str(out), "--allow-sample", *args]) == 2
    assert says in capsys.readouterr().err
    assert not out.exists()


def test_progress_and_timing_are_reported(kit):
    assert "Pressmaterial [" in kit["stderr"] and "3/3" in kit["stderr"]
    assert re.search(r"totalt \d+\.\d s", kit["stdout"])
    assert "EXEMPELDATA" in kit["stdout"]


# ---------------------------------------------------------------- files


def test_files_exist(kit):
    out = kit["out"]
    assert (out / "index.html").is_file() and (out / f"barnbarometern-{EDITION}.csv").is_file()
    for code, folder in FOLDERS.items():
        d = out / folder
        for name in (
            "index.html",
            "siffror.csv",
            "utveckling.svg",
            "utveckling.png",
            "karta.svg",
            "karta.png",
            "profil.svg",
            "profil.png",
        ):
            assert (d / name).is_file(), (folder, name)
        ranking = sorted(p.name for p in d.glob("rangordning-*.svg"))
        if code == NONE:
            assert ranking == []  # nothing to rank: the page says it did not answer
        else:
            assert ranking == sorted(f"rangordning-{i}.svg" for i in INDS_2017)
        assert not list(d.glob("rangordning-*.png"))  # --png some: rankings as SVG only


# ---------------------------------------------------------------- pages


@pytest.mark.parametrize("code", [ALL, NONE, PART])
def test_page_has_title_source_sample_and_link(kit, data, code):
    text = page(kit, code)
    p = parsed(text)
    name = data.municipalities.set_index("kommun_kod").loc[code, "kommun"]
    title = t("presskit_title", "sv", kommun=name, edition=EDITION)
    assert title in p.title and "Exempeldata" in p.title
    body = html.unescape(text)
    assert f"<h1>{title}</h1>" in body
    assert source_line(data) in body
    assert body.count("Exempeldata") >= 2  # the note and the source line
    assert t("sample_image_label", "sv") in body
    assert any(a[1].get("class") == "open" and APP in a[0] for a in p.anchors)
    assert "Öppna i Barnbarometern" in "".join(p.text)
    assert '<html lang="sv">' in text and '<meta charset="utf-8">' in text


def test_page_of_a_municipality_that_did_not_answer(kit, data):
    body = html.unescape(page(kit, NONE))
    assert t("profile_not_answered", "sv", kommun="Järfälla", edition=EDITION) in body
    assert 'src="karta.svg"' in body and 'src="utveckling.svg"' in body
    assert "rangordning-" not in body.replace("/rangordning?", "")
    assert f"{APP}/kommunprofil?" in body and f"{APP}/karta?" in body


def test_page_of_a_municipality_with_partial_answers(kit, data):
    body = html.unescape(page(kit, PART))
    assert t("profile_partial", "sv", kommun="Ekerö", edition=EDITION) in body
    a = data.answers
    mine = a[(a["edition"] == EDITION) & (a["kommun_kod"] == PART)]
    missing = [i for i in INDS_2017 if i not in set(mine.loc[mine["answer"].notna(), "indicator_id"])]
    assert missing, "the fixture needs a question Ekerö left unanswered"
    # the line under each ranking is the app's (Rangordning's selected line), not one of its own
    ind = CAT[missing[0]]
    assert views.position_line("Ekerö", ind, None, t("pos_no_answer", "sv"), "sv") in body
    assert "Ekerö: svarade inte på frågan" in body
    for r in mine[mine["answer"].notna()].itertuples():
        assert CAT[r.indicator_id].answer_label(r.answer, "sv") in body


def test_numbers_table_matches_the_data(kit, data):
    p = parsed(page(kit, ALL))
    a = data.answers
    mine = a[(a["edition"] == EDITION) & (a["kommun_kod"] == ALL)]
    text = "|".join(p.text)
    for r in mine.itertuples():
        ind = CAT[r.indicator_id]
        assert f"{ind.title_for('sv')}|" in text
        assert f"|{ind.answer_label(r.answer, 'sv')}|" in text


def test_links_open_the_same_view_in_the_app(kit):
    p = parsed(page(kit, ALL))
    app = [h for h, _ in p.anchors if h.startswith("http")]
    assert app and all(h.startswith(APP + "/") for h in app)
    views = {}
    for h in app:
        u = urlsplit(h)
        q = {k: v[0] for k, v in parse_qs(u.query).items()}
        views.setdefault(u.path.strip("/"), []).append(q)
    # the button at the top and the profile chart's link: the same profile
    assert views["kommunprofil"] == [{"indikator": INDS_2017[0], "upplaga": str(EDITION), "kommun": ALL}] * 2
    assert sorted(q["indikator"] for q in views["rangordning"]) == sorted(INDS_2017)
    assert all(q["kommun"] == ALL and q["upplaga"] == str(EDITION) for q in views["rangordning"])
    assert views["karta"][0]["kommun"] == ALL
    # trends: one link per question, at the latest edition that asked it
    trend = {q["indikator"]: q["upplaga"] for q in views["utveckling"] if "indikator" in q}
    assert trend["utbildning_ensamkommande"] == "2017" and trend["personalomsattning"] == "2017"


def test_english_links_keep_the_language(tmp_path, data):
    kit = numbers.prepare(data, CAT, load_figures(), EDITION, [ALL], "en", APP)
    link = kit.link("rangordning", ALL, "barnkonventionen", EDITION)
    assert parse_qs(urlsplit(link).query)["lang"] == ["en"]


@pytest.mark.parametrize("where", ["index", ALL, NONE, PART])
def test_everything_the_page_loads_is_relative_and_inside_the_folder(kit, where):
    out = kit["out"].resolve()
    path = out / "index.html" if where == "index" else out / FOLDERS[where] / "index.html"
    text = path.read_text(encoding="utf-8")
    p = parsed(text)
    assert not {"script", "iframe", "object", "embed", "base"} & set(p.tags)
    assert "@import" not in text and "url(" not in text and "@font-face" not in text
    assert p.loads, "the page shows images"
    for tag, attr, value in p.loads:
        if tag == "link" and value == "data:,":  # the empty favicon: keeps browsers from asking the host root
            continue
        u = urlsplit(value)
        assert not u.scheme and not u.netloc and not value.startswith("/"), (tag, attr, value)
        target = (path.parent / u.path).resolve()
        assert out in target.parents and target.is_file(), value
    for href, _ in p.anchors:
        if href.startswith(APP + "/"):
            continue
        u = urlsplit(href)
        assert not u.scheme and not u.netloc and not href.startswith("/"), href
        target = (path.parent / u.path).resolve()
        assert out in target.parents and target.is_file(), href


def test_index_lists_every_municipality(kit, data):
    text = (kit["out"] / "index.html").read_text(encoding="utf-8")
    p = parsed(text)
    links = [h for h, _ in p.anchors if h.endswith("/index.html")]
    assert sorted(links) == sorted(f"{f}/index.html" for f in FOLDERS.values())
    body = html.unescape(text)
    assert source_line(data) in body and "Exempeldata" in body
    assert f'href="barnbarometern-{EDITION}.csv"' in text
    assert t("presskit_status_part", "sv") in body and t("presskit_status_none", "sv") in body


# ---------------------------------------------------------------- CSV


def read_csv(path: Path) -> tuple[str, list[dict]]:
    text = path.read_text(encoding="utf-8-sig")
    first, rest = text.split("\n", 1)
    return first, list(csv.DictReader(io.StringIO(rest)))


def test_csv_of_all_numbers(kit, data):
    first, rows = read_csv(kit["out"] / f"barnbarometern-{EDITION}.csv")
    assert first.startswith("# ") and "Exempeldata" in first and source_line(data) in first
    assert list(rows[0]) == csvfiles.CSV_COLUMNS
    assert len(rows) == 3 * len(INDS_2017)
    a = data.answers
    truth = {
        (r.kommun_kod, r.indicator_id): r.answer
        for r in a[a["edition"] == EDITION].itertuples()
        if isinstance(r.answer, str)
    }
    for r in rows:
        assert r["svar_id"] == truth.get((r["kommun_kod"], r["indikator_id"]), ""), r
        assert r["upplaga"] == str(EDITION)
    non = [r for r in rows if r["kommun_kod"] == NONE]
    assert {r["svar"] for r in non} == {t("no_answer", "sv")} and {r["plats_fran"] for r in non} == {""}
    share = {r["indikator_id"]: r["riket_andel_onskat"] for r in rows}
    assert all(re.fullmatch(r"\d+(\.\d)?", v) for v in share.values())


@pytest.mark.parametrize("code", [ALL, NONE, PART])
def test_csv_per_municipality(kit, code):
    first, rows = read_csv(kit["out"] / FOLDERS[code] / "siffror.csv")
    assert "Exempeldata" in first and "EXEMPELDATA" in first
    assert {r["kommun_kod"] for r in rows} == {code} and len(rows) == len(INDS_2017)


# ---------------------------------------------------------------- images


def svgs(kit):
    return sorted(kit["out"].glob("*/*.svg"))


def test_every_svg_has_title_source_and_sample_label_and_no_placeholder_left(kit, data):
    names = {FOLDERS[c]: n for c, n in [(ALL, "Upplands Väsby"), (NONE, "Järfälla"), (PART, "Ekerö")]}
    files = svgs(kit)
    assert len(files) == 3 * 3 + 2 * len(INDS_2017)
    for f in files:
        text = f.read_text(encoding="utf-8")
        root = ET.fromstring(text)  # well-formed
        texts = ["".join(e.itertext()) for e in root.iter("{http://www.w3.org/2000/svg}text")]
        assert any(s.startswith(names[f.parent.name]) for s in texts), f  # the title names it
        joined = " ".join(texts)
        assert t("sample_image_label", "sv") in joined, f
        assert "Exempeldata" in joined, f
        if f.name == "utveckling.svg":  # the editions of the grid, by both publishers
            src = t(
                "source_line_sample",
                "sv",
                seed=data.manifest["generator"]["seed"],
                edition=f"2013–{EDITION}",
                publisher=t("publisher_range", "sv"),
            )
        else:
            src = source_line(data)
        if f.name == "karta.svg":  # narrow: the line is wrapped (test_map_source_line_is_wrapped_but_complete)
            src = src.split(",")[0]
        assert src in joined, f
        assert not re.search(r"QQ\w+QQ|#0[123][0-9a-f]{4}", text), f
        assert "http" not in text.replace("http://www.w3.org/", ""), f  # loads nothing


def test_map_source_line_is_wrapped_but_complete(kit, data):
    root = ET.fromstring((kit["out"] / FOLDERS[ALL] / "karta.svg").read_text(encoding="utf-8"))
    lines = [e.text for e in root.iter() if e.text and e.tag.rsplit("}", 1)[-1] in ("text", "tspan")]
    assert source_line(data) not in lines  # wrapped ...
    assert source_line(data) in " ".join(lines)  # ... but all there, in order


@pytest.mark.parametrize("code", [ALL, NONE, PART])
def test_map_highlights_the_municipality_itself(kit, code, data):
    """The highlight is a copy of the municipality's own path: the same geometry is drawn once
    more, filled with the colour of its own participation status."""
    text = (kit["out"] / FOLDERS[code] / "karta.svg").read_text(encoding="utf-8")
    assert text.count('class="presskit-highlight"') == 1
    hl = re.search(r'<g class="presskit-highlight">(.*?)</g>', text).group(1)
    d = re.search(r'd="([^"]+)"', hl).group(1)
    own = [
        m
        for m in re.finditer(r'<path\b[^>]*\sd="([^"]+)"[^>]*>', text)
        if m.group(1) == d and 'fill="none"' not in m.group(0)
    ]
    assert len(own) == 1
    status = {ALL: "all", NONE: "none", PART: "part"}[code]
    assert f'fill="{STATUS_COLOURS[status]}"' in own[0].group(0)


def test_maps_differ_only_where_they_should(kit):
    a = (kit["out"] / FOLDERS[ALL] / "karta.svg").read_text(encoding="utf-8")
    b = (kit["out"] / FOLDERS[PART] / "karta.svg").read_text(encoding="utf-8")

    def strip(s):
        return re.sub(r'<g class="presskit-highlight">.*?</g>|<text[^>]*>.*?</text>|aria-label="[^"]*"', "", s)

    assert a != b and strip(a) == strip(b)


def test_ranking_chart_outlines_its_answer_and_names_it(kit, data):
    a = data.answers
    mine = a[(a["edition"] == EDITION) & (a["kommun_kod"] == PART)].set_index("indicator_id")["answer"]
    for ind_id in INDS_2017:
        text = (kit["out"] / FOLDERS[PART] / f"rangordning-{ind_id}.svg").read_text(encoding="utf-8")
        outlines = re.findall(r'<path\b[^>]*stroke="#000000"[^>]*stroke-width="3"[^>]*>', text)
        names = re.findall(r">Ekerö</text>", text)
        answered = isinstance(mine.get(ind_id), str)
        assert len(outlines) == (1 if answered else 0), ind_id
        assert len(names) == (1 if answered else 0), ind_id


@pytest.mark.parametrize("name", ["utveckling", "karta"])
def test_png_has_the_svg_size_times_the_scale(kit, name):
    for folder in FOLDERS.values():
        w, h = svg.svg_size((kit["out"] / folder / f"{name}.svg").read_text(encoding="utf-8"))
        pw, ph = png_size(kit["out"] / folder / f"{name}.png")
        assert abs(pw - w * build.PNG_SCALE) <= 1 and abs(ph - h * build.PNG_SCALE) <= 1, (folder, pw, ph, w, h)


# ---------------------------------------------------------------- English, every PNG, no pool


def test_english_kit_with_every_png_in_one_process(tmp_path, capsys):
    out = tmp_path / "en"
    assert (
        main(
            [
                "presskit",
                "--out",
                str(out),
                "--edition",
                "2018",
                "--kommun",
                "0180",
                "--lang",
                "en",
                "--png",
                "all",
                "--jobs",
                "1",
                "--allow-sample",
                "--app-url",
                APP,
            ]
        )
        == 0
    )
    d = out / "0180-stockholm"
    text = (d / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in text and "Open in Barnbarometern" in text and "Exempeldata (sample data)" in text
    assert "lang=en" in text
    karta = (d / "karta.svg").read_text(encoding="utf-8")
    assert "EXEMPELDATA (sample data)" in karta and "Stockholm" in karta
    assert len(list(d.glob("rangordning-*.png"))) == len(load_catalogue().for_edition(2018))
    for f in d.glob("*.svg"):
        w, h = svg.svg_size(f.read_text(encoding="utf-8"))
        pw, ph = png_size(f.with_suffix(".png"))
        assert abs(pw - w * build.PNG_SCALE) <= 1 and abs(ph - h * build.PNG_SCALE) <= 1, f


# ---------------------------------------------------------------- survey data, hostile text


def test_survey_data_has_no_sample_label_and_every_text_is_escaped(tmp_path, data):
    """On survey data nothing says Exempeldata and no refusal is needed; a municipality name
    full of markup is shown as text, never as markup, in pages, SVG and CSV."""
    evil = 'Ekerö <script>alert("x")</script> & <b>Co</b>\'s'
    m = data.municipalities.copy()
    m.loc[m["kommun_kod"] == PART, "kommun"] = evil
    survey = dataclasses.replace(data, municipalities=m, manifest={**data.manifest, "kind": "survey"})
    assert not survey.is_sample
    out = tmp_path / "kit"
    build.build(
        out,
        survey,
        CAT,
        load_figures(),
        EDITION,
        [PART],
        "sv",
        APP,
        png_mode="none",
        jobs=1,
        progress_stream=io.StringIO(),
    )
    d = next(out.glob("0125-*"))
    for f in [out / "index.html", *d.iterdir()]:
        text = f.read_text(encoding="utf-8-sig")
        assert "exempeldata" not in text.casefold(), f
        if f.suffix in (".html", ".svg"):  # (a CSV holds the name as it is)
            assert "<script" not in text and "<b>" not in text, f
            assert "&lt;script&gt;" in text, f
        if f.suffix == ".svg":
            ET.fromstring(text)
    page_text = (d / "index.html").read_text(encoding="utf-8")
    assert t("source_line", "sv", edition=EDITION, publisher=t(publisher_key(EDITION), "sv")) in html.unescape(
        page_text
    )
    _, rows = read_csv(d / "siffror.csv")
    assert rows[0]["kommun"] == evil


def test_template_fill_escapes_text_and_leaves_no_placeholder():
    tpl = svg.Template('<svg><text>QQTITLEQQ</text><path stroke="#010001"/><path stroke="#010002"/></svg>', 1, 1)
    out = tpl.fill({"TITLE": "<a & b>"}, {"#010001": "#000000"})
    assert out == '<svg><text>&lt;a &amp; b&gt;</text><path stroke="#000000"/><path stroke="none"/></svg>'


def test_long_cell_labels_wrap_into_two_lines():
    two = svg.cell_text("En av fem eller fler, men färre än hälften")
    assert two.count("<tspan") == 2 and "hälften" in two
    assert svg.cell_text("Ja & nej") == "Ja &amp; nej"


def test_slug_and_codes():
    assert build.slug("Upplands Väsby") == "upplands-vasby" and build.slug("Malung-Sälen") == "malung-salen"
    assert cli.parse_codes("180, 1480", {"0180", "1480"}) == ["0180", "1480"]
    with pytest.raises(cli.PresskitError):
        cli.parse_codes("0180,abc", {"0180"})
    assert cli.check_app_url("https://barnbarometern.example.se/rangordning") == "https://barnbarometern.example.se"


HOSTILE = 'Ekerö<script>alert(1)</script>"onload=alert(2) x="'


@pytest.fixture(scope="module")
def hostile_kit(tmp_path_factory):
    """The kit of 2017 built by the command from a copy of the bundled tables in which Ekerö's
    name holds markup: a script element and a quote that would end an attribute."""
    from barnbaro.core.atomic import sha256

    root = tmp_path_factory.mktemp("hostile")
    clean = root / "clean"
    shutil.copytree(paths.CLEAN_DIR, clean)
    m = pd.read_parquet(clean / "municipalities.parquet")
    m.loc[m["kommun_kod"] == PART, "kommun"] = HOSTILE
    m.to_parquet(clean / "municipalities.parquet", index=False)
    manifest = json.loads((clean / "manifest.json").read_text(encoding="utf-8"))
    manifest["tables"]["municipalities.parquet"]["sha256"] = sha256(clean / "municipalities.parquet")
    (clean / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    out = root / "kit"
    mp = pytest.MonkeyPatch()
    mp.setattr("sys.stderr", io.StringIO())
    mp.setattr("sys.stdout", io.StringIO())
    try:
        rc = main(
            [
                "presskit",
                "--out",
                str(out),
                "--data",
                str(clean),
                "--edition",
                str(EDITION),
                "--kommun",
                f"{PART},{ALL}",
                "--png",
                "none",
                "--jobs",
                "1",
                "--allow-sample",
                "--app-url",
                APP,
            ]
        )
    finally:
        mp.undo()
    assert rc == 0
    return out


class Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [k for k, _ in attrs]

    def handle_data(self, d):
        self.text.append(d)


def test_a_name_with_markup_is_text_in_every_page(hostile_kit):
    folder = next(hostile_kit.glob(f"{PART}-*"))
    for path in (folder / "index.html", hostile_kit / "index.html"):
        text = path.read_text(encoding="utf-8")
        assert "<script" not in text and '"onload=' not in text, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;&#34;onload=alert(2) x=&#34;" in text, path
        p = Elements()
        p.feed(text)
        assert "script" not in p.tags and "onload" not in p.attrs and "x" not in p.attrs, path
        assert any(HOSTILE in s for s in p.text), path  # shown, as text
    body = html.unescape((folder / "index.html").read_text(encoding="utf-8"))
    assert f"<h1>{HOSTILE} i Barnbarometern {EDITION}</h1>" in body


def test_a_name_with_markup_is_text_in_every_image(hostile_kit):
    folder = next(hostile_kit.glob(f"{PART}-*"))
    files = sorted(folder.glob("*.svg"))
    assert {"karta.svg", "utveckling.svg", "profil.svg"} <= {f.name for f in files} and len(files) == 3 + len(INDS_2017)
    for f in files:
        text = f.read_text(encoding="utf-8")
        assert "<script" not in text and '"onload=' not in text, f
        assert "&lt;script&gt;" in text and "&#34;onload=" in text, f
        root = ET.fromstring(text)  # still well-formed
        assert not any(e.tag.endswith("script") for e in root.iter()), f
        assert not any(k in ("onload", "x=") for e in root.iter() for k in e.attrib if k.startswith("on")), f
        texts = ["".join(e.itertext()) for e in root.iter("{http://www.w3.org/2000/svg}text")]
        assert any(HOSTILE in s for s in texts), f  # the title names it, as text
    # the other municipality's images are untouched by the name
    other = next(hostile_kit.glob(f"{ALL}-*"))
    assert all("alert(" not in f.read_text(encoding="utf-8") for f in other.glob("*.svg"))


# ---------------------------------------------------------------- the app's own texts and numbers


def test_sentences_and_table_are_the_apps_profile(kit, data):
    """The page's "I korthet" and its numbers are Kommunprofil's, as the link opens it (the
    county as the peer group): a change to the app's sentences or table reaches the kit."""
    from barnbaro.explore import analysis as A
    from barnbaro.explore.urlstate import ViewState

    peers = A.peer_group("lan", ALL, data, CAT, EDITION, {})
    v = views.profile_view(data, CAT, ViewState(kommuner=(ALL,), upplaga=EDITION), ALL, peers)
    p = parsed(page(kit, ALL))
    text = "|".join(s.strip() for s in p.text if s.strip())
    assert v.sentences and all(f"|{s}|" in text for s in v.sentences)
    body = html.unescape(page(kit, ALL))
    items = re.findall(r"<li>(.*?)</li>", body.split('<ul class="sentences">')[1].split("</ul>")[0])
    assert items == v.sentences
    riket, lan = t("col_riket", "sv"), t("col_lan_desired", "sv")
    for (_, row), (_, refs) in zip(v.table.iterrows(), v.refs.iterrows()):
        cells = [*row.tolist(), refs[riket], refs[lan]]
        assert "|".join(cells) in text, cells
    assert "|".join([*v.table.columns, riket, lan]) in text


def test_ranking_line_caption_and_published_figures_are_rangordnings(kit, data):
    """Under each ranking chart, and in it: the selected municipality's line, the caption and
    the published figures exactly as Rangordning shows them for that municipality."""
    from barnbaro.explore import analysis as A
    from barnbaro.explore.urlstate import ViewState

    body = html.unescape(page(kit, ALL))
    published = 0
    for ind_id in INDS_2017:
        ind = CAT[ind_id]
        v = views.ranking_view(
            data,
            CAT,
            load_figures(),
            ViewState(kommuner=(ALL,), indikator=ind_id, upplaga=EDITION),
            A.ranked_frame(data, ind, EDITION),
            [],
        )
        fig = body.split(f'<figure id="{ind_id}">')[1].split("</figure>")[0]
        assert f"<strong>{v.selected_lines[0]}.</strong> {v.caption}" in fig
        assert all(f"<li>{line}</li>" in fig for line in v.published_lines)
        published += len(v.published_lines)
        svg_text = (kit["out"] / FOLDERS[ALL] / f"rangordning-{ind_id}.svg").read_text(encoding="utf-8")
        assert f"<tspan>{html.escape(v.selected_lines[0], quote=False)}</tspan>" in svg_text
    assert published, "2017 has published figures to show"


def test_index_is_in_swedish_alphabetical_order(tmp_path, data):
    """As every list in the app (i18n.sv_key): Håbo before Hällefors, Åmål before Älmhult."""
    codes = ["0305", "1863", "1765", "0764", "0604"]  # Håbo, Hällefors, Årjäng, Alvesta, Aneby
    out = tmp_path / "kit"
    build.build(
        out, data, CAT, load_figures(), 2018, codes, "sv", APP, png_mode="none", jobs=1, progress_stream=io.StringIO()
    )
    text = (out / "index.html").read_text(encoding="utf-8")
    order = re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', text)
    assert order == ["Alvesta", "Aneby", "Håbo", "Hällefors", "Årjäng"]


def test_a_worker_process_loads_vl_convert_and_not_the_rest():
    """Worker processes import the package on their way to its workers module: that must not
    load pandas, Altair or Jinja2 (each worker would pay seconds of start-up for nothing)."""
    import subprocess
    import sys

    code = (
        "import sys, barnbaro.presskit.workers; "
        "print(sorted(m for m in ('pandas', 'numpy', 'altair', 'jinja2', "
        "'shapely', 'yaml', 'vl_convert') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=paths.ROOT, check=True
    ).stdout
    assert out.strip() == "['vl_convert']"


@pytest.mark.parametrize("code", [ALL, NONE, PART])
def test_profile_image_is_the_apps_profile_chart(kit, data, code):
    """profil.svg is the app's profile chart (charts.profile_chart, the county as the peer
    group): a row per question naming the municipality's answer, as the app writes it."""
    from barnbaro.render import charts

    root = ET.fromstring((kit["out"] / FOLDERS[code] / "profil.svg").read_text(encoding="utf-8"))
    texts = ["".join(e.itertext()) for e in root.iter("{http://www.w3.org/2000/svg}text")]
    name = {ALL: "Upplands Väsby", NONE: "Järfälla", PART: "Ekerö"}[code]
    peers = A.peer_group("lan", code, data, CAT, EDITION, {})
    v = views.profile_view(data, CAT, ViewState(kommuner=(code,), upplaga=EDITION), code, peers)
    rows = A.profile(data, CAT, code, EDITION, peers, "sv")
    assert [r["question"] for r in v.chart["datasets"]["labels"]] == [
        i.short_for("sv") for i in CAT.for_edition(EDITION)
    ]
    for ind in CAT.for_edition(EDITION):
        assert ind.short_for("sv") in texts
    if code == NONE:
        assert texts.count(t("profile_mine_none", "sv", kommun=name)) == len(rows)
    else:
        for mine, _ in charts.profile_labels(rows, name, "sv"):
            assert mine in texts
        assert [m for m, _ in charts.profile_labels(rows, name, "sv")] == [
            r["mine"] for r in v.chart["datasets"]["labels"]
        ]
    assert t("profile_chart_title", "sv", kommun=name, edition=EDITION) in texts


def test_mixed_sample_and_survey_each_line_says_which_editions_are_the_sample(tmp_path, data):
    """2013-2017 the sample, 2018 a survey export: the 2018 page's source line is the survey's
    own, the sample label names 2013-2017 (pages, images, CSV), and the trend grid, which shows
    the sample's editions too, carries the sample's source line."""
    editions = {e: {**c, "kind": "sample" if int(e) < 2018 else "survey"} for e, c in data.manifest["editions"].items()}
    mixed = dataclasses.replace(data, manifest={**data.manifest, "kind": "mixed", "editions": editions})
    assert mixed.is_mixed and mixed.sample_editions == [2013, 2014, 2015, 2016, 2017]
    out = tmp_path / "kit"
    build.build(
        out,
        mixed,
        CAT,
        load_figures(),
        2018,
        ["0180"],
        "sv",
        APP,
        png_mode="none",
        jobs=1,
        progress_stream=io.StringIO(),
    )
    d = out / "0180-stockholm"
    survey_line = t("source_line", "sv", edition=2018, publisher=t(publisher_key(2018), "sv"))
    label = mixed.sample_label("sv")
    assert "2013–2017" in label and "2018" in label
    body = html.unescape((d / "index.html").read_text(encoding="utf-8"))
    assert survey_line in body and label in body and mixed.sample_label("sv", "short") in body
    karta = " ".join(e.text or "" for e in ET.fromstring((d / "karta.svg").read_text(encoding="utf-8")).iter())
    assert "Källa: Barnbarometern 2018" in karta and "EXEMPELDATA för 2013–2017" in karta
    grid = " ".join(e.text or "" for e in ET.fromstring((d / "utveckling.svg").read_text(encoding="utf-8")).iter())
    assert "Exempeldata (syntetiska svar" in grid and "2013–2018" in grid
    first, _ = read_csv(d / "siffror.csv")
    assert survey_line in first and label in first
