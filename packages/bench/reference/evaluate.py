"""In-run NumPy reference of `gla bench` (section "cli"): the work of `gla evaluate` as a whole process, written
plainly with NumPy (float32 logits, as a NumPy user would run them): read the two logit files and the labels,
score five combinations (zero-shot, fine-tuned, debiased zero-shot, output ensemble, GLA: argmax and max-softmax
confidence) and compute top-1 and the 15-bin expected calibration error of each. The bench times the process.

    python3 evaluate.py zero-shot.npy fine-tuned.npy labels.npy

Prints one JSON line: {"top1": [...], "ece": [...]} (a check that the work was done).
"""
import json
import sys

import numpy as np


def main() -> None:
    zs = np.load(sys.argv[1])
    ft = np.load(sys.argv[2])
    labels = np.load(sys.argv[3])
    n, k = zs.shape
    # A pre-training prior's log (any fixed shift: the work is the same) and a uniform downstream prior.
    log_q = np.log((1.0 + np.arange(k) % 7) / (4.0 * k)).astype(np.float32)
    combos = [zs, ft, zs - log_q, np.float32(0.5) * zs + np.float32(0.5) * ft, (zs - log_q) + ft]
    top1, ece = [], []
    for v in combos:
        pred = v.argmax(axis=1)
        m = v[np.arange(n), pred]
        conf = 1.0 / np.exp(v - m[:, None]).sum(axis=1, dtype=np.float64)
        correct = pred == labels
        bins = np.clip(np.ceil(conf * 15).astype(np.int64) - 1, 0, 14)
        gap = np.bincount(bins, correct, 15) - np.bincount(bins, conf, 15)
        top1.append(float(correct.mean()))
        ece.append(float(np.abs(gap).sum() / n))
    print(json.dumps({"top1": top1, "ece": ece}))


if __name__ == "__main__":
    main()
