#!/usr/bin/env python3
"""MLP side by side: BlockNumerics' Sequential against scikit-learn's MLPClassifier on the
digits data set, same split, same architecture, same optimizer settings, in one go.

Digits (sklearn.datasets.load_digits, bundled with both), pixels divided by 16; rows with
index % 5 != 0 train (1437), the rest test (360). A 64-64-10 ReLU MLP with softmax output,
Adam (learning rate 1e-3, β 0.9/0.999, ε 1e-8), batch 32, 40 epochs, shuffled every epoch,
Glorot-uniform weights.

Differences that remain: scikit-learn draws its biases Glorot-uniform too (ours start at
zero), and its own random streams differ from ours, so the two runs see different initial
weights and batch orders. MLPClassifier runs with alpha=0 (its default 1e-4 L2 penalty is
switched off to match: ours has none), tol=0 and n_iter_no_change above the epoch count so
it runs all epochs, and early_stopping=False. Timing is the fit alone for both: our
`blocknum train digits --json` reports training seconds measured around Sequential.fit.

    scripts/compare-mlp.py [--epochs 40] [--seeds 10] [--block-sparse]

Each side runs once per seed 0, 1, …; the table shows every run and the means (held-out
accuracy on 360 rows moves in steps of 0.28 points, so one seed says little).

--block-sparse also trains our 64-256-10 model whose hidden layer is block-sparse (16×16
blocks, 25 % density) and compares its held-out accuracy with the dense model's.
"""
import argparse
import json
import os
import subprocess
import sys
import time
import warnings

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from comparelib import blocknum, ensure  # noqa: E402


def sklearn_fit(epochs, seed):
    import numpy as np
    from sklearn.datasets import load_digits
    from sklearn.neural_network import MLPClassifier
    digits = load_digits()
    x = digits.data / 16.0
    y = digits.target
    index = np.arange(len(y))
    train, test = index % 5 != 0, index % 5 == 0
    model = MLPClassifier(
        hidden_layer_sizes=(64,), activation="relu", solver="adam", learning_rate_init=1e-3, batch_size=32,
        max_iter=epochs, alpha=0.0, shuffle=True, tol=0.0, n_iter_no_change=epochs + 1, early_stopping=False,
        random_state=seed)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ConvergenceWarning: max_iter reached, as intended
        model.fit(x[train], y[train])
    seconds = time.perf_counter() - start
    return seconds, model.score(x[test], y[test]), model.loss_curve_[-1]


def ours(tool, epochs, seed, extra=()):
    output = subprocess.check_output(
        [tool, "train", "digits", "--optimizer", "adam", "--learning-rate", "1e-3", "--epochs", str(epochs),
         "--batch-size", "32", "--seed", str(seed), "--json", *extra], text=True)
    row = json.loads(output)
    return row["seconds"], row["testAccuracy"], row["finalLoss"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int, default=40)
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--block-sparse", action="store_true")
    arguments = parser.parse_args()
    ensure("numpy", "scipy", "sklearn")
    import numpy as np
    import sklearn
    tool = blocknum()
    load = os.getloadavg()[0]
    print(f"numpy {np.__version__}, scikit-learn {sklearn.__version__}; load average {load:.2f}\n")
    print(f"digits, 1437 train / 360 test rows, 64-64-10 ReLU, Adam 1e-3, batch 32, {arguments.epochs} epochs, "
          f"seeds 0…{arguments.seeds - 1}")
    ours_runs, theirs_runs, sparse_runs = [], [], []
    for seed in range(arguments.seeds):
        ours_runs.append(ours(tool, arguments.epochs, seed))
        theirs_runs.append(sklearn_fit(arguments.epochs, seed))
        if arguments.block_sparse:
            sparse_runs.append(ours(tool, arguments.epochs, seed, ["--hidden", "256", "--block-sparse", "0.25", "--block-size", "16"]))

    def show(name, runs):
        for seed, (seconds, accuracy, loss) in enumerate(runs):
            print(f"  {name:<34} seed {seed}  {seconds:8.3f} s   held-out accuracy {accuracy:.4f}   final loss {loss:.4f}")
        mean_seconds = sum(r[0] for r in runs) / len(runs)
        mean_accuracy = sum(r[1] for r in runs) / len(runs)
        print(f"  {name:<34} mean    {mean_seconds:8.3f} s   held-out accuracy {mean_accuracy:.4f}")
        return mean_seconds, mean_accuracy

    our_seconds, our_accuracy = show("BlockNumerics Sequential", ours_runs)
    their_seconds, their_accuracy = show("scikit-learn MLPClassifier", theirs_runs)
    ratio = our_seconds / their_seconds
    print(f"  time ratio (ours / sklearn, means) {ratio:8.3f}")
    failures = []
    if our_accuracy < 0.97:
        failures.append(f"our mean held-out accuracy {our_accuracy:.4f} < 0.97")
    if ratio > 1 / 3:
        failures.append(f"time ratio {ratio:.3f} > 1/3")
    if arguments.block_sparse:
        print()
        _, sparse_accuracy = show("block-sparse 64-256-10 (16×16, 25 %)", sparse_runs)
        print(f"  dense − block-sparse mean accuracy: {100 * (our_accuracy - sparse_accuracy):+.2f} points")
        if our_accuracy - sparse_accuracy > 0.01:
            failures.append(f"block-sparse accuracy {sparse_accuracy:.4f} more than 1 point below dense {our_accuracy:.4f}")
    print()
    print("PASS" if not failures else "FAIL: " + "; ".join(failures))
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
