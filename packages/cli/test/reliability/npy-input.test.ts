import { join } from 'node:path';
import { encodeNpy } from '@gla/core';
import { describe } from 'vitest';
import { reliabilityCase } from './reliability-case.js';
import { tempDir } from './helpers/temp-dirs.js';
import { headerDict, npyWithHeader, writeBytes, writeNpy } from './helpers/npy-bytes.js';
import { expectCleanFailure, runGla } from './helpers/run-gla.js';

// Every bad logits file goes through `gla estimate-prior` with good labels (4 samples, 3 classes), so the only
// problem is the file under test.
const dir = tempDir();
const labels = writeNpy(dir, 'labels.npy', new Int32Array([0, 1, 2, 0]), [4]);
const out = join(dir, 'prior.json');
const logits = Float32Array.from({ length: 12 }, (_, i) => Math.sin(i));
const goodBytes = encodeNpy(logits, [4, 3]);

async function expectRefused(
  name: string,
  bytes: Uint8Array | string,
  problem: RegExp,
  role: 'logits' | 'labels' = 'logits',
) {
  const file = writeBytes(dir, name, bytes);
  const args =
    role === 'logits'
      ? ['--logits', file, '--labels', labels]
      : ['--logits', writeBytes(dir, 'good.npy', goodBytes), '--labels', file];
  expectCleanFailure(await runGla(['estimate-prior', ...args, '--out', out]), file, problem, [out]);
}

const raw = (n: number) => new Uint8Array(n);

describe('.npy input', () => {
  reliabilityCase('npy.bad-magic', () =>
    expectRefused('zip.npy', 'PK\u0003\u0004 a zip archive, not NumPy', /not a \.npy file \(bad magic bytes\)/),
  );
  reliabilityCase('npy.truncated-header', () =>
    expectRefused('cut-header.npy', goodBytes.subarray(0, 40), /truncated \.npy header/),
  );
  reliabilityCase('npy.truncated-data', () =>
    expectRefused(
      'cut-data.npy',
      goodBytes.subarray(0, goodBytes.length - 5),
      /truncated data \(43 bytes for 12 values of 4 bytes\)/,
    ),
  );
  reliabilityCase('npy.trailing-bytes', () => {
    const longer = new Uint8Array(goodBytes.length + 8);
    longer.set(goodBytes);
    return expectRefused('trailing.npy', longer, /8 bytes after the data of shape \(4, 3\)/);
  });
  reliabilityCase('npy.unsupported-dtype', () =>
    expectRefused('complex.npy', npyWithHeader(headerDict('<c8', [4, 3]), raw(96)), /unsupported dtype '<c8'/),
  );
  reliabilityCase('npy.big-endian', () =>
    expectRefused(
      'big-endian.npy',
      npyWithHeader(headerDict('>f4', [4, 3]), raw(48)),
      /unsupported dtype '>f4' \(big-endian\)/,
    ),
  );
  reliabilityCase('npy.int8', () =>
    expectRefused(
      'int8.npy',
      npyWithHeader(headerDict('|i1', [4]), Uint8Array.from([0, 1, 255, 0])),
      /unsupported dtype '\|i1'/,
      'labels',
    ),
  );
  reliabilityCase('npy.integer-logits', () =>
    expectRefused(
      'int-logits.npy',
      encodeNpy(new Int32Array(12), [4, 3]),
      /logits must be float32 or float64, got <i4/,
    ),
  );
  reliabilityCase('npy.fortran-order', () =>
    expectRefused(
      'fortran.npy',
      npyWithHeader(headerDict('<f4', [4, 3], true), raw(48)),
      /Fortran-order array; save it with np\.ascontiguousarray/,
    ),
  );
  reliabilityCase('npy.three-d', () =>
    expectRefused(
      'cube.npy',
      encodeNpy(new Float32Array(12), [2, 2, 3]),
      /expected a 2-D logits array \(N x K\), got shape \(2, 2, 3\)/,
    ),
  );
  reliabilityCase('npy.object-array', () =>
    expectRefused(
      'object.npy',
      npyWithHeader(headerDict('|O', [4, 3]), raw(96)),
      /unsupported dtype '\|O' \(object array\)/,
    ),
  );
  reliabilityCase('npy.structured-array', () =>
    expectRefused(
      'structured.npy',
      npyWithHeader("{'descr': [('x', '<f4'), ('y', '<f4')], 'fortran_order': False, 'shape': (4,), }", raw(32)),
      /malformed \.npy header/,
    ),
  );
  reliabilityCase('npy.format-version', () =>
    expectRefused(
      'version4.npy',
      npyWithHeader(headerDict('<f4', [4, 3]), raw(48), 4),
      /unsupported \.npy format version 4/,
    ),
  );
  reliabilityCase('npy.nan', () =>
    expectRefused(
      'nan.npy',
      encodeNpy(
        Float32Array.from(logits, (v, i) => (i === 5 ? NaN : v)),
        [4, 3],
      ),
      /non-finite value NaN at row 1, column 2/,
    ),
  );
  reliabilityCase('npy.infinity', () =>
    expectRefused(
      'inf.npy',
      encodeNpy(
        Float64Array.from(logits, (v, i) => (i === 9 ? -Infinity : v)),
        [4, 3],
      ),
      /non-finite value -Infinity at row 3, column 0/,
    ),
  );
  reliabilityCase('npy.float16-overflow', () =>
    expectRefused(
      'half.npy',
      encodeNpy(
        Float32Array.from(logits, (v, i) => (i === 0 ? 70000 : v)),
        [4, 3],
        '<f2',
      ),
      /non-finite value Infinity at row 0, column 0/,
    ),
  );
  reliabilityCase('npy.empty-rows', () =>
    expectRefused('no-rows.npy', encodeNpy(new Float32Array(0), [0, 3]), /empty array/),
  );
  reliabilityCase('npy.empty-classes', () =>
    expectRefused('no-classes.npy', encodeNpy(new Float32Array(0), [4, 0]), /empty array/),
  );
  reliabilityCase('npy.empty-labels', () =>
    expectRefused('no-labels.npy', encodeNpy(new Int32Array(0), [0]), /empty array/, 'labels'),
  );
  reliabilityCase('npy.missing-file', () => {
    const file = join(dir, 'absent.npy');
    return runGla(['estimate-prior', '--logits', file, '--labels', labels, '--out', out]).then((r) =>
      expectCleanFailure(r, file, /file not found/, [out]),
    );
  });
  reliabilityCase('npy.folder-not-file', async () => {
    expectCleanFailure(
      await runGla(['estimate-prior', '--logits', dir, '--labels', labels, '--out', out]),
      dir,
      /: is a folder, not a file$/,
      [out],
    );
  });
});
