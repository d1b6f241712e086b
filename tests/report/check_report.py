"""One report page (its DOM after the browser loaded it) against the engine and the store:

    check_report.py WMSWEEP STORE PAGE.dom FIGURES

- every table marked data-query="FLAGS" equals `WMSWEEP query STORE FLAGS --format csv`, cell
  for cell (header and rows, in order), and the study's tables are all there;
- the status counts and the failed networks (job and reason) equal the store read with h5py;
- FIGURES figures, each a PNG that decodes to a non-empty image.
"""
import base64
import csv
import html.parser
import io
import struct
import subprocess
import sys
import tomllib

import h5py
import numpy as np

engine, store, dom, n_figures = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables = []      # (query flags, rows of cells) of the tables marked data-query
        self.images = []      # src of every figure's img
        self.cards = {}       # the status counts: "ok" → "8"
        self.failures = []    # rows of the failures table
        self._table = None    # rows of the table being read
        self._row = None
        self._cell = None
        self._in = []         # the id of the enclosing table/div, if any
        self._span = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self._table = []
            self._in.append(("query", a["data-query"]) if "data-query" in a else ("id", a.get("id")))
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = ""
        elif tag == "img" and (a.get("src") or "").startswith("data:image/png;base64,"):
            self.images.append(a["src"])
        elif tag == "div" and a.get("id") == "counts":
            self._span = ""
        elif tag == "span" and self._span is not None:
            self._span = ""

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data
        elif self._span is not None:
            self._span += data

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(self._cell)
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self._table.append(self._row)
            self._row = None
        elif tag == "table" and self._table is not None:
            kind, value = self._in.pop()
            if kind == "query":
                self.tables.append((value, self._table))
            elif value == "failures":
                self.failures = self._table[1:]
            self._table = None
        elif tag == "span" and self._span:
            name, count = self._span.split()
            self.cards[name] = int(count)
            self._span = ""
        elif tag == "div" and self._span is not None:
            self._span = None


page = Page()
page.feed(open(dom, encoding="utf-8").read())
failed = []

# the tables: the engine's csv, cell for cell
expected_tables = {"seqmatch": 5}
with h5py.File(store, "r", locking=False) as f:
    study = f.attrs["study"].decode() if "study" in f.attrs else "seqmatch"
    status = f["status"][()]
    jobs = f["job"][()]
    reasons = [r.decode() if isinstance(r, bytes) else str(r) for r in f["reason"][()]]
    # each row's grid point: every axis of the spec's [grid], valued from the store's column
    grid = list(tomllib.loads(f["spec"][()].decode()).get("grid", {}))
    points = [", ".join(f"{a}={f[a][k]:g}" for a in grid) for k in range(len(status))]
if len(page.tables) != expected_tables.get(study, 1):
    failed.append(f"{len(page.tables)} query tables, expected {expected_tables.get(study, 1)}")
for flags, rows in page.tables:
    out = subprocess.run([engine, "query", store, *flags.split(), "--format", "csv"],
                         capture_output=True, text=True, check=True).stdout
    want = list(csv.reader(io.StringIO(out)))
    if rows != want:
        first = next((k for k in range(max(len(rows), len(want)))
                      if k >= len(rows) or k >= len(want) or rows[k] != want[k]), None)
        failed.append(f"the table of `query {flags}` differs from the engine's at row {first}: "
                      f"{rows[first] if first < len(rows) else None} vs "
                      f"{want[first] if first < len(want) else None}")

# the status counts and failures, recounted with h5py (3 = trained: still pending; 4 skipped)
counts = {"ok": int((status == 1).sum()), "failed": int((status == 2).sum()),
          "pending": int(np.isin(status, (0, 3)).sum())}
if (status == 4).any():  # an adaptive sweep's unneeded seeds: a card of their own
    counts["skipped"] = int((status == 4).sum())
if page.cards != counts:
    failed.append(f"status counts {page.cards}, the store has {counts}")
want_failures = [[str(jobs[k]), points[k], reasons[k]] for k in np.flatnonzero(status == 2)]
got_failures = page.failures
if got_failures != want_failures[:len(got_failures)] or len(got_failures) != min(len(want_failures), 200):
    failed.append(f"failures {got_failures} differ from the store's {want_failures}")

# the figures: each a PNG with a non-empty image
if len(page.images) != n_figures:
    failed.append(f"{len(page.images)} figures, expected {n_figures}")
for src in page.images:
    png = base64.b64decode(src.split(",", 1)[1], validate=True)
    width, height = struct.unpack(">II", png[16:24])
    if png[:8] != b"\x89PNG\r\n\x1a\n" or width < 100 or height < 100:
        failed.append(f"a figure is not a PNG image ({len(png)} bytes)")

if failed:
    sys.exit("\n".join(failed))
print(f"{dom}: {len(page.tables)} tables equal to wmsweep query, status {counts}, "
      f"{len(page.images)} figures")
