"""One self-contained HTML page of a store, to copy back from a cluster and open anywhere:

    wmsweep report STORE -o report.html          # the engine runs this module
    python3 -m wmsweep.report STORE -o report.html [--engine PATH/TO/wmsweep]

The page holds what ran (study, grid, spec, engine, compute per phase), the status (ok, failed
with reasons, pending), the study's tables exactly as `wmsweep query --format csv` gives them
(the engine computes them, so a study added to the engine gets its table here unchanged) and
the study's figures from wmsweep.figures, each with the Python that redraws it. It reads a
store that a sweep is still writing (the rows committed so far; `status` says what is left).

Figures are matplotlib PNGs embedded as base64: matplotlib is already what wmsweep.figures
draws with (one code path for the files and the page), PNGs stay small for figures with
thousands of points where SVG would not (every eigenvalue of every fixed point), and nothing
is fetched when the page opens (no JavaScript library, no network; a cluster's login node
often has none). The only script checks that every figure decoded and says so if one did not.
"""
import argparse
import base64
import csv
import datetime
import html
import io
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
import warnings

import numpy as np

from . import __version__
from . import figures as figs
from . import results as wr

# Per study, the `wmsweep query` tables of its page: (title, flags, per grid cell). Per grid
# cell adds `--by` every grid axis with more than one value but the seed. A study not named
# here gets its default table (`wmsweep query STORE`), whatever it declares.
STUDY_TABLES = {
    wr.STUDY1: [
        ("Prevalence of each mechanism (simulation label, variant A) among the networks that "
         "learned the task; the untrained get their own row", [], True),
        ("The same under variant B", ["--variant", "b"], True),
        ("The same for the label from fixed points (dynamics)", ["--variant", "dynamics"], True),
        ("How often the dynamics label equals variant A", ["--agree"], True),
        ("The study's other claims per mechanism (variant A), with 95% intervals", ["--claims"],
         False),
    ],
}
DEFAULT_TABLES = [("The study's table per hyperparameter combination", [], False)]
FAILURES_SHOWN = 200

STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 72em; color: #222;
       padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { margin-top: 1.8em; border-bottom: 1px solid #ccc; }
.sub { color: #666; margin-top: 0; }
table { border-collapse: collapse; margin: 0.6em 0 1.2em; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #ddd; padding: 0.15em 0.6em; text-align: right; }
th { background: #f3f3f3; } td.text, th.text { text-align: left; }
tr.zero td { color: #aaa; }
pre { background: #f6f6f6; padding: 0.8em; overflow-x: auto; font-size: 12px; }
code { background: #f3f3f3; padding: 0 0.2em; }
figure { margin: 1.5em 0; } figure img { max-width: 100%; border: 1px solid #eee; }
figcaption { color: #444; max-width: 60em; } .warn { color: #a00; font-weight: bold; }
.cards span { display: inline-block; margin: 0 1.2em 0.4em 0; padding: 0.3em 0.8em;
              background: #f3f3f3; border-radius: 4px; }
"""

# every figure decoded (naturalWidth > 0), or a visible note and a console error naming it
CHECK_FIGURES = """
window.addEventListener("load", function () {
  document.querySelectorAll("figure img").forEach(function (img) {
    if (img.complete && img.naturalWidth > 0) return;
    console.error("wmsweep report: figure " + img.alt + " did not decode");
    var note = document.createElement("p");
    note.className = "warn";
    note.textContent = "This figure did not decode: " + img.alt;
    img.parentNode.insertBefore(note, img);
  });
});
"""


def esc(value):
    return html.escape(str(value), quote=True)


def run_engine(engine, args):
    """stdout of `engine args…` (a list: nothing passes through a shell)."""
    done = subprocess.run([engine, *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(['wmsweep', *args])} exited {done.returncode}: "
                           f"{done.stderr.strip() or done.stdout.strip()}")
    return done.stdout


def csv_table(text, command):
    """An HTML table of a `wmsweep query --format csv` output, every cell as the engine wrote it
    (so the page shows the CLI's numbers to the digit); rows of count 0 are greyed."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return "<p>(no rows)</p>"
    head, body = rows[0], rows[1:]
    numeric = [all(_is_number(r[k]) or r[k] == "" for r in body if k < len(r)) for k in range(len(head))]
    count = head.index("count") if "count" in head else None

    def cell(tag, k, v):
        css = "" if k < len(numeric) and numeric[k] else ' class="text"'
        return f"<{tag}{css}>{esc(v)}</{tag}>"
    out = [f'<table data-query="{esc(command)}"><thead><tr>']
    out += [cell("th", k, h) for k, h in enumerate(head)]
    out.append("</tr></thead><tbody>")
    for r in body:
        zero = count is not None and count < len(r) and r[count] == "0"
        out.append('<tr class="zero">' if zero else "<tr>")
        out += [cell("td", k, v) for k, v in enumerate(r)]
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _is_number(text):
    try:
        float(text)
        return True
    except ValueError:
        return False


def _cost(store, df):
    """Compute per phase over the committed rows (seconds), from the frame's seconds_<phase>."""
    done = df[df["status"].isin(("ok", "failed"))]
    return {p: float(np.nansum(done[f"seconds_{p}"])) for p in store.cost_phases
            if f"seconds_{p}" in done.columns}


def _grid_point(df, row, axes):
    return ", ".join(f"{a}={_value(df.at[row, a])}" for a in axes if a in df.columns)


def grid_of(store):
    """The spec's [grid] table: {axis: values} in the spec's order ({} when it has none)."""
    try:
        grid = tomllib.loads(store.spec).get("grid", {})
    except tomllib.TOMLDecodeError:
        return {}
    return {k: v if isinstance(v, list) else [v] for k, v in grid.items()}


def section_what_ran(store, df, grid):
    cost = _cost(store, df)
    total = sum(cost.values())
    out = ["<h2 id=\"ran\">What ran</h2>", '<div class="cards">',
           f"<span>study <b>{esc(store.study)}</b></span>",
           f"<span>{store.rows} networks in the grid</span>",
           f"<span>store schema {esc(store.schema)}</span>",
           f"<span>written by {esc(store.engine)}</span>",
           f"<span>compute {total / 3600:.2f} core-hours</span></div>",
           "<table><thead><tr><th class=\"text\">grid axis</th><th class=\"text\">values</th>"
           "<th>count</th></tr></thead><tbody>"]
    for name, values in grid.items():
        shown = ", ".join(_value(v) for v in values)
        out.append(f"<tr><td class=\"text\">{esc(name)}</td><td class=\"text\">{esc(shown)}</td>"
                   f"<td>{len(values)}</td></tr>")
    out.append("</tbody></table>")
    if cost:
        out.append("<table><thead><tr><th class=\"text\">phase</th><th>core-seconds</th>"
                   "<th>share</th></tr></thead><tbody>")
        for phase, s in cost.items():
            out.append(f"<tr><td class=\"text\">{esc(phase)}</td><td>{s:.1f}</td>"
                       f"<td>{(s / total if total else 0):.1%}</td></tr>")
        out.append("</tbody></table>")
    out.append(f"<details><summary>The spec, as stored</summary><pre>{esc(store.spec)}</pre></details>")
    return "\n".join(out)


def _value(v):
    v = v.decode() if isinstance(v, bytes) else v
    return f"{v:g}" if isinstance(v, (float, np.floating)) else str(v)


def section_status(df, grid, status_text):
    counts = df["status"].value_counts()
    ok, failed, pending, skipped = (int(counts.get(k, 0)) for k in ("ok", "failed", "pending", "skipped"))
    out = ["<h2 id=\"status\">Status</h2>",
           f'<div class="cards" id="counts"><span>ok <b>{ok}</b></span>'
           f"<span>failed <b>{failed}</b></span><span>pending <b>{pending}</b></span>"
           + (f"<span>skipped <b>{skipped}</b></span>" if skipped else "") + "</div>"]
    if skipped:
        out.append(f"<p>An adaptive sweep: {skipped} seeds of the grid were not needed (the cells "
                   "below, and why it stopped, are in the status).</p>")
    if pending:
        out.append(f"<p>{pending} networks are not in this report yet (a sweep still running, or "
                   "stopped: run it again to resume); every table and figure counts the "
                   "committed ones.</p>")
    out.append(f"<pre>{esc(status_text)}</pre>")
    failures = df[df["status"] == "failed"]
    if len(failures):
        axes = list(grid)  # the spec's grid axes, each a column of the frame
        out.append(f"<h3>Failed networks ({len(failures)}"
                   f"{', the first ' + str(FAILURES_SHOWN) if len(failures) > FAILURES_SHOWN else ''})</h3>")
        out.append('<table id="failures"><thead><tr><th>job</th><th class="text">grid point</th>'
                   '<th class="text">reason</th></tr></thead><tbody>')
        for row in failures.index[:FAILURES_SHOWN]:
            out.append(f"<tr><td>{df.at[row, 'job']}</td><td class=\"text\">"
                       f"{esc(_grid_point(df, row, axes))}</td><td class=\"text\">"
                       f"{esc(df.at[row, 'reason'])}</td></tr>")
        out.append("</tbody></table>")
    return "\n".join(out)


def section_tables(store, grid, path, engine):
    out = ["<h2 id=\"tables\">Tables</h2>",
           "<p>Each table is the engine's own (<code>wmsweep query</code>); the command above it "
           "prints it again.</p>"]
    varying = [k for k, v in grid.items() if k != "seed" and len(v) > 1]
    for title, flags, per_cell in STUDY_TABLES.get(store.study, DEFAULT_TABLES):
        if per_cell and varying:
            flags = ["--by", ",".join(varying), *flags]
        command = " ".join(["wmsweep query", os.path.basename(path), *flags])
        text = run_engine(engine, ["query", *flags, "--format", "csv", "--", path])
        out.append(f"<h3>{esc(title)}</h3><p><code>{esc(command)}</code></p>")
        out.append(csv_table(text, " ".join(flags)))
    return "\n".join(out)


def section_figures(store, path, variant):
    name = os.path.basename(path)
    out = ["<h2 id=\"figures\">Figures</h2>"]
    if store.study not in figs.STUDY_FIGURES:
        out.append(f"<p>The study {esc(store.study)} declares no figures yet; its numbers are in "
                   "the tables above and in <code>wmsweep.results.Store(path).frame()</code>.</p>")
        return "\n".join(out)
    captions = figs.captions()
    out.append("<p>Each figure is drawn again, with the numbers behind it returned, by "
               "<code>from wmsweep import figures</code> (PYTHONPATH: <code>analysis</code> in a "
               "checkout, <code>PREFIX/share/wmsweep/python</code> installed) and the call in its "
               f"caption, or all at once by <code>python3 -m wmsweep.figures {esc(name)} --out "
               "figs</code>.</p>")
    folder = tempfile.mkdtemp(prefix="wmsweep-report-")
    try:
        try:
            # an empty panel (no network of a label yet) is not news on the page's stderr
            legend_log = logging.getLogger("matplotlib.legend")
            level = legend_log.level
            legend_log.setLevel(logging.ERROR)
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", UserWarning)
                    figs.figures(path, folder, variant)
            finally:
                legend_log.setLevel(level)
        except (ValueError, KeyError, IndexError) as e:  # e.g. no network committed yet
            out.append(f"<p class=\"warn\">The figures could not be drawn from this store yet: "
                       f"{esc(e)}</p>")
            return "\n".join(out)
        for png in sorted(os.listdir(folder), key=lambda n: list(captions).index(n)
                          if n in captions else len(captions)):
            with open(os.path.join(folder, png), "rb") as f:
                data = base64.b64encode(f.read()).decode()
            label = "" if variant == "a" else f', variant="{variant}"'
            again = f'figures.figures("{name}", "figs"{label})'
            out.append(f'<figure id="{esc(png[:-4])}"><img alt="{esc(png)}" '
                       f'src="data:image/png;base64,{data}">'
                       f"<figcaption><b>{esc(png)}</b>: {esc(captions.get(png, ''))}. "
                       f"Redraw: <code>{esc(again)}</code> writes <code>figs/{esc(png)}</code>."
                       "</figcaption></figure>")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return "\n".join(out)


def build(path, engine, variant="a"):
    """The report of the store at path as one HTML string."""
    store = wr.Store(path)
    df = store.frame()
    grid = grid_of(store)
    status_text = run_engine(engine, ["status", "--", path])  # "--": a name may start with -
    version = run_engine(engine, ["--version"]).strip()
    written = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    body = [
        f"<h1>wmsweep report: {esc(os.path.basename(path))}</h1>",
        f'<p class="sub">study {esc(store.study)}; written {esc(written)} by {esc(version)} '
        f"(Python package {esc(__version__)}); "
        '<a href="#ran">what ran</a> · <a href="#status">status</a> · '
        '<a href="#tables">tables</a> · <a href="#figures">figures</a></p>',
        section_what_ran(store, df, grid),
        section_status(df, grid, status_text),
        section_tables(store, grid, path, engine),
        section_figures(store, path, variant),
    ]
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>wmsweep report: {esc(os.path.basename(path))}</title>"
            f"<style>{STYLE}</style><script>{CHECK_FIGURES}</script></head><body>\n"
            + "\n".join(body) + "\n</body></html>\n")


def main():
    parser = argparse.ArgumentParser(prog="wmsweep report", description=__doc__.split("\n\n")[0])
    parser.add_argument("store")
    parser.add_argument("-o", "--out", required=True, help="the HTML file to write")
    parser.add_argument("--engine", default=shutil.which("wmsweep") or "wmsweep",
                        help="the wmsweep binary whose query and status fill the tables")
    parser.add_argument("--variant", default="a", choices=["a", "b"],
                        help="study 1: the simulation label of the figures")
    args = parser.parse_args()
    try:
        page = build(args.store, args.engine, args.variant)
    except (OSError, ValueError, KeyError, RuntimeError) as e:
        sys.exit(f"wmsweep report: {args.store}: {e}")
    partial = args.out + ".partial"  # never a half-written report under the final name
    with open(partial, "w", encoding="utf-8") as f:
        f.write(page)
    os.replace(partial, args.out)
    print(os.path.abspath(args.out))


if __name__ == "__main__":
    main()
