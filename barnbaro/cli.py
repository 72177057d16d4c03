"""Command line: python -m barnbaro {sample,clean,check,static,kolada fetch|import-ddf|trim-ddf,presskit}."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .core import paths

TOLERANCE_PP = 2.0


def cmd_sample(args) -> int:
    from .pipeline.sample import load_targets, write_raw

    seed = args.seed if args.seed is not None else int(load_targets()["default_seed"])
    files = write_raw(Path(args.out), seed)
    print(f"Skrev {len(files)} exempelfiler (frö {seed}) till {args.out}:")
    for f in files:
        print(f"  {f.name}")
    return 0


def _print_accounting(editions: dict) -> None:
    print(f"{'upplaga':>8} {'råa rader':>10} {'använda':>8} {'avvisade':>9}  {'slag':<11}  avvisade per skäl")
    for e, c in editions.items():
        reasons = ", ".join(f"{k} {v}" for k, v in sorted(c["rejected_by_reason"].items()))
        kind = "exempeldata" if c.get("kind", "sample") == "sample" else "enkätdata"
        print(f"{e:>8} {c['raw_rows']:>10} {c['used_rows']:>8} {c['rejected_rows']:>9}  {kind:<11}  {reasons}")


def _kind_text(kind: str, sample_editions: list) -> str:
    if kind == "sample":
        return "EXEMPELDATA"
    if kind == "mixed":
        return f"EXEMPELDATA för {', '.join(map(str, sample_editions))}, enkätdata för övriga upplagor"
    return "enkätdata"


def cmd_clean(args) -> int:
    from .pipeline.clean import CleanError, clean

    if args.dry_run:
        return cmd_clean_dry_run(args)
    try:
        m = clean(Path(args.raw), Path(args.out), codebooks=args.codebooks, edition=args.edition)
    except CleanError as e:
        print(
            f"Rensningen stoppades; ingenting publicerades och {args.out} är orörd. {len(e.problems)} problem:",
            file=sys.stderr,
        )
        for p in e.problems:
            print(f"  - {p}", file=sys.stderr)
        return 2
    print(f"Publicerade {args.out} ({_kind_text(m['kind'], m.get('sample_editions', []))}).")
    _print_accounting(m["editions"])
    print(f"Avvisade rader med skäl: {Path(args.out) / 'rejected.csv'}")
    return 0


def cmd_clean_dry_run(args) -> int:
    """Everything clean would do, printed; nothing is written."""
    from .core.validate import SCHEMA, validate_tables
    from .pipeline.clean import CleanError, plan

    print(f"Provkörning av rensningen för {args.raw}: ingenting skrivs, {args.out} lämnas orörd.")
    try:
        pl = plan(Path(args.raw), args.codebooks, args.edition)
    except CleanError as e:
        pl = None
        problems = e.problems
    else:
        problems = pl.problems
    if pl is not None:
        for r in pl.results:
            where = f", bladet '{r.sheet}'" if r.sheet else ""
            print(f"  {r.path.name}: upplaga {r.edition}{where} ({'exempeldata' if r.mark else 'enkätexport'})")
    if problems:
        print(f"Rensningen skulle stoppas och ingenting publiceras. {len(problems)} problem:", file=sys.stderr)
        for p in problems:
            print(f"  - {p}", file=sys.stderr)
        return 2
    print(f"Skulle publicera {args.out} ({_kind_text(pl.kind, pl.sample_editions)}).")
    _print_accounting(pl.editions)
    rej = pl.tables["rejected"]
    if len(rej):
        print(f"Avvisade rader ({len(rej)}):")
        for r in rej.itertuples(index=False):
            print(f"  {r.file} rad {r.row}: {r.reason}")
    else:
        print("Inga avvisade rader.")
    problems = validate_tables({k: pl.tables[k] for k in SCHEMA}, {"editions": pl.editions})
    if problems:
        print(f"De nya tabellerna skulle inte klara valideringen ({len(problems)} problem):", file=sys.stderr)
        for p in problems:
            print(f"  - {p}", file=sys.stderr)
        return 2
    print("Jämförelse med de publicerade riksandelarna (som check):")
    _print_comparison(pl.tables["answers"], pl.kind == "sample")
    print("Provkörning klar: ingenting skrevs.")
    return 0


def _print_comparison(answers, judge: bool) -> int:
    """check's table: each published figure beside the data's share. Returns the figures off."""
    from .core.published import compare

    cmp = compare(answers)
    print(f"{'figur':<28} {'publicerad':>10} {'data':>7} {'skillnad':>9}  (k/n)")
    off = 0
    for r in cmp.itertuples(index=False):
        bad = not (abs(r.diff_pp) <= TOLERANCE_PP)
        off += bad
        flag = "  <-- mer än 2 p.e." if bad else ""
        print(f"{r.figure_id:<28} {r.published:>9.1f}% {r.data:>6.1f}% {r.diff_pp:>+8.1f}  ({r.k}/{r.n}){flag}")
    if off and not judge:
        print(
            f"{off} figurer avviker mer än {TOLERANCE_PP:g} procentenheter (enkätdata: rapporteras, bedöms inte). "
            f"Stora avvikelser kan betyda ombytta svar i kodboken (till exempel Ja och Nej): de syns här först."
        )
    elif not off:
        print(f"Alla {len(cmp)} publicerade figurer återges inom ±{TOLERANCE_PP:g} procentenheter.")
    return off


def cmd_check(args) -> int:
    from .core.data import load_or_report

    data = load_or_report(args.data, f"Valideringen misslyckades för {args.data}")
    if data is None:
        return 2
    kind = (
        "exempeldata"
        if data.is_sample and not data.is_mixed
        else (
            f"exempeldata för {', '.join(map(str, data.sample_editions))}, enkätdata för övriga"
            if data.is_mixed
            else "enkätdata"
        )
    )
    print(f"Tabellerna i {args.data} är giltiga ({kind}).")
    judge = data.is_sample and not data.is_mixed
    off = _print_comparison(data.answers, judge)
    if judge and off:
        print(
            f"{off} figurer avviker mer än {TOLERANCE_PP:g} procentenheter: exempeldata ska återge dem.",
            file=sys.stderr,
        )
        return 1
    return 0


def _progress_bar(step: int, total: int, label: str, width: int = 24) -> None:
    done = int(width * step / total) if total else width
    print(f"[{'#' * done}{'.' * (width - done)}] {step:>2}/{total} {label}", file=sys.stderr, flush=True)


def _write_kolada(out: str, write, stopped_on, stopped: str, what: str) -> dict | None:
    """Write the local Kolada copy with `write()` (a fetch or an import) and print its
    warnings; on a failure say that nothing was written (the copy stays as it was) and return
    None. `stopped_on` is the failure that stops the source ("Hämtningen misslyckades")."""
    from . import kolada as K

    try:
        meta = write()
    except stopped_on as e:
        print(f"{stopped}; ingenting skrevs och {out} är orörd: {e}", file=sys.stderr)
        return None
    except K.CacheError as e:
        print(f"Det {what} gick inte att läsa tillbaka; ingenting skrevs: {e}", file=sys.stderr)
        return None
    for w in meta["warnings"]:
        print(f"  Obs: {w}", file=sys.stderr)
    return meta


def _print_written(out: str, label: str, meta: dict) -> None:
    rows = {name: info["rows"] for name, info in meta["tables"].items()}
    print(f"Skrev {out} ({label}): " + ", ".join(f"{n} {r} rader" for n, r in rows.items()))


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
    print(
        f"Hämtar från {base}{'' if real else ' (INTE Koladas API: cachen märks som testdata)'} till {args.out}",
        file=sys.stderr,
    )
    meta = _write_kolada(
        args.out,
        lambda: K.fetch(Path(args.out), kpis, years, base, progress=_progress_bar),
        K.KoladaError,
        "Hämtningen misslyckades",
        "hämtade",
    )
    if meta is None:
        return 2
    _print_written(args.out, f"{'Kolada' if real else 'testdata'}, {meta['requests']} anrop", meta)
    return 0


def cmd_kolada_import_ddf(args) -> int:
    from . import kolada as K
    from .kolada import ddf as D

    try:
        years = K.parse_years(args.years) if args.years else None
        kpis = [k for k in args.kpi.split(",") if k.strip()] if args.kpi else list(D.IMPORT_KPIS)
    except ValueError as e:
        print(f"Kolada: {e}", file=sys.stderr)
        return 2
    groups = None if args.no_groups else Path(args.groups)
    meta = _write_kolada(
        args.out,
        lambda: D.import_ddf(Path(args.path), Path(args.out), groups, kpis, years),
        D.DDFError,
        "Importen stoppades",
        "importerade",
    )
    if meta is None:
        return 2
    if not meta["ddf"]["verified"]:
        print(
            f"  Obs: filerna är inte open-numbers-kopian ({D.REPOSITORY} {D.COMMIT[:7]}) byte för byte: "
            "kopian märks som testdata",
            file=sys.stderr,
        )
    if meta["lacking"]:
        print(f"  Saknas i kopian: {', '.join(meta['lacking'])} (hämtas med {K.FETCH_COMMAND})", file=sys.stderr)
    _print_written(
        args.out, "Kolada via open-numbers, uttag " + D.SCRAPED if meta["ddf"]["verified"] else "testdata", meta
    )
    for k in meta["kpis"]:
        ys = meta["years"].get(k) or []
        n = meta["municipalities_with_value"].get(k, {})
        span = f"{ys[0]}–{ys[-1]}" if ys else "inga år"
        print(f"  {k}: {span}, {min(n.values(), default=0)}–{max(n.values(), default=0)} kommuner per år")
    return 0


def cmd_kolada_trim_ddf(args) -> int:
    from .kolada import ddf as D

    try:
        files = D.trim(Path(args.src), Path(args.out))
    except D.DDFError as e:
        print(f"Kopian stoppades: {e}", file=sys.stderr)
        return 2
    size = sum(p.stat().st_size for p in files)
    print(f"Skrev {len(files)} filer ({size:,} byte) till {args.out}".replace(",", " "))
    return 0


def cmd_static(args) -> int:
    from .explore.geo import write_static

    for p in write_static(args.out):
        print(f"Skrev {p} ({p.stat().st_size} byte)")
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m barnbaro", description="Barnbarometern: exempeldata, rensning och kontroll."
    )
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sample", help="skriv syntetiska råexporter för alla upplagor")
    s.add_argument("--out", default=str(paths.RAW_DIR))
    s.add_argument("--seed", type=int, default=None)
    s.set_defaults(func=cmd_sample)
    c = sub.add_parser("clean", help="rensa råexporter till tabeller (atomiskt)")
    c.add_argument("--raw", default=str(paths.RAW_DIR))
    c.add_argument("--out", default=str(paths.CLEAN_DIR))
    c.add_argument(
        "--dry-run",
        action="store_true",
        help="visa allt rensningen skulle göra (räkning per upplaga, varje avvisad rad, varje problem, "
        "jämförelsen med de publicerade siffrorna) utan att skriva något",
    )
    c.add_argument(
        "--edition", type=int, default=None, help="upplagan för en fil vars namn inte passar någon kodboks mönster"
    )
    c.add_argument("--codebooks", default=None, help="mapp med kodböcker (standard: data/codebook)")
    c.set_defaults(func=cmd_clean)
    k = sub.add_parser("check", help="validera tabellerna och jämför med publicerade siffror")
    k.add_argument("--data", default=str(paths.CLEAN_DIR))
    k.set_defaults(func=cmd_check)
    g = sub.add_parser(
        "static", help="skriv kartans geometri till appens statiska mapp (laddas en gång per webbläsare)"
    )
    g.add_argument("--out", default=str(paths.STATIC_DIR))
    g.set_defaults(func=cmd_static)
    kol = sub.add_parser("kolada", help="Koladas öppna nyckeltal: hämta en lokal kopia som appen läser")
    ksub = kol.add_subparsers(dest="kolada_cmd", required=True)
    f = ksub.add_parser("fetch", help="hämta nyckeltal, SKR:s kommungrupper och RKA:s liknande kommuner (atomiskt)")
    f.add_argument(
        "--kpi",
        default=None,
        help="nyckeltal, kommaseparerade (standard: tabellens sju och nyckeltalen vid enkätens frågor, "
        "data/catalogue/kolada_themes.yaml)",
    )
    f.add_argument(
        "--years",
        default=None,
        help="år: 2013-2018 eller 2023,2024 (standard: 2013 till varje nyckeltals senast publicerade år)",
    )
    f.add_argument(
        "--base-url",
        default=None,
        help="API:ts adress med /v3 (standard: $BARNBARO_KOLADA_URL eller https://api.kolada.se/v3)",
    )
    f.add_argument("--out", default=str(paths.DATA / "kolada"))
    f.set_defaults(func=cmd_kolada_fetch)
    i = ksub.add_parser(
        "import-ddf", help="bygg samma lokala kopia ur open-numbers DDF-kopia av Kolada (ingen internet)"
    )
    i.add_argument("path", help="en utcheckning av open-numbers/ddf--kolada--dump eller data/kolada/ddf")
    i.add_argument(
        "--groups",
        default=str(paths.DATA / "kolada" / "groups" / "municipality_groups.json"),
        help="Koladas /municipality_groups-poster (SKR:s och RKA:s grupper)",
    )
    i.add_argument("--no-groups", action="store_true", help="utan kommungrupper")
    i.add_argument("--kpi", default=None, help="nyckeltal, kommaseparerade (standard: temanas och profilens)")
    i.add_argument("--years", default=None, help="år att spara (standard: 2013 och framåt)")
    i.add_argument("--out", default=str(paths.DATA / "kolada"))
    i.set_defaults(func=cmd_kolada_import_ddf)
    tr = ksub.add_parser("trim-ddf", help="kopiera ur en utcheckning av DDF-kopian bara de filer importen läser")
    tr.add_argument("src")
    tr.add_argument("--out", default=str(paths.DATA / "kolada" / "ddf"))
    tr.set_defaults(func=cmd_kolada_trim_ddf)
    from .presskit.cli import add_parser as add_presskit

    add_presskit(sub)
    args = p.parse_args(argv)
    return args.func(args)
