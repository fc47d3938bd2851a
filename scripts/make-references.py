#!/usr/bin/env python3
"""Writes the reference fixtures the Swift tests compare against.

Run once, by hand, and commit the result: `python3 scripts/make-references.py [AREA ...]`
(in the scripts' one virtual environment, .venv-compare/, see scripts/comparelib.py). Naming
areas rewrites only theirs: `python3 scripts/make-references.py npz` only the .npz fixtures.
The fixtures land under Tests/BlockNumericsTests/Fixtures/<area>/ as .npy, .npz or .mtx files,
which the library's own IO reads, so `swift test` needs no Python. Each area lives in
scripts/references/<area>.py as a function `make(fixtures_dir)`; each fixture directory
holds a README.md saying which call made which file.
"""
import importlib
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import comparelib  # noqa: E402
FIXTURES = os.path.join(HERE, "..", "Tests", "BlockNumericsTests", "Fixtures")
AREAS = ["dense", "io", "npz", "nmf", "svd", "optimizers", "recommender"]


def main(areas):
    # The CPU build of torch is enough (pip install torch --index-url
    # https://download.pytorch.org/whl/cpu avoids the CUDA wheels where that index is reachable).
    comparelib.enter_venv(extra=["torch"] if "optimizers" in areas else [])
    for area in areas:
        module = importlib.import_module("references." + area)
        directory = os.path.normpath(os.path.join(FIXTURES, area))
        os.makedirs(directory, exist_ok=True)
        module.make(directory)
        print(f"wrote {area} fixtures into {directory}")


if __name__ == "__main__":
    main(sys.argv[1:] or AREAS)
