"""barnbaro.render.images: server-side PNG and SVG with the title, source and sample label drawn in."""

from __future__ import annotations

import struct

import pytest

from barnbaro.core import paths
from barnbaro.core.catalogue import load_catalogue
from barnbaro.core.data import load_clean
from barnbaro.core.published import load_figures
from barnbaro.explore import analysis as A
from barnbaro.explore import geo, views
from barnbaro.explore.urlstate import ViewState
from barnbaro.render import images

CAT = load_catalogue()
SOURCE = "Källa: Barnbarometern 2018, Humana och Rädda Barnen; bearbetning: Barnbarometern-utforskaren."
LABEL = "EXEMPELDATA: syntetiska svar, inte kommunernas verkliga"


@pytest.fixture(scope="module")
def data():
    return load_clean(paths.CLEAN_DIR)


@pytest.fixture(scope="module")
def ranking(data):
    ind = CAT["utvardering_upplevelser"]
    r = A.rank(A.edition_frame(data, ind, 2018), ind)
    state = ViewState(kommuner=("0180",), indikator=ind.id, upplaga=2018)
    return views.ranking_view(data, CAT, load_figures(), state, r, []), r


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", png[16:24])


def test_svg_has_title_source_and_sample_label_as_text(ranking):
    v, _ = ranking
    svg = images.to_svg(images.decorate(v.chart, v.title, SOURCE, LABEL))
    assert svg.lstrip().startswith("<svg")
    for text in (v.title, SOURCE, LABEL, "Stockholm"):
        assert text in svg, text


def test_svg_without_sample_label_for_survey_data(ranking):
    v, _ = ranking
    assert "EXEMPELDATA" not in images.to_svg(images.decorate(v.chart, v.title, SOURCE, None))


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_png_size_follows_the_export_width_and_scale(ranking, scale):
    v, _ = ranking
    w, h = png_size(images.to_png(images.decorate(v.chart, v.title, SOURCE, LABEL), scale=scale))
    assert images.EXPORT_WIDTH * scale <= w <= (images.EXPORT_WIDTH + 400) * scale
    assert 200 * scale < h < 1200 * scale


def test_map_image_draws_sweden_with_legend_and_selection(data, ranking):
    _, r = ranking
    ind = CAT["utvardering_upplevelser"]
    chart = images.map_chart(geo.kommun_features(), r, ind, "sv", ("0180",))
    svg = images.to_svg(images.decorate(chart, "Karta", SOURCE, LABEL, width=None))
    assert svg.count("<path") > 290  # every municipality plus the outline
    for text in ("Ja", "Nej", "Svarade inte", SOURCE, LABEL):
        assert text in svg
    w, h = png_size(images.to_png(images.decorate(chart, "Karta", SOURCE, LABEL, width=None), scale=1))
    assert h > w  # Sweden is tall
