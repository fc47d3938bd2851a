#!/usr/bin/env python3
"""Writes the reference fixtures the Swift tests compare against.

Run once, by hand, and commit the result: `python3 scripts/make-references.py [AREA ...]`.
The fixtures land under Tests/BlockNumericsTests/Fixtures/<area>/ as .npy or .mtx files,
which the library's own IO reads, so `swift test` needs no Python. Each area lives in
scripts/references/<area>.py as a function `make(fixtures_dir)`; each fixture directory
holds a README.md saying which call made which file.
"""
import importlib
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "Tests", "BlockNumericsTests", "Fixtures")
AREAS = ["dense", "io", "nmf", "svd", "optimizers", "recommender"]


def ensure(*modules):
    """Installs the missing Python packages with pip (numpy, scipy, scikit-learn, ...)."""
    names = {"sklearn": "scikit-learn"}
    missing = []
    for module in modules:
        try:
            importlib.import_module(module)
        except ImportError:
            missing.append(names.get(module, module))
    if missing:
        subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", *missing])


def main(areas):
    ensure("numpy", "scipy", "sklearn")
    if "optimizers" in areas:
        # The CPU build is enough (pip install torch --index-url https://download.pytorch.org/whl/cpu
        # avoids the CUDA wheels where that index is reachable).
        ensure("torch")
    sys.path.insert(0, HERE)
    for area in areas:
        module = importlib.import_module("references." + area)
        directory = os.path.normpath(os.path.join(FIXTURES, area))
        os.makedirs(directory, exist_ok=True)
        module.make(directory)
        print(f"wrote {area} fixtures into {directory}")


if __name__ == "__main__":
    main(sys.argv[1:] or AREAS)
