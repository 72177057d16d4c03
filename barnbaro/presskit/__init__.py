"""Press kit: one standalone HTML page per municipality, with static charts (SVG and PNG), the
numbers as a table and as CSV, the source line, the sample label and links that open the same
view in the app; plus an index page and a CSV of all the numbers.

    python -m barnbaro presskit --out DIR [--edition E] [--kommun 0180,1480] [--app-url URL]
                                [--lang sv|en] [--allow-sample] [--png some|all|none] [--jobs N]

The folder needs no server: pages use inline CSS, no scripts, no fonts and no address outside
the folder (images are referenced relatively), so it can be opened from disk or put on any
static host.

How it stays fast: every distinct chart is rendered ONCE with vl-convert as an SVG *template*
(one ranking chart per question, one trend grid, one map; in the worker processes), and each
municipality's SVG is that template with its own parts filled in by string replacement:

- text placeholders ``QQ<name>QQ``: titles, the status line, the name beside the bar of its
  answer, the cells of the trend grid;
- colour placeholders ``#01xxxx`` / ``#02xxxx``, unique per item: the outline of the bar of its
  answer (black for its answer, none for the others), the fill and text colour of each cell of
  the trend grid;
- on the map every municipality's path is drawn with a unique stroke colour ``#03xxxx`` in the
  template, so its path is found by colour (Vega's SVG has no ids); the highlight is a copy of
  that very path (and a ring around it when it is small) appended on top in the same group, so
  it is exactly in the SVG's own coordinate system.

PNGs are converted from the final SVGs (vl_convert.svg_to_png) in worker processes. Text is most
of a PNG's cost: vl-convert's font database opens and maps the font file several times per
glyph, so a PNG costs 50-100 ms of CPU however small it is. So by default (``--png some``) each
municipality gets PNGs of its trend grid and its map, and the seven ranking charts are SVG only;
``--png all`` adds them (about three times the PNG work), ``--png none`` writes SVG only.
The README gives the time for all 290 municipalities of 2018 on a 2-core machine; the command
prints its own timing and CPU seconds each run.

The package, one module per job (each imports what it needs at the top):

- ``numbers``: the Kit, everything computed once, by the explorer's own functions;
- ``specs``: the chart specs with placeholders, rendered once per kit;
- ``svg``: the SVG templates and their filling;
- ``municipality``: one municipality's images (``profile_images`` makes the profile's);
- ``pages``: the HTML pages from the Jinja2 templates in ``templates/`` (autoescaped);
- ``csvfiles``: the numbers as CSV;
- ``workers``: what the worker processes run (vl-convert only, so they start quickly);
- ``progress``: the progress bar;
- ``build``: the whole kit;
- ``cli``: the command line.

This file imports nothing, so that a worker process, which imports the package on its way to
``workers``, loads vl-convert and no more.
"""
