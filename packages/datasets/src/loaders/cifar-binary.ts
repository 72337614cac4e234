import { open, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { messages } from '../messages.js';
import { ImageError } from '../preprocess/image-error.js';
import type { RawImage } from '../preprocess/raw-image.js';
import { DatasetError } from './dataset-error.js';
import type { DatasetSplit } from './dataset-split.js';

/** Bytes of one CIFAR image: 32 x 32 pixels, stored as a 1024-byte red plane, then green, then blue. */
export const CIFAR_IMAGE_BYTES = 3072;
const SIDE = 32;
const PLANE = SIDE * SIDE;

/** One CIFAR image inside a binary batch file: pixels are read on demand with {@link readCifarImage}. */
export interface CifarSample {
  /** Absolute path of the batch file. */
  readonly file: string;
  /** Byte offset of the image's 3072 pixel bytes in `file` (just after its label bytes). */
  readonly offset: number;
  readonly label: number;
  /** CIFAR-100 only: the coarse (superclass) label when `label` is the fine one, and vice versa. */
  readonly otherLabel?: number;
}

interface RecordLayout {
  /** Label bytes before the pixels: 1 (CIFAR-10) or 2 (CIFAR-100: coarse, fine). */
  readonly labelBytes: number;
  /** Which label byte is the sample's label. */
  readonly labelAt: number;
  readonly classes: number;
}

// Records are read in chunks so a 150 MB batch never sits in memory; only label bytes are kept.
const CHUNK_RECORDS = 1024;

async function readRecords(file: string, layout: RecordLayout): Promise<CifarSample[]> {
  const record = layout.labelBytes + CIFAR_IMAGE_BYTES;
  const size = await stat(file).then(
    (s) => s.size,
    () => {
      throw new DatasetError(file, messages.fileMissing(file));
    },
  );
  if (size === 0 || size % record !== 0) throw new DatasetError(file, messages.cifarFileSize(file, size, record));
  const count = size / record;
  const samples: CifarSample[] = [];
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(CHUNK_RECORDS * record);
    for (let first = 0; first < count; first += CHUNK_RECORDS) {
      const n = Math.min(CHUNK_RECORDS, count - first);
      const { bytesRead } = await handle.read(buffer, 0, n * record, first * record);
      if (bytesRead !== n * record) throw new DatasetError(file, messages.cifarShortRead(file, first * record));
      for (let r = 0; r < n; r++) {
        const at = r * record;
        const label = buffer[at + layout.labelAt];
        if (label >= layout.classes) {
          throw new DatasetError(file, messages.cifarLabel(file, first + r, label, layout.classes));
        }
        const other = layout.labelBytes === 2 ? buffer[at + 1 - layout.labelAt] : undefined;
        const offset = (first + r) * record + layout.labelBytes;
        samples.push(other === undefined ? { file, offset, label } : { file, offset, label, otherLabel: other });
      }
    }
  } finally {
    await handle.close();
  }
  return samples;
}

async function readNames(file: string, expected: number): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch(() => {
    throw new DatasetError(file, messages.fileMissing(file));
  });
  const names = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  if (names.length !== expected)
    throw new DatasetError(file, messages.classCountMismatch(file, expected, names.length));
  return names;
}

/**
 * Reads CIFAR-10's binary release (`cifar-10-batches-bin/`): `data_batch_1.bin` .. `data_batch_5.bin` for
 * train, `test_batch.bin` for test; each record is 1 label byte + 3072 pixel bytes. Only labels are read.
 * @param dir folder holding the batch files and `batches.meta.txt` (class names, one a line)
 * @param split 'train' (50,000 records in the release) or 'test' (10,000)
 * @param classNames overrides the names in `batches.meta.txt` (10 names)
 * @throws DatasetError on a missing file, a size that is not a whole number of records, or a label >= 10
 */
export async function loadCifar10Binary(
  dir: string,
  split: 'train' | 'test',
  classNames?: readonly string[],
): Promise<DatasetSplit<CifarSample>> {
  const root = resolve(dir);
  const files = split === 'train' ? [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`) : ['test_batch.bin'];
  const layout = { labelBytes: 1, labelAt: 0, classes: 10 };
  const samples: CifarSample[] = [];
  for (const f of files) samples.push(...(await readRecords(join(root, f), layout)));
  const names = classNames ?? (await readNames(join(root, 'batches.meta.txt'), 10));
  if (names.length !== 10) throw new DatasetError(root, messages.classCountMismatch(root, 10, names.length));
  return { name: `cifar10/${split}`, classNames: names, samples };
}

/**
 * Reads CIFAR-100's binary release (`cifar-100-binary/`): `train.bin` / `test.bin`, each record 1 coarse
 * label byte + 1 fine label byte + 3072 pixel bytes. Only labels are read.
 * @param dir folder holding the files and `fine_label_names.txt` / `coarse_label_names.txt`
 * @param split 'train' (50,000 records) or 'test' (10,000)
 * @param labels which label becomes `label`: 'fine' (100 classes, default) or 'coarse' (20); the other is
 *   kept in `otherLabel`
 * @param classNames overrides the names file (100 or 20 names)
 * @throws DatasetError on a missing file, a size that is not a whole number of records, or a label out of range
 */
export async function loadCifar100Binary(
  dir: string,
  split: 'train' | 'test',
  labels: 'fine' | 'coarse' = 'fine',
  classNames?: readonly string[],
): Promise<DatasetSplit<CifarSample>> {
  const root = resolve(dir);
  const classes = labels === 'fine' ? 100 : 20;
  const layout = { labelBytes: 2, labelAt: labels === 'fine' ? 1 : 0, classes };
  const samples = await readRecords(join(root, `${split}.bin`), layout);
  const names = classNames ?? (await readNames(join(root, `${labels}_label_names.txt`), classes));
  if (names.length !== classes) throw new DatasetError(root, messages.classCountMismatch(root, classes, names.length));
  return { name: `cifar100/${split}`, classNames: names, samples };
}

/**
 * Reads one CIFAR image's pixels (planar in the file) as a 32 x 32 interleaved RGB image.
 * @param sample a sample from {@link loadCifar10Binary} or {@link loadCifar100Binary}
 * @throws ImageError ('missing' or 'corrupt') naming `file#offset`
 */
export async function readCifarImage(sample: CifarSample): Promise<RawImage> {
  const name = `${sample.file}#${sample.offset}`;
  const handle = await open(sample.file, 'r').catch(() => {
    throw new ImageError(name, 'missing', messages.imageMissing(name));
  });
  const planes = Buffer.alloc(CIFAR_IMAGE_BYTES);
  try {
    const { bytesRead } = await handle.read(planes, 0, CIFAR_IMAGE_BYTES, sample.offset);
    if (bytesRead !== CIFAR_IMAGE_BYTES)
      throw new ImageError(name, 'corrupt', messages.cifarShortRead(sample.file, sample.offset));
  } finally {
    await handle.close();
  }
  const data = new Uint8Array(CIFAR_IMAGE_BYTES);
  for (let i = 0; i < PLANE; i++) {
    data[i * 3] = planes[i];
    data[i * 3 + 1] = planes[PLANE + i];
    data[i * 3 + 2] = planes[2 * PLANE + i];
  }
  return { data, width: SIDE, height: SIDE, mode: 'RGB' };
}
