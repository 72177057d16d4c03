"""Command line: python -m barnbaro {sample,clean,check,kolada fetch}."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import paths

TOLERANCE_PP = 2.0


def cmd_sample(args) -> int:
    from .sample import load_targets, write_raw

    seed = args.seed if args.seed is not None else int(load_targets()["default_seed"])
    files = write_raw(Path(args.out), seed)
    print(f"Skrev {len(files)} exempelfiler (frö {seed}) till {args.out}:")
    for f in files:
        print(f"  {f.name}")
    return 0


def cmd_clean(args) -> int:
    from .clean import CleanError, clean

    try:
        m = clean(Path(args.raw), Path(args.out))
    except CleanError as e:
        print(f"Rensningen stoppades; ingenting publicerades och {args.out} är orörd. "
              f"{len(e.problems)} problem:", file=sys.stderr)
        for p in e.problems:
            print(f"  - {p}", file=sys.stderr)
        return 2
    print(f"Publicerade {args.out} ({'EXEMPELDATA' if m['kind'] == 'sample' else 'enkätdata'}).")
    print(f"{'upplaga':>8} {'råa rader':>10} {'använda':>8} {'avvisade':>9}  avvisade per skäl")
    for e, c in m["editions"].items():
        reasons = ", ".join(f"{k} {v}" for k, v in sorted(c["rejected_by_reason"].items()))
        print(f"{e:>8} {c['raw_rows']:>10} {c['used_rows']:>8} {c['rejected_rows']:>9}  {reasons}")
    print(f"Avvisade rader med skäl: {Path(args.out) / 'rejected.csv'}")
    return 0


def load_data(path: str, failed: str):
    """The clean tables in `path`, or None once every problem is printed after the line `failed`."""
    from .validate import DataError, load_clean

    try:
        return load_clean(Path(path))
    except DataError as e:
        print(f"{failed} ({len(e.problems)} problem):", file=sys.stderr)
        for p in e.problems:
            print(f"  - {p}", file=sys.stderr)
        return None


def cmd_check(args) -> int:
    from .published import compare

    data = load_data(args.data, f"Valideringen misslyckades för {args.data}")
    if data is None:
        return 2
    print(f"Tabellerna i {args.data} är giltiga ({'exempeldata' if data.is_sample else 'enkätdata'}).")
    cmp = compare(data.answers)
    print(f"{'figur':<28} {'publicerad':>10} {'data':>7} {'skillnad':>9}  (k/n)")
    off = 0
    for r in cmp.itertuples(index=False):
        bad = not (abs(r.diff_pp) <= TOLERANCE_PP)
        off += bad
        flag = "  <-- mer än 2 p.e." if bad else ""
        print(f"{r.figure_id:<28} {r.published:>9.1f}% {r.data:>6.1f}% {r.diff_pp:>+8.1f}  ({r.k}/{r.n}){flag}")
    if data.is_sample and off:
        print(f"{off} figurer avviker mer än {TOLERANCE_PP:g} procentenheter: exempeldata ska återge dem.", file=sys.stderr)
        return 1
    if off:
        print(f"{off} figurer avviker mer än {TOLERANCE_PP:g} procentenheter (enkätdata: rapporteras, bedöms inte).")
    else:
        print(f"Alla {len(cmp)} publicerade figurer återges inom ±{TOLERANCE_PP:g} procentenheter.")
    return 0


def _progress_bar(step: int, total: int, label: str, width: int = 24) -> None:
    done = int(width * step / total) if total else width
    print(f"[{'#' * done}{'.' * (width - done)}] {step:>2}/{total} {label}", file=sys.stderr, flush=True)


def cmd_kolada_fetch(args) -> int:
    from . import kolada as K

    try:
        base = K.resolve_base_url(args.base_url)
        kpis = [k for k in args.kpi.split(",")] if args.kpi else list(K.DEFAULT_KPIS)
        years = K.parse_years(args.years) if args.years else None
    except (K.KoladaError, ValueError) as e:
        print(f"Kolada: {e}", file=sys.stderr)
        return 2
    real = K.is_real_api(base)
    print(f"Hämtar från {base}{'' if real else ' (INTE Koladas API: cachen märks som testdata)'} till {args.out}",
          file=sys.stderr)
    try:
        meta = K.fetch(Path(args.out), kpis, years, base, progress=_progress_bar)
    except K.KoladaError as e:
        print(f"Hämtningen misslyckades; ingenting skrevs och {args.out} är orörd: {e}", file=sys.stderr)
        return 2
    except K.CacheError as e:
        print(f"Det hämtade gick inte att läsa tillbaka; ingenting skrevs: {e}", file=sys.stderr)
        return 2
    for w in meta["warnings"]:
        print(f"  Obs: {w}", file=sys.stderr)
    rows = {name: info["rows"] for name, info in meta["tables"].items()}
    print(f"Skrev {args.out} ({'Kolada' if real else 'testdata'}, {meta['requests']} anrop): "
          + ", ".join(f"{n} {r} rader" for n, r in rows.items()))
    return 0


def cmd_static(args) -> int:
    from .geo import write_static

    for p in write_static(args.out):
        print(f"Skrev {p} ({p.stat().st_size} byte)")
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m barnbaro", description="Barnbarometern: exempeldata, rensning och kontroll.")
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sample", help="skriv syntetiska råexporter för alla upplagor")
    s.add_argument("--out", default=str(paths.RAW_DIR))
    s.add_argument("--seed", type=int, default=None)
    s.set_defaults(func=cmd_sample)
    c = sub.add_parser("clean", help="rensa råexporter till tabeller (atomiskt)")
    c.add_argument("--raw", default=str(paths.RAW_DIR))
    c.add_argument("--out", default=str(paths.CLEAN_DIR))
    c.set_defaults(func=cmd_clean)
    k = sub.add_parser("check", help="validera tabellerna och jämför med publicerade siffror")
    k.add_argument("--data", default=str(paths.CLEAN_DIR))
    k.set_defaults(func=cmd_check)
    g = sub.add_parser("static", help="skriv kartans geometri till appens statiska mapp (laddas en gång per webbläsare)")
    g.add_argument("--out", default=str(paths.STATIC_DIR))
    g.set_defaults(func=cmd_static)
    kol = sub.add_parser("kolada", help="Koladas öppna nyckeltal: hämta en lokal kopia som appen läser")
    ksub = kol.add_subparsers(dest="kolada_cmd", required=True)
    f = ksub.add_parser("fetch", help="hämta nyckeltal, SKR:s kommungrupper och RKA:s liknande kommuner (atomiskt)")
    f.add_argument("--kpi", default=None, help="nyckeltal, kommaseparerade (standard: U33401,U33816,N33818,N33006,N30223,N01951,N01948)")
    f.add_argument("--years", default=None, help="år: 2013-2018 eller 2023,2024 (standard: upplagorna 2013-2018 och senaste året)")
    f.add_argument("--base-url", default=None, help="API:ts adress med /v3 (standard: $BARNBARO_KOLADA_URL eller https://api.kolada.se/v3)")
    f.add_argument("--out", default=str(paths.DATA / "kolada"))
    f.set_defaults(func=cmd_kolada_fetch)
    from .presskit.cli import add_parser as add_presskit

    add_presskit(sub)
    args = p.parse_args(argv)
    return args.func(args)
