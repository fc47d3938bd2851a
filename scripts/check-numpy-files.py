#!/usr/bin/env python3
"""Reads every .npy file that the installed NumPy, SciPy and joblib packages ship (their test
data) with BlockNumerics (`blocknum npy`) and checks it against numpy.load.

    scripts/check-numpy-files.py [--tool PATH] [--verbose] [FOLDER ...]

A file whose array is numeric and real (float16/32/64, integers, bool), neither an object
array nor a structured dtype, and of at most two dimensions must read, and its values must
equal numpy.load's converted to float64 (bit for bit, NaN equal to NaN), in the shape
BlockNumerics gives it (0-d → 1×1, 1-d of n → 1×n). An integer array holding a value float64
cannot represent exactly must be refused without --lossy and read with it, equal to
.astype(float64). Every other file must be refused with a typed error — exit status 1 and a
message naming the reason — never a crash. Prints one count line; exits non-zero on any
mismatch, unexpected refusal or crash.

FOLDER arguments replace the package folders (e.g. Tests/BlockNumericsTests/Fixtures/io).
--tool names a built blocknum; without it the script builds one (comparelib.blocknum()).
Runs in the scripts' virtual environment, .venv-compare/ (scripts/comparelib.py).
"""
import argparse
import collections
import glob
import importlib.util
import os
import subprocess
import sys
import tempfile
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import comparelib as lib  # noqa: E402

PACKAGES = ["numpy", "scipy", "joblib"]


def package_folders():
    folders = []
    for name in PACKAGES:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            sys.exit(f"check-numpy-files: package {name} is not installed in {sys.prefix}")
        folders.append(list(spec.submodule_search_locations)[0])
    return folders


def header(path):
    """(shape, fortran_order, dtype) as numpy.lib.format reads them, or None when numpy
    cannot read the header either."""
    import numpy as np
    fmt = np.lib.format
    try:
        with open(path, "rb") as f:
            version = fmt.read_magic(f)
            if version == (1, 0):
                return fmt.read_array_header_1_0(f)
            return fmt.read_array_header_2_0(f)
    except Exception:
        return None


def refusal_reason(shape, dtype):
    """Why BlockNumerics must refuse an array of this shape and dtype (the words its error
    message must contain), or None when it must read it."""
    if dtype.hasobject:
        return "object array (needs pickle)"
    if dtype.names is not None:
        return "structured dtype"
    if dtype.kind == "c":
        return "complex"
    if dtype.kind in "Mm":
        return "datetime64" if dtype.kind == "M" else "timedelta64"
    if dtype.kind in "US":
        return "string type"
    if dtype.kind == "V":
        return "void"
    if dtype.kind == "f" and dtype.itemsize not in (2, 4, 8):
        return "long double"
    if dtype.kind not in "fiub":
        return "not a NumPy numeric dtype"
    if len(shape) > 2:
        return f"{len(shape)}-d array"
    return None


def run(tool, *arguments):
    return subprocess.run([tool, "npy", *arguments], capture_output=True, text=True,
                          env={**os.environ, **lib.TOOL_ENVIRONMENT})


def same_values(ours, expected):
    import numpy as np
    if ours.shape != expected.shape or ours.dtype != np.float64:
        return False
    nan_ours, nan_expected = np.isnan(ours), np.isnan(expected)
    if not np.array_equal(nan_ours, nan_expected):
        return False
    keep = ~nan_ours
    return np.array_equal(ours[keep].view(np.uint64), expected[keep].view(np.uint64))


def check(tool, path, scratch):
    """(outcome, detail): outcome is 'read', 'refused' or 'FAILED'; the detail of a failure
    on a file that must be refused starts with 'refuse:'."""
    import numpy as np
    parsed = header(path)
    if parsed is None:
        result = run(tool, path)
        if result.returncode == 1 and "Error:" in result.stderr:
            return "refused", "header numpy cannot parse either"
        return "FAILED", f"refuse: numpy cannot parse the header; blocknum exited {result.returncode}: {result.stderr.strip()}"
    shape, _, dtype = parsed
    reason = refusal_reason(shape, dtype)
    if reason is not None:
        result = run(tool, path)
        if result.returncode != 1:
            return "FAILED", f"refuse: {dtype.descr} {shape} must be refused ({reason}); blocknum exited {result.returncode}"
        if reason not in result.stderr:
            return "FAILED", f"refuse: {dtype.descr} {shape}: the error does not name '{reason}': {result.stderr.strip()}"
        return "refused", reason

    array = np.load(path, allow_pickle=False)
    rows, columns = (array.shape if array.ndim == 2 else (1, array.size))
    expected = array.astype(np.float64).reshape(rows, columns)
    out = os.path.join(scratch, "out.npy")
    inexact = dtype.kind in "iu" and array.size > 0 and not np.array_equal(
        array.astype(np.float64).astype(object), array.astype(object))
    result = run(tool, path, "--out", out)
    if inexact:
        if result.returncode != 1 or "lossy" not in result.stderr:
            return "FAILED", f"{dtype.str} integers beyond float64's exact range must be refused without --lossy"
        result = run(tool, path, "--lossy", "--out", out)
    if result.returncode != 0:
        return "FAILED", f"{dtype.str} {shape} must read; blocknum exited {result.returncode}: {result.stderr.strip()}"
    ours = np.load(out)
    if not same_values(ours, expected):
        return "FAILED", f"{dtype.str} {shape}: values differ from numpy.load's"
    order = "Fortran" if parsed[1] else "C"
    return "read", f"{dtype.str} {shape} {order} order" + (", with --lossy" if inexact else "")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", help="folders to search instead of the NumPy, SciPy and joblib packages")
    parser.add_argument("--tool", help="a built blocknum (default: build one)")
    parser.add_argument("--verbose", "-v", action="store_true", help="one line per file")
    arguments = parser.parse_args()
    lib.enter_venv()
    # numpy warns that Python 2 headers, (2L,), need extra parsing: that is what is checked.
    warnings.filterwarnings("ignore", message=".*created on Python 2")
    tool = arguments.tool or lib.blocknum()
    folders = arguments.folders or package_folders()
    files = sorted({f for folder in folders for f in glob.glob(os.path.join(folder, "**", "*.npy"), recursive=True)})
    if not files:
        sys.exit(f"check-numpy-files: no .npy file under {', '.join(folders)}")
    outcomes = collections.Counter()
    reasons = collections.Counter()
    failures = []
    with tempfile.TemporaryDirectory() as scratch:
        for path in files:
            outcome, detail = check(tool, path, scratch)
            outcomes[outcome] += 1
            if outcome == "refused":
                reasons[detail] += 1
            if outcome == "FAILED":
                failures.append((path, detail))
            if arguments.verbose or outcome == "FAILED":
                print(f"{outcome:8} {os.path.relpath(path)}: {detail}")
    readable = outcomes["read"] + sum(1 for path, detail in failures if not detail.startswith("refuse:"))
    why = ", ".join(f"{count} {reason}" for reason, count in sorted(reasons.items()))
    print(f"{outcomes['read']} of {readable} readable files read and equal numpy.load; "
          f"{outcomes['refused']} refused with typed errors ({why or 'none'}); "
          f"{len(failures)} failed, of {len(files)} .npy files")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
