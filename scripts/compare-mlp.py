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

    scripts/compare-mlp.py [--epochs 40] [--block-sparse]

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
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--block-sparse", action="store_true")
    arguments = parser.parse_args()
    ensure("numpy", "scipy", "sklearn")
    import numpy as np
    import sklearn
    tool = blocknum()
    load = os.getloadavg()[0]
    print(f"numpy {np.__version__}, scikit-learn {sklearn.__version__}; load average {load:.2f}; one run each\n")
    print(f"digits, 1437 train / 360 test rows, 64-64-10 ReLU, Adam 1e-3, batch 32, {arguments.epochs} epochs")
    our_seconds, our_accuracy, our_loss = ours(tool, arguments.epochs, arguments.seed)
    their_seconds, their_accuracy, their_loss = sklearn_fit(arguments.epochs, arguments.seed)
    print(f"  BlockNumerics Sequential     {our_seconds:8.3f} s   held-out accuracy {our_accuracy:.4f}   final loss {our_loss:.4f}")
    print(f"  scikit-learn MLPClassifier   {their_seconds:8.3f} s   held-out accuracy {their_accuracy:.4f}   final loss {their_loss:.4f}")
    ratio = our_seconds / their_seconds
    print(f"  time ratio (ours / sklearn)  {ratio:8.3f}")
    failures = []
    if our_accuracy < 0.97:
        failures.append(f"our held-out accuracy {our_accuracy:.4f} < 0.97")
    if ratio > 1 / 3:
        failures.append(f"time ratio {ratio:.3f} > 1/3")
    if arguments.block_sparse:
        sparse_seconds, sparse_accuracy, sparse_loss = ours(
            tool, arguments.epochs, arguments.seed, ["--hidden", "256", "--block-sparse", "0.25", "--block-size", "16"])
        print(f"\n  block-sparse 64-256-10 (16×16 blocks, 25 %) {sparse_seconds:8.3f} s   held-out accuracy {sparse_accuracy:.4f}   "
              f"final loss {sparse_loss:.4f}   (dense − sparse: {100 * (our_accuracy - sparse_accuracy):+.2f} points)")
        if our_accuracy - sparse_accuracy > 0.01:
            failures.append(f"block-sparse accuracy {sparse_accuracy:.4f} more than 1 point below dense {our_accuracy:.4f}")
    print()
    print("PASS" if not failures else "FAIL: " + "; ".join(failures))
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
