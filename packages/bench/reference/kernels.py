"""In-run NumPy reference of `gla bench` (section "kernels"): the same two jobs as kernels.c, vectorised over
whole matrices, in float32 (as a NumPy user would run it on float32 logits).

    python3 kernels.py zero-shot.npy fine-tuned.npy labels.i32 runs

Prints one JSON line: {"prior": median seconds of one pass, "evaluate": median seconds of 5 combinations,
"checks": median seconds of the input checks of the zero-shot matrix, "loss": mean cross-entropy of the pass}.
"""
import json
import sys
import time

import numpy as np


def main() -> None:
    zs = np.load(sys.argv[1])
    ft = np.load(sys.argv[2])
    labels = np.fromfile(sys.argv[3], dtype=np.int32)
    runs = int(sys.argv[4])
    n, k = zs.shape
    b = (0.01 * (np.arange(k) % 7)).astype(np.float32)
    rows = np.arange(n)
    times = []
    loss = 0.0
    for _ in range(runs):
        t0 = time.perf_counter()
        v = zs + b
        m = v.max(axis=1, keepdims=True)
        e = np.exp(v - m)
        s = e.sum(axis=1, keepdims=True)
        pbar = (e / s).mean(axis=0, dtype=np.float64)
        loss = float(np.mean(m[:, 0] + np.log(s[:, 0]) - v[rows, labels], dtype=np.float64))
        times.append(time.perf_counter() - t0)
    prior = float(np.median(times))
    combos = [(1, 0, 0, 0), (0, 1, 0, 0), (1, 0, 1, 0), (0.5, 0.5, 0, 0), (1, 1, 1, 1)]
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        for wa, wb, sa, sb in combos:
            v = np.float32(wa) * zs + np.float32(sa) * b + np.float32(wb) * ft + np.float32(sb) * b
            pred = v.argmax(axis=1)
            m = v[rows, pred]
            conf = 1.0 / np.exp(v - m[:, None]).sum(axis=1)
        times.append(time.perf_counter() - t0)
    evaluate = float(np.median(times))
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        finite = bool(np.isfinite(zs).all())
        largest = float(np.abs(zs).max())
        spread = float((zs.max(axis=1) - zs.min(axis=1)).max())
        times.append(time.perf_counter() - t0)
    checks = float(np.median(times))
    assert pbar.shape == (k,) and conf.shape == (n,) and finite and largest >= 0 and spread >= 0
    print(json.dumps({"prior": prior, "evaluate": evaluate, "checks": checks, "loss": loss}))


if __name__ == "__main__":
    main()
