#!/usr/bin/env python3
"""Trains `blocknum train mlp` on the digits as scikit-learn saves them and checks it against
`blocknum train digits`.

    scripts/check-train-mlp.py [--tool PATH]

scikit-learn's load_digits() is saved as X.npy (float64, 1797 × 64, pixels 0…16) and y.npy
(int64 labels), and again as a Fortran-order X (np.save of X.T.T's Fortran copy) with int32
labels. Checks, each PASS or FAIL:
  1. `train mlp --scaling max --test-every 5` (pixels / 16, rows with index % 5 == 0 held out,
     exactly train digits' set-up) reaches train digits' held-out accuracy and final loss,
     bit for bit, from either file layout;
  2. the default split (20 % of the rows chosen by the seed) reaches a held-out accuracy
     within 2 points of train digits' for each of three seeds (a different 360 rows);
  3. the model `--out` writes, loaded with NumPy (weights, biases, classes, scaling) and run
     on the held-out rows, predicts with the reported held-out accuracy;
  4. mismatched, non-label and single-class inputs exit with status 1 and a message naming
     the problem.
Runs in the scripts' virtual environment, .venv-compare/ (scripts/comparelib.py).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import comparelib as lib  # noqa: E402


def run(tool, *arguments):
    return json.loads(subprocess.check_output([tool, *arguments, "--json"], text=True))


def refused(tool, *arguments):
    """(exit status, standard error) of a run expected to fail."""
    result = subprocess.run([tool, *arguments], capture_output=True, text=True)
    return result.returncode, result.stderr.strip()


def predict(model_dir, x):
    """The classes the written model predicts for the rows of x, with NumPy."""
    import numpy as np
    description = json.load(open(os.path.join(model_dir, "model.json")))
    h = (x - np.load(os.path.join(model_dir, "scaling_offset.npy"))) / np.load(os.path.join(model_dir, "scaling_scale.npy"))
    layers = len(description["layers"])
    for i in range(layers):
        w = np.load(os.path.join(model_dir, f"layer{i}_weights.npy"))
        b = np.load(os.path.join(model_dir, f"layer{i}_bias.npy"))
        h = h @ w.T + b
        if i < layers - 1:
            h = np.maximum(h, 0)
    classes = np.load(os.path.join(model_dir, "classes.npy"))
    return classes[np.argmax(h, axis=1)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tool", help="a built blocknum (default: build one)")
    arguments = parser.parse_args()
    lib.enter_venv()
    import numpy as np
    from sklearn.datasets import load_digits
    tool = arguments.tool or lib.blocknum()
    failures = []

    def check(name, ok, detail):
        print(f"{'PASS' if ok else 'FAIL'}  {name}: {detail}")
        if not ok:
            failures.append(name)

    with tempfile.TemporaryDirectory() as scratch:
        digits = load_digits()
        x, y = digits.data, digits.target
        paths = {"C order, int64": (os.path.join(scratch, "X.npy"), os.path.join(scratch, "y.npy")),
                 "Fortran order, int32": (os.path.join(scratch, "XF.npy"), os.path.join(scratch, "y32.npy"))}
        np.save(paths["C order, int64"][0], x)
        np.save(paths["C order, int64"][1], y)
        np.save(paths["Fortran order, int32"][0], np.asfortranarray(x))
        np.save(paths["Fortran order, int32"][1], y.astype(np.int32))
        reference = run(tool, "train", "digits")

        for layout, (xs, ys) in paths.items():
            model_dir = os.path.join(scratch, "model-" + layout.split()[0])
            ours = run(tool, "train", "mlp", "--inputs", xs, "--labels", ys, "--scaling", "max", "--test-every", "5",
                       "--out", model_dir)
            same = ours["testAccuracy"] == reference["testAccuracy"] and ours["finalLoss"] == reference["finalLoss"]
            check(f"train mlp = train digits ({layout})", same,
                  f"held-out accuracy {ours['testAccuracy']:.4f} vs {reference['testAccuracy']:.4f}, "
                  f"final loss {ours['finalLoss']:.6g} vs {reference['finalLoss']:.6g}")
            held = np.arange(len(y)) % 5 == 0
            accuracy = float(np.mean(predict(model_dir, x[held]) == y[held]))
            check(f"--out model predicts with NumPy ({layout})", abs(accuracy - ours["testAccuracy"]) < 1e-12,
                  f"NumPy forward pass on the written weights: accuracy {accuracy:.4f}")

        xs, ys = paths["C order, int64"]
        for seed in ["0", "1", "2"]:
            ours = run(tool, "train", "mlp", "--inputs", xs, "--labels", ys, "--scaling", "max", "--seed", seed)
            gap = ours["testAccuracy"] - reference["testAccuracy"]
            check(f"20 % held out by seed {seed}", abs(gap) <= 0.02 and ours["testRows"] == 360,
                  f"held-out accuracy {ours['testAccuracy']:.4f} on {ours['testRows']} rows "
                  f"(train digits {reference['testAccuracy']:.4f}, {gap:+.4f})")

        one_class = os.path.join(scratch, "ones.npy")
        np.save(one_class, np.ones(len(y), dtype=np.int64))
        short = os.path.join(scratch, "short.npy")
        np.save(short, y[:-1])
        for name, labels, words in [("labels of another length", short, "1797 rows"),
                                    ("a matrix as labels", xs, "1-d"),
                                    ("one class", one_class, "at least two")]:
            status, message = refused(tool, "train", "mlp", "--inputs", xs, "--labels", labels)
            check(f"refuses {name}", status == 1 and words in message, f"status {status}: {message}")

    print(f"{'all checks passed' if not failures else str(len(failures)) + ' failed: ' + ', '.join(failures)}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
