"""In-run Pillow reference of `gla bench` (section "features"): CLIP's image transform as the authors' code runs
it (PIL open, convert RGB, bicubic resize of the shorter side, centre crop, scale, normalise), one thread.

    python3 preprocess.py size runs image...

Prints one JSON line: {"images_per_second": median over runs, "pillow": version}.
"""
import json
import sys
import time

import numpy as np
from PIL import Image
import PIL

MEAN = np.array([0.48145466, 0.4578275, 0.40821073], dtype=np.float32)
STD = np.array([0.26862954, 0.26130258, 0.27577711], dtype=np.float32)


def preprocess(path: str, size: int) -> np.ndarray:
    image = Image.open(path).convert("RGB")
    w, h = image.size
    scale = size / min(w, h)
    resized = image.resize((max(size, int(w * scale)), max(size, int(h * scale))), Image.BICUBIC)
    left = int(round((resized.width - size) / 2.0))
    top = int(round((resized.height - size) / 2.0))
    crop = resized.crop((left, top, left + size, top + size))
    pixels = np.asarray(crop, dtype=np.float32) / 255.0
    return ((pixels - MEAN) / STD).transpose(2, 0, 1)


def main() -> None:
    size = int(sys.argv[1])
    runs = int(sys.argv[2])
    paths = sys.argv[3:]
    rates = []
    for _ in range(runs):
        t0 = time.perf_counter()
        for path in paths:
            preprocess(path, size)
        rates.append(len(paths) / (time.perf_counter() - t0))
    print(json.dumps({"images_per_second": float(np.median(rates)), "pillow": PIL.__version__}))


if __name__ == "__main__":
    main()
