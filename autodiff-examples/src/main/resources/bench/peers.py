"""The peers' side of `java -jar autodiff-examples.jar bench`: one workload per call, one number printed.

Usage: python3 peers.py WORKLOAD THREADS [ARGS...]
  matmul THREADS N            -> GFLOP/s of N x N float64 products (NumPy, whatever BLAS it is linked to)
  mlp THREADS BATCH STEPS     -> samples/s training 784-256-128-10 (ReLU, softmax CE, Adam, float64) in PyTorch
  xor THREADS STEPS           -> steps/s, 2-4-1 sigmoid MLP, full-batch SGD on XOR, PyTorch
  scalar THREADS STEPS        -> ns per graph node per step, micrograd-style scalar engine in pure Python
  info                        -> versions and the BLAS NumPy uses
Thread counts are set before the libraries start (OPENBLAS_NUM_THREADS, OMP_NUM_THREADS) and in torch.
"""
import os
import sys

workload = sys.argv[1]
threads = sys.argv[2] if len(sys.argv) > 2 else "1"
os.environ["OPENBLAS_NUM_THREADS"] = threads
os.environ["OMP_NUM_THREADS"] = threads
os.environ["MKL_NUM_THREADS"] = threads

import math  # noqa: E402
import random  # noqa: E402
import time  # noqa: E402


def info():
    import numpy as np
    out = ["numpy " + np.__version__]
    try:
        import torch
        out.append("torch " + torch.__version__)
    except ImportError:
        out.append("torch missing")
    blas = "unknown"
    np.ones((2, 2)) @ np.ones((2, 2))
    try:
        with open("/proc/self/maps") as f:
            libs = {line.split()[-1] for line in f if "blas" in line}
        blas = ", ".join(sorted(os.path.basename(x) for x in libs)) or "none loaded"
    except OSError:
        pass
    out.append("blas " + blas)
    print("; ".join(out))


def matmul(n):
    import numpy as np
    rng = np.random.default_rng(1)
    a = rng.random((n, n))
    b = rng.random((n, n))
    for _ in range(3):
        a @ b
    reps = max(3, int(1e10 / (2 * n ** 3)))
    t = time.perf_counter()
    for _ in range(reps):
        a @ b
    s = (time.perf_counter() - t) / reps
    return 2 * n ** 3 / s / 1e9


BATCHES = 8


def mlp(batch, steps):
    import torch
    torch.set_num_threads(int(threads))
    torch.manual_seed(1)
    model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128),
                                torch.nn.ReLU(), torch.nn.Linear(128, 10)).double()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    # eight batches visited in turn, as the Java side's trainer does with an eight-batch dataset
    data = [(torch.rand(batch, 784, dtype=torch.float64), torch.randint(0, 10, (batch,))) for _ in range(BATCHES)]
    for i in range(5):
        x, y = data[i % BATCHES]
        opt.zero_grad()
        loss_fn(model(x), y).backward()
        opt.step()
    t = time.perf_counter()
    for i in range(steps):
        x, y = data[i % BATCHES]
        opt.zero_grad()
        loss_fn(model(x), y).backward()
        opt.step()
    return steps * batch / (time.perf_counter() - t)


def cnn(height, width, channels, batch, steps, float32):
    """The lecture notebook's CNN, as the issue measured it: Conv2d(C,8,3,padding=1)-MaxPool2d(2)-Conv2d(8,16,3,
    padding=1)-MaxPool2d(2)-Flatten-Linear(.,128)-Linear(128,10), Adam, cross-entropy, random data in NCHW."""
    import torch
    torch.set_num_threads(int(threads))
    torch.manual_seed(1)
    dtype = torch.float32 if float32 else torch.float64
    flat = 16 * (height // 4) * (width // 4)
    model = torch.nn.Sequential(
        torch.nn.Conv2d(channels, 8, 3, padding=1), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(8, 16, 3, padding=1), torch.nn.MaxPool2d(2), torch.nn.Flatten(),
        torch.nn.Linear(flat, 128), torch.nn.Linear(128, 10)).to(dtype)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    data = [(torch.rand(batch, channels, height, width, dtype=dtype), torch.randint(0, 10, (batch,)))
            for _ in range(BATCHES)]
    # warmed up for a second at least, as the Java side warms its JIT
    start, i = time.perf_counter(), 0
    while time.perf_counter() - start < 1.0 or i < 5:
        x, y = data[i % BATCHES]
        opt.zero_grad()
        loss_fn(model(x), y).backward()
        opt.step()
        i += 1
    t = time.perf_counter()
    for i in range(steps):
        x, y = data[i % BATCHES]
        opt.zero_grad()
        loss_fn(model(x), y).backward()
        opt.step()
    return steps * batch / (time.perf_counter() - t)


def xor(steps):
    import torch
    torch.set_num_threads(int(threads))
    torch.manual_seed(1)
    model = torch.nn.Sequential(torch.nn.Linear(2, 4), torch.nn.Sigmoid(), torch.nn.Linear(4, 1),
                                torch.nn.Sigmoid()).double()
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    x = torch.tensor([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=torch.float64)
    y = torch.tensor([[0], [1], [1], [0]], dtype=torch.float64)
    for _ in range(50):
        opt.zero_grad()
        ((model(x) - y) ** 2).mean().backward()
        opt.step()
    t = time.perf_counter()
    for _ in range(steps):
        opt.zero_grad()
        ((model(x) - y) ** 2).mean().backward()
        opt.step()
    return steps / (time.perf_counter() - t)


class Value:
    """A micrograd-style scalar: value, gradient, children and a backward closure."""
    __slots__ = ("data", "grad", "_prev", "_backward")

    def __init__(self, data, prev=()):
        self.data = data
        self.grad = 0.0
        self._prev = prev
        self._backward = lambda: None

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other))

        def backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other))

        def backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = backward
        return out

    def relu(self):
        out = Value(self.data if self.data > 0 else 0.0, (self,))

        def backward():
            self.grad += (out.data > 0) * out.grad
        out._backward = backward
        return out

    def backward(self):
        order, seen = [], set()
        stack = [(self, False)]
        while stack:
            v, done = stack.pop()
            if done:
                order.append(v)
            elif id(v) not in seen:
                seen.add(id(v))
                stack.append((v, True))
                for c in v._prev:
                    stack.append((c, False))
        self.grad = 1.0
        for v in reversed(order):
            v._backward()
        return len(order)


def scalar(steps):
    """MLP(2, [16, 16, 1]) on 100 two-moons points, hinge loss; ns per graph node per step."""
    random.seed(1)
    sizes = [2, 16, 16, 1]
    layers = [[[Value(random.uniform(-1, 1)) for _ in range(sizes[i] + 1)] for _ in range(sizes[i + 1])]
              for i in range(3)]
    params = [p for layer in layers for neuron in layer for p in neuron]
    pts = []
    for i in range(100):
        t = math.pi * random.random()
        if i % 2 == 0:
            pts.append(((math.cos(t), math.sin(t)), 1.0))
        else:
            pts.append(((1 - math.cos(t), 0.5 - math.sin(t)), -1.0))
    nodes = 0
    t0 = time.perf_counter()
    for _ in range(steps):
        total = Value(0.0)
        for (x0, x1), y in pts:
            act = [Value(x0), Value(x1)]
            for li, layer in enumerate(layers):
                nxt = []
                for neuron in layer:
                    s = neuron[-1]
                    for w, a in zip(neuron, act):
                        s = s + w * a
                    nxt.append(s.relu() if li < 2 else s)
                act = nxt
            total = total + (act[0] * (-y) + 1.0).relu()
        for p in params:
            p.grad = 0.0
        nodes += total.backward()
        for p in params:
            p.data -= 0.01 * p.grad
    return (time.perf_counter() - t0) / nodes * 1e9


if __name__ == "__main__":
    if workload == "info":
        info()
    elif workload == "matmul":
        print(matmul(int(sys.argv[3])))
    elif workload == "mlp":
        print(mlp(int(sys.argv[3]), int(sys.argv[4])))
    elif workload == "cnn":
        print(cnn(*(int(a) for a in sys.argv[3:9])))
    elif workload == "xor":
        print(xor(int(sys.argv[3])))
    elif workload == "scalar":
        print(scalar(int(sys.argv[3])))
    else:
        sys.exit("unknown workload " + workload)
