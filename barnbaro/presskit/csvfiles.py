"""The numbers as CSV: one file per municipality and one of all of them, the source line (and
for sample data the sample label) as a first comment line."""

from __future__ import annotations

import csv
import io

from ..core.i18n import t
from .numbers import Kit

CSV_COLUMNS = [
    "kommun_kod",
    "kommun",
    "lan",
    "upplaga",
    "deltagande",
    "indikator_id",
    "indikator",
    "svar_id",
    "svar",
    "placering",
    "plats_fran",
    "plats_till",
    "antal_rangordnade",
    "forra_upplagan",
    "forra_svar_id",
    "forandring",
    "riket_andel_onskat",
    "riket_k",
    "riket_n",
    "lan_andel_onskat",
    "lan_k",
    "lan_n",
]


def csv_rows(kit: Kit, code: str) -> list[list]:
    out = []
    for r in kit.rows[code]:
        ind = r.indicator
        lo, hi, n = kit.places[ind.id][code]
        rs, rk, rn = r.riket
        ls, lk, ln = r.lan
        out.append(
            [
                code,
                kit.names[code],
                kit.lan[code][1],
                kit.edition,
                t(f"presskit_status_{kit.status[code]}", kit.lang),
                ind.id,
                ind.title_for(kit.lang),
                r.answer or "",
                ind.answer_label(r.answer, kit.lang) if r.answer else t("no_answer", kit.lang),
                r.position,
                "" if lo is None else lo,
                "" if hi is None else hi,
                n,
                r.prev_edition or "",
                r.prev_answer or "",
                r.change or "",
                "" if rs != rs else round(rs, 1),
                rk,
                rn,
                "" if ls != ls else round(ls, 1),
                lk,
                ln,
            ]
        )
    return out


def csv_text(kit: Kit, rows: list[list]) -> str:
    buf = io.StringIO()
    note = f"# {kit.source(kit.edition)}" + (f" {kit.sample_label}" if kit.sample_label else "")
    buf.write(note + "\n")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    w.writerows(rows)
    return buf.getvalue()
