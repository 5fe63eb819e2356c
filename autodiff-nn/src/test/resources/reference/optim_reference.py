"""Expected numbers for OptimizerReferenceTest and ScheduleReferenceTest, computed by PyTorch in float64.

Run from this directory with Debian's PyTorch:  /usr/bin/python3 optim_reference.py > optim_reference.txt
Each output line is `name v1 v2 ...` (floats in repr precision). The objective is
f(w) = 0.5 * sum(d * (w - c)^2) + 0.1 * sum(w^4) with the constants below; the Java test computes its gradient
by hand, independently of the library's autodiff.
"""
import math
import torch

torch.set_default_dtype(torch.float64)
C = torch.tensor([1.0, -2.0, 0.5])
D = torch.tensor([1.0, 3.0, 0.5])
W0 = [0.3, 0.8, -1.2]
STEPS = 5


def loss(w):
    return 0.5 * (D * (w - C) ** 2).sum() + 0.1 * (w ** 4).sum()


def run(name, make, clip=None):
    w = torch.tensor(W0, requires_grad=True)
    opt = make([w])
    out = []
    for _ in range(STEPS):
        opt.zero_grad()
        loss(w).backward()
        if clip is not None:
            clip(w)
        opt.step()
        out.extend(w.detach().tolist())
    print(name, " ".join(repr(v) for v in out))


run("sgd", lambda p: torch.optim.SGD(p, lr=0.1))
run("sgd_coupled", lambda p: torch.optim.SGD(p, lr=0.1, weight_decay=0.05))
run("momentum", lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9))
run("rmsprop", lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.9, eps=1e-8))
run("adam", lambda p: torch.optim.Adam(p, lr=0.01, betas=(0.9, 0.999), eps=1e-8))
run("adam_coupled", lambda p: torch.optim.Adam(p, lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.1))
run("adamw", lambda p: torch.optim.AdamW(p, lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.1))
run("sgd_clip_norm", lambda p: torch.optim.SGD(p, lr=0.1),
    clip=lambda w: torch.nn.utils.clip_grad_norm_([w], max_norm=0.5))
run("sgd_clip_value", lambda p: torch.optim.SGD(p, lr=0.1),
    clip=lambda w: torch.nn.utils.clip_grad_value_([w], clip_value=0.3))


def rates(name, make, steps=20, base=0.1):
    w = torch.tensor([0.0], requires_grad=True)
    opt = torch.optim.SGD([w], lr=base)
    sched = make(opt)
    out = []
    for _ in range(steps):
        out.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    print(name, " ".join(repr(v) for v in out))


rates("cosine", lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=20, eta_min=0.001))
rates("restarts", lambda o: torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2, eta_min=0.001))
rates("onecycle", lambda o: torch.optim.lr_scheduler.OneCycleLR(o, max_lr=0.1, total_steps=20, cycle_momentum=False))
rates("warmup", lambda o: torch.optim.lr_scheduler.LinearLR(o, start_factor=1 / 5, end_factor=1.0, total_iters=4))
rates("warmup_cosine", lambda o: torch.optim.lr_scheduler.SequentialLR(o, [
    torch.optim.lr_scheduler.LinearLR(o, start_factor=1 / 5, end_factor=1.0, total_iters=4),
    torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=15, eta_min=0.0)], milestones=[5]))
