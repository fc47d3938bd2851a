#!/usr/bin/env python3
"""A lower bound on the held-out RMSE any recommender can reach on the synthetic ratings that
`blocknum train recommender` uses, so its figure can be read against what is possible.

The ratings follow `Datasets.syntheticRatings`: rating(u, i) = <U_u, V_i> + noise * eps, with
U (users x rank) and V (items x rank) independent normal entries of variance 1/sqrt(rank),
eps standard normal, each pair observed with probability `density`; 20 % of the observed
ratings are held out, as `blocknum train recommender` does.

The oracle is told the true item factors V and predicts with the posterior mean of each
user's factors given V, that user's training ratings and the true prior: the best possible
prediction (least expected squared error) for someone who knows V. An estimator that has to
learn V from the same ratings cannot do better on average, so the oracle's held-out RMSE
bounds every method from below. The random streams are NumPy's, not ours: the bound is
about the distribution, and each seed gives one draw of it.

    scripts/recommender-bound.py [--users 1000] [--items 500] [--rank 10] [--density 0.05]
                                 [--noise 0.1] [--seeds 5]
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import comparelib  # noqa: E402


def oracle_rmse(users, items, rank, density, noise, seed):
    import numpy as np

    rng = np.random.default_rng(seed)
    prior_variance = rank ** -0.5
    u = np.sqrt(prior_variance) * rng.standard_normal((users, rank))
    v = np.sqrt(prior_variance) * rng.standard_normal((items, rank))
    user, item = np.nonzero(rng.random((users, items)) < density)
    truth = np.einsum("ij,ij->i", u[user], v[item])
    ratings = truth + noise * rng.standard_normal(len(user))
    order = rng.permutation(len(user))
    held_out, training = order[: len(user) // 5], order[len(user) // 5 :]

    estimate = np.zeros((users, rank))
    ridge = noise**2 / prior_variance * np.eye(rank)
    by_user = np.argsort(user[training], kind="stable")
    starts = np.searchsorted(user[training][by_user], np.arange(users + 1))
    for who in range(users):
        mine = training[by_user[starts[who] : starts[who + 1]]]
        factors = v[item[mine]]
        estimate[who] = np.linalg.solve(factors.T @ factors + ridge, factors.T @ ratings[mine])
    prediction = np.einsum("ij,ij->i", estimate[user[held_out]], v[item[held_out]])
    against_ratings = np.sqrt(np.mean((prediction - ratings[held_out]) ** 2))
    against_truth = np.sqrt(np.mean((prediction - truth[held_out]) ** 2))
    return len(training), len(held_out), against_ratings, against_truth


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--items", type=int, default=500)
    parser.add_argument("--rank", type=int, default=10)
    parser.add_argument("--density", type=float, default=0.05)
    parser.add_argument("--noise", type=float, default=0.1)
    parser.add_argument("--seeds", type=int, default=5)
    args = parser.parse_args()
    comparelib.enter_venv()

    print(
        f"{args.users} users x {args.items} items, rank {args.rank}, {args.density:.0%} observed, "
        f"noise {args.noise}; oracle knows the item factors (posterior mean of the user factors)"
    )
    print(f"{'seed':>4}  {'training':>8}  {'held out':>8}  {'RMSE':>7}  {'/ noise':>7}  {'vs noiseless / noise':>20}")
    ratios = []
    for seed in range(args.seeds):
        training, held_out, rmse, rmse_truth = oracle_rmse(
            args.users, args.items, args.rank, args.density, args.noise, seed
        )
        ratios.append(rmse / args.noise)
        print(
            f"{seed:>4}  {training:>8}  {held_out:>8}  {rmse:7.4f}  {rmse / args.noise:7.3f}  "
            f"{rmse_truth / args.noise:20.3f}"
        )
    print(f"mean held-out RMSE / noise of the oracle: {sum(ratios) / len(ratios):.3f} (a lower bound for any method)")


if __name__ == "__main__":
    main()
