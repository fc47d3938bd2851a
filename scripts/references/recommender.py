"""Recommender references: plain NumPy implementations of the first iterations of explicit
ALS-WR with biases (Zhou et al. 2008) and of implicit ALS (Hu, Koren & Volinsky 2008), the
latter both with exact solves and with the 3-step conjugate gradient of Takács et al. (2011)
as the `implicit` library runs it, from shared starting factors on small ratings."""
import os

import numpy as np

from .readme import ReadmeWriter


def explicit_als(ratings, users, items, q, c, regularization, iterations, biases=True):
    """ALS-WR: users then items, each row's ridge system (XᵀX + λ·n·I) w = Xᵀ(r − μ − other bias)
    over X_i = [Q_i, 1] (with biases); rows without ratings get zeros."""
    k = q.shape[1]
    user, item, value = ratings[:, 0].astype(int), ratings[:, 1].astype(int), ratings[:, 2]
    mean = value.mean()
    p, b = np.zeros((users, k)), np.zeros(users)
    q, c = q.copy(), c.copy()
    if not biases:
        c[:] = 0
    for _ in range(iterations):
        for rows, cols, solved, solved_bias, fixed, fixed_bias, count in (
            (user, item, p, b, q, c, users),
            (item, user, q, c, p, b, items),
        ):
            for row in range(count):
                mine = rows == row
                if not mine.any():
                    solved[row], solved_bias[row] = 0, 0
                    continue
                x = fixed[cols[mine]]
                target = value[mine] - mean - (fixed_bias[cols[mine]] if biases else 0)
                if biases:
                    x = np.hstack([x, np.ones((len(x), 1))])
                a = x.T @ x + regularization * mine.sum() * np.eye(x.shape[1])
                w = np.linalg.solve(a, x.T @ target)
                solved[row] = w[:k]
                solved_bias[row] = w[k] if biases else 0
    return p, q, b, c, mean


def implicit_als(ratings, users, items, p, q, regularization, alpha, iterations, cg_steps=None):
    """Implicit ALS with confidence 1 + α·r, preference 1 for r > 0: exact solves, or
    `cg_steps` conjugate-gradient steps from the current factors (as implicit's least_squares_cg)."""
    user, item, value = ratings[:, 0].astype(int), ratings[:, 1].astype(int), ratings[:, 2]
    p, q = p.copy(), q.copy()
    k = p.shape[1]
    for _ in range(iterations):
        for rows, cols, x_all, y in ((user, item, p, q), (item, user, q, p)):
            gram = y.T @ y + regularization * np.eye(k)
            for row in range(x_all.shape[0]):
                mine = rows == row
                ys = y[cols[mine]]
                excess = alpha * value[mine]
                preference = (value[mine] > 0).astype(float)
                if cg_steps is None:
                    a = gram + (ys.T * excess) @ ys
                    b = ys.T @ ((1 + excess) * preference)
                    x_all[row] = np.linalg.solve(a, b)
                    continue
                x = x_all[row].copy()
                r = -gram @ x + ys.T @ ((1 + excess) * preference - excess * (ys @ x))
                direction = r.copy()
                rs_old = r @ r
                if rs_old < 1e-20:
                    continue
                for _ in range(cg_steps):
                    ap = gram @ direction + ys.T @ (excess * (ys @ direction))
                    step = rs_old / (direction @ ap)
                    x += step * direction
                    r -= step * ap
                    rs_new = r @ r
                    if rs_new < 1e-20:
                        break
                    direction = r + rs_new / rs_old * direction
                    rs_old = rs_new
                x_all[row] = x
    return p, q


def make(directory):
    readme = ReadmeWriter(directory, "python3 scripts/make-references.py recommender")
    rng = np.random.default_rng(25)

    def save(name, array, how):
        np.save(os.path.join(directory, name), np.ascontiguousarray(array, dtype=np.float64))
        readme.add(name, how)

    # Explicit: 9 users × 7 items, rank 3 plus noise, about half observed; user 4 and item 5
    # have no ratings (their rows must come out zero).
    users, items, k = 9, 7, 3
    truth = rng.standard_normal((users, k)) @ rng.standard_normal((k, items)) + 3
    mask = rng.random((users, items)) < 0.55
    mask[4, :] = False
    mask[:, 5] = False
    u, i = np.nonzero(mask)
    ratings = np.column_stack([u, i, truth[u, i] + 0.1 * rng.standard_normal(len(u))])
    q0 = 0.5 * rng.standard_normal((items, k))
    c0 = 0.1 * rng.standard_normal(items)
    save("explicit_ratings.npy", ratings, "9×7 rank-3 ratings + 3 + 0.1·noise, ~55 % observed, user 4 and item 5 empty (default_rng(25)); rows (user, item, value)")
    save("explicit_q0.npy", q0, "starting item factors, 0.5·standard normal, 7×3")
    save("explicit_c0.npy", c0.reshape(-1, 1), "starting item biases, 0.1·standard normal, 7×1")
    for name, biases, lam, its in (("biases", True, 0.05, 2), ("nobiases", False, 0.1, 2)):
        p, q, b, c, mean = explicit_als(ratings, users, items, q0, c0, lam, its, biases)
        how = f"explicit_als(ratings, 9, 7, q0, c0, regularization={lam}, iterations={its}, biases={biases})"
        save(f"explicit_{name}_p.npy", p, f"user factors after {how}")
        save(f"explicit_{name}_q.npy", q, f"item factors after {how}")
        save(f"explicit_{name}_b.npy", b.reshape(-1, 1), f"user biases after {how}")
        save(f"explicit_{name}_c.npy", c.reshape(-1, 1), f"item biases after {how} (c0 when biases=False is ignored: zeros)")

    # Implicit: 12 users × 10 items, counts 1–5 on ~30 % of pairs; one stored zero.
    users, items, k = 12, 10, 4
    mask = rng.random((users, items)) < 0.3
    mask[0, 0] = True
    u, i = np.nonzero(mask)
    counts = rng.integers(1, 6, len(u)).astype(float)
    counts[0] = 0
    interactions = np.column_stack([u, i, counts])
    p0 = 0.1 * rng.standard_normal((users, k))
    q0 = 0.1 * rng.standard_normal((items, k))
    save("implicit_interactions.npy", interactions, "12×10 counts 1–5 on ~30 % of pairs, (0, 0) stored as 0; rows (user, item, value)")
    save("implicit_p0.npy", p0, "starting user factors, 0.1·standard normal, 12×4")
    save("implicit_q0.npy", q0, "starting item factors, 0.1·standard normal, 10×4")
    for name, steps in (("cg", 3), ("exact", None)):
        p, q = implicit_als(interactions, users, items, p0, q0, 0.1, 2.0, 2, steps)
        how = f"implicit_als(interactions, 12, 10, p0, q0, regularization=0.1, alpha=2.0, iterations=2, cg_steps={steps})"
        save(f"implicit_{name}_p.npy", p, f"user factors after {how}")
        save(f"implicit_{name}_q.npy", q, f"item factors after {how}")
    readme.write()
