"""The command line: python -m barnbaro presskit (registered by barnbaro.cli)."""

from __future__ import annotations

import argparse
import resource
import sys
from pathlib import Path
from urllib.parse import urlsplit

from ..core import paths
from ..core.catalogue import load_catalogue
from ..core.data import load_or_report
from ..core.i18n import DEFAULT_LANG, LANGS, t
from ..core.published import load_figures
from ..explore.share import base_url
from ..explore.urlstate import split_codes
from .build import PNG_MODES, build


class PresskitError(Exception):
    """A problem with the arguments (unknown edition or municipality, bad URL)."""


def parse_codes(text: str | None, valid) -> list[str]:
    if not text:
        return sorted(valid)
    good, bad = split_codes(text.strip(), set(valid))
    if bad:
        raise PresskitError(f"okända kommunkoder: {', '.join(bad[:10])}")
    if not good:
        raise PresskitError("inga kommunkoder i --kommun")
    return good


def check_app_url(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise PresskitError(f"--app-url ska vara en adress som https://barnbarometern.example.se, inte {url!r}")
    return base_url(url.strip())


def add_parser(sub) -> None:
    """The `presskit` subcommand (registered by barnbaro.cli)."""
    k = sub.add_parser(
        "presskit",
        help="statiskt pressmaterial per kommun: HTML, SVG, PNG och CSV",
        description="Skriv en fristående sida per kommun (diagram som SVG och PNG, siffrorna, "
        "källan och länkar till samma vy i appen), en indexsida och en CSV.",
    )
    k.add_argument("--out", required=True, help="mapp att skriva till (skapas)")
    k.add_argument("--edition", type=int, default=None, help="upplaga (standard: den senaste)")
    k.add_argument("--kommun", default=None, help="kommunkoder, kommaseparerade (standard: alla 290)")
    k.add_argument(
        "--app-url",
        default=None,
        help="appens publika adress, dit länkarna 'Öppna i Barnbarometern' går "
        "(t.ex. https://barnbarometern.example.se; standard: http://localhost:8501)",
    )
    k.add_argument("--lang", choices=LANGS, default=DEFAULT_LANG)
    k.add_argument(
        "--allow-sample",
        action="store_true",
        help="skriv även av exempeldata (varje sida, bild och CSV märks Exempeldata)",
    )
    k.add_argument(
        "--png",
        choices=PNG_MODES,
        default="some",
        help="some: PNG av utvecklingen och kartan per kommun (standard); all: även av varje "
        "rangordning (ungefär dubbla tiden); none: bara SVG",
    )
    k.add_argument(
        "--jobs", type=int, default=None, help="processer för PNG (standard: 2 eller antalet kärnor om färre)"
    )
    k.add_argument("--data", default=str(paths.CLEAN_DIR), help=argparse.SUPPRESS)
    k.set_defaults(func=cmd)


def cmd(args) -> int:
    lang = args.lang
    data = load_or_report(args.data, f"Uppgifterna i {args.data} klarade inte kontrollen")
    if data is None:
        return 2
    if data.is_sample and not args.allow_sample:
        print(t("presskit_refuse_sample", lang), file=sys.stderr)
        return 2
    try:
        app_url = check_app_url(args.app_url) if args.app_url else "http://localhost:8501"
        edition = args.edition if args.edition is not None else max(data.editions)
        if edition not in data.editions:
            raise PresskitError(f"upplagan {edition} finns inte; välj en av {', '.join(map(str, data.editions))}")
        codes = parse_codes(args.kommun, set(data.municipalities["kommun_kod"]))
        if args.jobs is not None and args.jobs < 1:
            raise PresskitError("--jobs ska vara minst 1")
    except PresskitError as e:
        print(f"presskit: {e}", file=sys.stderr)
        return 2
    if not args.app_url:
        print(
            "Obs: länkarna 'Öppna i Barnbarometern' går till http://localhost:8501; "
            "ange appens publika adress med --app-url.",
            file=sys.stderr,
        )
    if data.is_sample:
        print(f"{data.sample_label(lang)} (--allow-sample)", file=sys.stderr)
    r = build(
        Path(args.out),
        data,
        load_catalogue(),
        load_figures(),
        edition,
        codes,
        lang,
        app_url,
        png_mode=args.png,
        jobs=args.jobs,
    )
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    s = r.seconds
    print(
        f"Skrev pressmaterial för {r.municipalities} kommuner, upplaga {edition}"
        f"{' (EXEMPELDATA)' if data.is_sample else ''}: {r.files} filer i {r.out}."
    )
    print(f"Öppna {r.out / 'index.html'}; länkarna går till {app_url}.")
    print(
        f"Tid: siffror {s['siffror']:.1f} s, diagrammallar {s['mallar']:.1f} s, SVG/HTML/CSV {s['svg_html']:.1f} s, "
        f"PNG därefter {s['png_vantan']:.1f} s; totalt {s['totalt']:.1f} s "
        f"(PNG: {r.png_mode}, {r.jobs} process{'er' if r.jobs > 1 else ''}; CPU-tid {me.ru_utime + me.ru_stime:.1f} s "
        f"här och {kids.ru_utime + kids.ru_stime:.1f} s i PNG-processerna)."
    )
    return 0
