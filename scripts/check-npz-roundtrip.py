#!/usr/bin/env python3
"""Checks .npz archives against NumPy both ways, byte-exact on the values.

    python3 scripts/check-npz-roundtrip.py [--tool PATH]   (PATH: an already built blocknum)

NumPy writes archives (np.savez and np.savez_compressed) of float64 and float32 arrays, 2-d
and 1-d, with NaN payloads, signed zeros, infinities, subnormals, an empty array and an int64
array; `blocknum npz copy` reads each and writes it again (entries stored or deflated, the
.npy bytes copied, or read into Matrix/array values and written from them with
--through-values); numpy.load must then give the same names in the same order and, for every
array, the same dtype, shape and bytes, and zipfile.testzip the right CRC-32s. Runs in the
scripts' virtual environment (scripts/comparelib.py) and builds blocknum (release) first.
"""
import os
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import comparelib  # noqa: E402


def arrays(np):
    rng = np.random.default_rng(2026)
    matrix = rng.standard_normal((5, 7))
    matrix[0, :4] = [np.nan, -0.0, np.inf, 5e-324]
    single = rng.standard_normal((3, 2)).astype(np.float32)
    single.view(np.uint32)[1, 1] = 0x7FC0_1234  # a NaN with a payload
    vector = np.array([1.5, -np.inf, 2.0 ** -1074, -0.0, 1e38])
    return {
        "positional": [matrix, vector],
        "keyword": {"single": single, "vector32": vector.astype(np.float32), "empty": np.zeros((0, 3)),
                    "counts": np.arange(6, dtype=np.int64).reshape(2, 3), "zeros": np.zeros((64, 64))},
    }


def main():
    comparelib.enter_venv()
    import numpy as np
    tool = sys.argv[sys.argv.index("--tool") + 1] if "--tool" in sys.argv else comparelib.blocknum()
    data = arrays(np)
    failures = []
    checks = 0
    with tempfile.TemporaryDirectory() as scratch:
        for save in (np.savez, np.savez_compressed):
            source = os.path.join(scratch, f"{save.__name__}.npz")
            save(source, *data["positional"], **data["keyword"])
            with np.load(source) as archive:
                original = {name: archive[name] for name in archive.files}
                names = list(archive.files)
            listed = subprocess.check_output([tool, "npz", "list", source], text=True).splitlines()
            if [line.split("\t")[0] for line in listed] != names:
                failures.append(f"{save.__name__}: blocknum npz list gave {listed}, numpy {names}")
            for mode in ([], ["--through-values"]):
                for compressed in ([], ["--compressed"]):
                    copy = os.path.join(scratch, "copy.npz")
                    subprocess.check_call([tool, "npz", "copy", source, copy, *mode, *compressed], stdout=subprocess.DEVNULL)
                    label = f"{save.__name__} → blocknum npz copy {' '.join(mode + compressed)} → numpy.load"
                    with zipfile.ZipFile(copy) as z:
                        bad = z.testzip()
                        method = {zipfile.ZIP_DEFLATED if compressed else zipfile.ZIP_STORED}
                        if bad is not None or {i.compress_type for i in z.infolist()} != method:
                            failures.append(f"{label}: zipfile testzip {bad}, methods {[i.compress_type for i in z.infolist()]}")
                    with np.load(copy) as again:
                        if list(again.files) != names:
                            failures.append(f"{label}: names {again.files} != {names}")
                            continue
                        for name in names:
                            a, b = original[name], again[name]
                            checks += 1
                            if a.dtype != b.dtype or a.shape != b.shape or a.tobytes() != b.tobytes():
                                failures.append(f"{label}: '{name}' {a.dtype}{a.shape} came back as {b.dtype}{b.shape}"
                                                f"{'' if a.shape != b.shape else ' with other bytes'}")
    for failure in failures:
        print("FAIL", failure)
    print(f"check-npz-roundtrip: {checks} arrays compared byte for byte, {len(failures)} failures")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
