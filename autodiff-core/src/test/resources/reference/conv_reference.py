"""Reference numbers for ImagesReferenceTest: PyTorch's conv2d, max_pool2d and avg_pool2d in float64.

Run from this directory with `/usr/bin/python3 conv_reference.py > conv_reference.txt` (PyTorch 1.13 from Debian was
used). PyTorch works in NCHW; the library lays a batch of images out as an N x (H*W*C) matrix, channels last, and a
kernel as a (KH*KW*C) x F matrix (Keras' HWIO kernel reshaped). Everything below is converted at the boundary, so
the numbers written are in the library's layout. TensorFlow's 'same' padding (half the total before, the rest after)
is made with an explicit F.pad, since PyTorch pads symmetrically; max pooling pads with -inf.

Inputs come from fixed formulas, not a random generator, and are written out too. Output: one line per tensor,
`name rows cols v1 v2 ...` (row-major, repr floats, which Java's Double.parseDouble reads back exactly), and one
line per case, `case name kind N H W C KH KW SH SW padding`; lines starting with '#' are comments.

Each case's loss is `sum(tanh(y) * w)` for the convolutions (so that second derivatives are not zero) and
`sum(y * w)` for the poolings (one max-pooling case has ties, where PyTorch's gradient goes to the first largest
element of the window in row-major order); `.dx`, `.dk`, `.db` are its gradients, and `.hvp` is the Hessian-vector product of the
loss with respect to x in the direction `.v`.
"""
import math

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)


def values(n, k):
    """n distinct values in about [-2, 2] (no ties, so max pooling has one winner per window)."""
    return torch.tensor([math.sin(1.3 * i + 0.7 * k) * 2 + 0.001 * i for i in range(n)])


def emit(name, t):
    t = t.detach()
    if t.dim() == 1:
        t = t.reshape(1, -1)
    print(name, t.shape[0], t.shape[1], " ".join(repr(float(v)) for v in t.reshape(-1).tolist()))


def same_pad(size, k, s):
    out = -(-size // s)
    total = max((out - 1) * s + k - size, 0)
    return total // 2, total - total // 2


def pads(h, w, kh, kw, sh, sw, padding):
    if padding == "valid":
        return (0, 0, 0, 0)
    top, bottom = same_pad(h, kh, sh)
    left, right = same_pad(w, kw, sw)
    return (left, right, top, bottom)


def nchw(x, n, h, w, c):
    return x.reshape(n, h, w, c).permute(0, 3, 1, 2)


def nhwc(y):
    return y.permute(0, 2, 3, 1).reshape(y.shape[0], -1)


def conv_case(name, n, h, w, c, f, kh, kw, sh, sw, padding, k):
    print("case", name, "conv", n, h, w, c, kh, kw, sh, sw, padding)
    x = values(n * h * w * c, k).reshape(n, h * w * c).requires_grad_(True)
    kern = (values(kh * kw * c * f, k + 1) / 2).reshape(kh * kw * c, f).requires_grad_(True)
    b = (values(f, k + 2) / 4).reshape(1, f).requires_grad_(True)

    def forward(x):
        xi = F.pad(nchw(x, n, h, w, c), pads(h, w, kh, kw, sh, sw, padding))
        weight = kern.reshape(kh, kw, c, f).permute(3, 2, 0, 1)
        return nhwc(F.conv2d(xi, weight, b.reshape(-1), stride=(sh, sw)))

    y = forward(x)
    wt = values(y.numel(), k + 3).reshape(y.shape)
    loss = (torch.tanh(y) * wt).sum()
    dx, dk, db = torch.autograd.grad(loss, (x, kern, b), create_graph=True)
    v = values(x.numel(), k + 4).reshape(x.shape)
    (hvp,) = torch.autograd.grad((dx * v).sum(), x)
    for suffix, t in (("x", x), ("k", kern), ("b", b), ("y", y), ("w", wt), ("dx", dx), ("dk", dk), ("db", db),
                      ("v", v), ("hvp", hvp)):
        emit(name + "." + suffix, t)


def pool_case(name, kind, n, h, w, c, kh, kw, sh, sw, padding, k, ties=False):
    print("case", name, kind, n, h, w, c, kh, kw, sh, sw, padding)
    x = values(n * h * w * c, k).reshape(n, h * w * c)
    if ties:  # few distinct values: most windows hold their largest value more than once
        x = torch.round(x)
    x = x.requires_grad_(True)
    p = pads(h, w, kh, kw, sh, sw, padding)
    xi = nchw(x, n, h, w, c)
    if kind == "max":
        y = F.max_pool2d(F.pad(xi, p, value=-math.inf), (kh, kw), (sh, sw))
    else:
        # TensorFlow's 'same' average leaves the padding out of the count: window sums over window counts
        sums = F.avg_pool2d(F.pad(xi, p), (kh, kw), (sh, sw)) * (kh * kw)
        counts = F.avg_pool2d(F.pad(torch.ones_like(xi), p), (kh, kw), (sh, sw)) * (kh * kw)
        y = sums / counts
    y = nhwc(y)
    wt = values(y.numel(), k + 3).reshape(y.shape)
    (dx,) = torch.autograd.grad((y * wt).sum(), x)
    for suffix, t in (("x", x), ("y", y), ("w", wt), ("dx", dx)):
        emit(name + "." + suffix, t)


print("# PyTorch", torch.__version__, "float64")
conv_case("conv_same_3x3", 2, 5, 6, 3, 4, 3, 3, 1, 1, "same", 1)
conv_case("conv_valid_3x2_stride_2x1", 2, 7, 6, 2, 3, 3, 2, 2, 1, "valid", 2)
conv_case("conv_same_3x3_stride_2_asymmetric", 1, 6, 5, 2, 2, 3, 3, 2, 2, "same", 3)
conv_case("conv_same_2x2_even", 1, 4, 4, 1, 2, 2, 2, 1, 1, "same", 4)
pool_case("max_2x2", "max", 2, 6, 5, 3, 2, 2, 2, 2, "valid", 5)
pool_case("max_same_3x3_stride_2", "max", 1, 5, 5, 2, 3, 3, 2, 2, "same", 6)
pool_case("max_3x3_stride_2_with_ties", "max", 2, 7, 6, 2, 3, 3, 2, 2, "valid", 9, ties=True)
pool_case("avg_2x2", "avg", 2, 4, 6, 2, 2, 2, 2, 2, "valid", 7)
pool_case("avg_same_3x3_stride_2", "avg", 1, 5, 4, 1, 3, 3, 2, 2, "same", 8)
