"""Optimizer references: PyTorch's torch.optim optimizers, learning-rate schedulers and
gradient clipping, run in float64 for 10 steps from fixed parameters with gradients that
depend on the parameters and vary per step, so the Swift optimizers can be compared step
for step.

Two parameter slots, shapes 2×3 and 1×4 (10 entries, flattened in that order). At step t
(from 0) the gradient of every slot is  g = p ⊙ w + noise[t]  (entry-wise), with p the
current parameters. Each trajectory file holds one row per step: the flattened parameters
after that step."""
import os

import numpy as np
import torch

from .readme import ReadmeWriter

SHAPES = [(2, 3), (1, 4)]
STEPS = 10


def split(flat):
    """The flat 10-vector as tensors of the slot shapes."""
    out, start = [], 0
    for rows, cols in SHAPES:
        out.append(torch.tensor(flat[start:start + rows * cols].reshape(rows, cols), dtype=torch.float64))
        start += rows * cols
    return out


def flatten(tensors):
    return np.concatenate([t.detach().numpy().ravel() for t in tensors])


def make(directory):
    torch.set_default_dtype(torch.float64)
    readme = ReadmeWriter(directory, "python3 scripts/make-references.py optimizers")
    version = f"PyTorch {torch.__version__}"
    rng = np.random.default_rng(7)
    path = lambda name: os.path.join(directory, name)

    def save(name, array, how):
        np.save(path(name), np.ascontiguousarray(np.atleast_2d(np.asarray(array, dtype=np.float64))))
        readme.add(name, how)

    p0 = rng.uniform(-2, 2, 10)
    w = rng.uniform(0.5, 2, 10)
    noise = rng.normal(0, 0.5, (STEPS, 10))
    save("p0.npy", p0, "uniform(-2, 2) starting parameters, slots 2×3 then 1×4 flattened (default_rng(7))")
    save("w.npy", w, "uniform(0.5, 2) gradient scales: g = p ⊙ w + noise[t]")
    save("noise.npy", noise, "normal(0, 0.5) gradient offsets, one row per step")

    def run(make_optimizer, schedule=None, clip=None):
        params = [t.clone().requires_grad_(True) for t in split(p0)]
        optimizer = make_optimizer(params)
        scheduler = schedule(optimizer) if schedule else None
        ws, rows = split(w), []
        for t in range(STEPS):
            ns = split(noise[t])
            with torch.no_grad():
                for p, wi, ni in zip(params, ws, ns):
                    p.grad = p.detach() * wi + ni
            if clip:
                clip(params)
            optimizer.step()
            if scheduler:
                scheduler.step()
            rows.append(flatten(params))
        return np.array(rows)

    O = torch.optim
    cases = {
        "sgd": ("SGD(lr=0.1)", lambda ps: O.SGD(ps, lr=0.1)),
        "sgd_momentum": ("SGD(lr=0.1, momentum=0.9)", lambda ps: O.SGD(ps, lr=0.1, momentum=0.9)),
        "sgd_dampening": ("SGD(lr=0.1, momentum=0.9, dampening=0.3, weight_decay=0.05)",
                          lambda ps: O.SGD(ps, lr=0.1, momentum=0.9, dampening=0.3, weight_decay=0.05)),
        "sgd_nesterov": ("SGD(lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01)",
                         lambda ps: O.SGD(ps, lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01)),
        "adagrad": ("Adagrad(lr=0.1)", lambda ps: O.Adagrad(ps, lr=0.1)),
        "adagrad_decay": ("Adagrad(lr=0.1, lr_decay=0.05, weight_decay=0.01, initial_accumulator_value=0.2, eps=1e-6)",
                          lambda ps: O.Adagrad(ps, lr=0.1, lr_decay=0.05, weight_decay=0.01,
                                               initial_accumulator_value=0.2, eps=1e-6)),
        "rmsprop": ("RMSprop(lr=0.01)", lambda ps: O.RMSprop(ps, lr=0.01)),
        "rmsprop_centered_momentum": ("RMSprop(lr=0.01, alpha=0.9, eps=1e-6, weight_decay=0.01, momentum=0.5, centered=True)",
                                      lambda ps: O.RMSprop(ps, lr=0.01, alpha=0.9, eps=1e-6, weight_decay=0.01,
                                                           momentum=0.5, centered=True)),
        "adam": ("Adam(lr=0.1)", lambda ps: O.Adam(ps, lr=0.1)),
        "adam_amsgrad_decay": ("Adam(lr=0.1, betas=(0.8, 0.95), eps=1e-6, weight_decay=0.05, amsgrad=True)",
                               lambda ps: O.Adam(ps, lr=0.1, betas=(0.8, 0.95), eps=1e-6, weight_decay=0.05, amsgrad=True)),
        "adamw": ("AdamW(lr=0.01, weight_decay=0.01)", lambda ps: O.AdamW(ps, lr=0.01, weight_decay=0.01)),
        "adamw_amsgrad": ("AdamW(lr=0.05, betas=(0.8, 0.95), weight_decay=0.1, amsgrad=True)",
                          lambda ps: O.AdamW(ps, lr=0.05, betas=(0.8, 0.95), weight_decay=0.1, amsgrad=True)),
    }
    for name, (call, make_optimizer) in cases.items():
        save(f"{name}.npy", run(make_optimizer), f"{version}: torch.optim.{call}, 10 steps")

    S = O.lr_scheduler
    scheduled = {
        "sgd_momentum_cosine": ("SGD(lr=0.1, momentum=0.9) with CosineAnnealingLR(T_max=10, eta_min=0.01)",
                                lambda ps: O.SGD(ps, lr=0.1, momentum=0.9),
                                lambda o: S.CosineAnnealingLR(o, T_max=10, eta_min=0.01)),
        "adam_warmup": ("Adam(lr=0.1) with LinearLR(start_factor=0.25, end_factor=1.0, total_iters=4)",
                        lambda ps: O.Adam(ps, lr=0.1),
                        lambda o: S.LinearLR(o, start_factor=0.25, end_factor=1.0, total_iters=4)),
    }
    for name, (call, make_optimizer, schedule) in scheduled.items():
        save(f"{name}.npy", run(make_optimizer, schedule=schedule),
             f"{version}: torch.optim.{call}, scheduler.step() after every optimizer.step(), 10 steps")

    clipped = {
        "sgd_momentum_clip_norm": ("SGD(lr=0.1, momentum=0.9) after clip_grad_norm_(params, 1.0)",
                                   lambda ps: O.SGD(ps, lr=0.1, momentum=0.9),
                                   lambda ps: torch.nn.utils.clip_grad_norm_(ps, 1.0)),
        "adam_clip_value": ("Adam(lr=0.1) after clip_grad_value_(params, 0.5)",
                            lambda ps: O.Adam(ps, lr=0.1),
                            lambda ps: torch.nn.utils.clip_grad_value_(ps, 0.5)),
    }
    for name, (call, make_optimizer, clip) in clipped.items():
        save(f"{name}.npy", run(make_optimizer, clip=clip), f"{version}: torch.optim.{call} on every step, 10 steps")

    # Schedulers alone: the rate used by each of 25 steps from base rate 0.1.
    schedules = {
        "step": ("StepLR(step_size=3, gamma=0.5)", lambda o: S.StepLR(o, step_size=3, gamma=0.5)),
        "exponential": ("ExponentialLR(gamma=0.9)", lambda o: S.ExponentialLR(o, gamma=0.9)),
        "cosine": ("CosineAnnealingLR(T_max=10, eta_min=0.01)", lambda o: S.CosineAnnealingLR(o, T_max=10, eta_min=0.01)),
        "linear": ("LinearLR(start_factor=0.25, end_factor=1.0, total_iters=4)",
                   lambda o: S.LinearLR(o, start_factor=0.25, end_factor=1.0, total_iters=4)),
        "warmup_cosine": ("SequentialLR([LinearLR(start_factor=0.1, total_iters=3), CosineAnnealingLR(T_max=10)], milestones=[3])",
                          lambda o: S.SequentialLR(o, [S.LinearLR(o, start_factor=0.1, end_factor=1.0, total_iters=3),
                                                       S.CosineAnnealingLR(o, T_max=10)], milestones=[3])),
    }
    for name, (call, make_scheduler) in schedules.items():
        optimizer = O.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
        scheduler = make_scheduler(optimizer)
        rates = []
        for _ in range(25):
            rates.append(optimizer.param_groups[0]["lr"])
            optimizer.step()
            scheduler.step()
        save(f"schedule_{name}.npy", rates, f"{version}: lr of each of 25 steps under lr_scheduler.{call}, base lr 0.1")

    # Clipping alone, on the first step's gradients scaled up so norm clipping bites.
    grads = 3 * (p0 * w + noise[0])
    tensors = [g.clone() for g in split(grads)]
    params = [torch.zeros_like(g, requires_grad=True) for g in tensors]
    for p, g in zip(params, tensors):
        p.grad = g.clone()
    total = torch.nn.utils.clip_grad_norm_(params, 0.5)
    save("clip_in.npy", grads, "3·(p0 ⊙ w + noise[0]): gradients to clip")
    save("clip_norm_out.npy", flatten([p.grad for p in params]), f"{version}: torch.nn.utils.clip_grad_norm_(params, 0.5) on clip_in")
    save("clip_norm_total.npy", [float(total)], f"{version}: the total norm clip_grad_norm_ returned")
    for p, g in zip(params, tensors):
        p.grad = g.clone()
    torch.nn.utils.clip_grad_value_(params, 0.3)
    save("clip_value_out.npy", flatten([p.grad for p in params]), f"{version}: torch.nn.utils.clip_grad_value_(params, 0.3) on clip_in")
    readme.write()
