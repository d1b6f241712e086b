"""wmsweep's Python side: read a store into pandas, draw its figures, write its report.

    from wmsweep import results        # Store, prevalence(), claims(), conditions()
    python3 -m wmsweep.figures STORE --out DIR     # the figures as PNG files
    python3 -m wmsweep.report STORE -o report.html # one self-contained page (`wmsweep report`)

Importable from a checkout with PYTHONPATH=analysis, or from an installed prefix P with
PYTHONPATH=P/share/wmsweep/python. Needs Debian's h5py, numpy, pandas and matplotlib.
"""
# the engine's version (CMakeLists.txt's project VERSION; tests/install checks they agree)
__version__ = "0.1.0"
