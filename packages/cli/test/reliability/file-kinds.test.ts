import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, readFileSync, symlinkSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { reliabilityCase } from './reliability-case.js';
import { tempDir } from './helpers/temp-dirs.js';
import { headerDict, npyWithHeader, writeBytes, writeNpy } from './helpers/npy-bytes.js';
import { expectCleanFailure, runGla } from './helpers/run-gla.js';

// Paths that are not plain readable files, and outputs that are inputs; every command reads them in-process.
const dir = tempDir();
const k = 3;
const labels = writeNpy(dir, 'y.npy', new Int32Array([0, 1, 2, 0, 1, 2]), [6]);
const logits = writeNpy(
  dir,
  'zs.npy',
  Float32Array.from({ length: 18 }, (_, i) => Math.sin(i)),
  [6, k],
);
const prior = writeBytes(dir, 'prior.json', JSON.stringify([0.5, 0.3, 0.2]));
const out = join(dir, 'out.json');
const estimate = (z: string, y = labels, o = out) =>
  runGla(['estimate-prior', '--logits', z, '--labels', y, '--out', o]);
const evaluate = (q: string, o = out) =>
  runGla(['evaluate', '--labels', labels, '--zero-shot', logits, '--fine-tuned', logits, '--prior', q, '--out', o]);
const fifo = (name: string) => {
  const path = join(dir, name);
  execFileSync('mkfifo', [path]);
  return path;
};

let savedTimeout: string | undefined;
beforeAll(() => {
  savedTimeout = process.env.GLA_READ_TIMEOUT_MS;
  process.env.GLA_READ_TIMEOUT_MS = '300'; // a FIFO with no writer is given up after 0.3 s, not 5 s
});
afterAll(() => {
  if (savedTimeout === undefined) delete process.env.GLA_READ_TIMEOUT_MS;
  else process.env.GLA_READ_TIMEOUT_MS = savedTimeout;
});

describe('file kinds', () => {
  reliabilityCase('files.fifo-no-writer', async () => {
    const noWriter = /: a FIFO with no writer \(nothing to read after 0\.3 s\)$/;
    const z = fifo('logits-fifo.npy');
    expectCleanFailure(await estimate(z), z, noWriter, [out]);
    const q = fifo('prior-fifo.json');
    expectCleanFailure(await evaluate(q), q, noWriter, [out]);
  });

  reliabilityCase(
    'files.fifo-with-writer',
    async () => {
      const reference = join(dir, 'from-file.json');
      expect((await estimate(logits, labels, reference)).code).toBe(0);
      const z = fifo('fed-fifo.npy');
      // The writer opens the FIFO on its own schedule, as `<(cat z.npy)` does; the reader waits for it (up to 5 s
      // here: a loaded machine may take a while to start the shell).
      process.env.GLA_READ_TIMEOUT_MS = '5000';
      const writer = spawn('sh', ['-c', `cat "${logits}" > "${z}"`], { stdio: 'ignore' });
      const closed = new Promise((resolve) => writer.on('close', resolve));
      const fromFifo = join(dir, 'from-fifo.json');
      try {
        const result = await estimate(z, labels, fromFifo);
        expect(result.code, result.lines.join('\n')).toBe(0);
      } finally {
        process.env.GLA_READ_TIMEOUT_MS = '300';
        writer.kill('SIGKILL'); // if the reader failed, the writer would wait for one forever
        await closed;
      }
      const strip = (file: string) => {
        const json = JSON.parse(readFileSync(file, 'utf8'));
        delete json.inputs; // names the input path, which differs
        delete json.estimationSet.logits; // so does the estimation set's record (absolute path)
        return json;
      };
      expect(strip(fromFifo)).toEqual(strip(reference));

      // A slow producer: it opens the pipe at once (a connected writer) and writes after the no-writer timeout.
      const slowPipe = fifo('slow-fifo.npy');
      process.env.GLA_READ_TIMEOUT_MS = '2000';
      const slow = spawn('sh', ['-c', `exec 3>"${slowPipe}"; sleep 2.5; cat "${logits}" >&3`], { stdio: 'ignore' });
      const slowClosed = new Promise((resolve) => slow.on('close', resolve));
      const fromSlow = join(dir, 'from-slow-fifo.json');
      try {
        const result = await estimate(slowPipe, labels, fromSlow);
        expect(result.code, result.lines.join('\n')).toBe(0);
      } finally {
        process.env.GLA_READ_TIMEOUT_MS = '300';
        slow.kill('SIGKILL');
        await slowClosed;
      }
      expect(strip(fromSlow)).toEqual(strip(reference));
    },
    { timeout: 20_000 },
  );

  reliabilityCase('files.char-device', async () => {
    expectCleanFailure(await estimate('/dev/zero'), '/dev/zero', /: not a regular file \(character device\)$/, [out]);
  });

  reliabilityCase('files.symlink-loop', async () => {
    const a = join(dir, 'loop-a.npy');
    const b = join(dir, 'loop-b.npy');
    symlinkSync(b, a);
    symlinkSync(a, b);
    expectCleanFailure(await estimate(logits, a), a, /: cannot read \(ELOOP: symbolic link loop\)$/, [out]);
  });

  reliabilityCase(
    'files.unreadable',
    async () => {
      const locked = writeNpy(dir, 'locked.npy', new Float32Array(18), [6, k]);
      chmodSync(locked, 0o000);
      try {
        expectCleanFailure(await estimate(locked), locked, /: cannot read \(EACCES\)$/, [out]);
      } finally {
        chmodSync(locked, 0o644);
      }
    },
    { skip: process.getuid?.() === 0 ? 'running as root, which reads a mode-000 file anyway' : undefined },
  );

  reliabilityCase('files.over-2gib', async () => {
    // A sparse file: 2 GiB + 1 byte long, no disk used; a valid header, so only its size is wrong.
    const huge = writeBytes(dir, 'huge.npy', npyWithHeader(headerDict('<f4', [6, k])));
    truncateSync(huge, 2 ** 31 + 1);
    const started = Date.now();
    expectCleanFailure(
      await estimate(huge),
      huge,
      /: 2\.00 GiB, over the 2 GiB limit of whole-file reads \(2147483647 bytes\); split the file/,
      [out],
    );
    expect(Date.now() - started, 'refused from its size, without reading it').toBeLessThan(5000);
  });

  reliabilityCase('files.bool-prior', async () => {
    const bool = writeBytes(dir, 'bool-prior.npy', npyWithHeader(headerDict('|b1', [3]), new Uint8Array([1, 1, 1])));
    expectCleanFailure(await evaluate(bool), bool, /: a \.npy prior must be float32 or float64, got \|b1$/, [out]);
    const int = writeNpy(dir, 'int-prior.npy', new Int32Array([1, 1, 1]), [3]);
    expectCleanFailure(await evaluate(int), int, /: a \.npy prior must be float32 or float64, got <i4$/, [out]);
  });

  reliabilityCase('files.out-is-input', async () => {
    const before = { logits: readFileSync(logits), prior: readFileSync(prior) };
    expectCleanFailure(
      await estimate(logits, labels, logits),
      logits,
      /: --out is the --logits input; it would be overwritten/,
    );
    expectCleanFailure(await evaluate(prior, prior), prior, /: --out is the --prior input; it would be overwritten/);
    const link = join(dir, 'prior-link.json');
    symlinkSync(prior, link);
    expectCleanFailure(await evaluate(prior, link), link, /: --out is the --prior input/);
    expect(readFileSync(logits).equals(before.logits)).toBe(true);
    expect(readFileSync(prior).equals(before.prior)).toBe(true);
  });

  reliabilityCase('files.model-commands', async () => {
    const model = writeBytes(dir, 'tower.onnx', 'not really a model, never read');
    const before = readFileSync(model);
    expectCleanFailure(
      await runGla(['merge', '--zero-shot', model, '--fine-tuned', logits, '--out', model]),
      model,
      /: --out is the --zero-shot input; it would be overwritten/,
    );
    expect(readFileSync(model).equals(before)).toBe(true);
    const head = (classnames: string, o: string) =>
      runGla([
        'zeroshot-head',
        '--model',
        join(dir, 'model.json'),
        '--classnames',
        classnames,
        '--templates',
        prior,
        '--out',
        o,
      ]);
    const names = writeBytes(dir, 'classnames.json', '["cat", "dog", "bird"]');
    expectCleanFailure(await head(names, names), names, /: --out is the --classnames input; it would be overwritten/);
    const headOut = join(dir, 'head.npy');
    expectCleanFailure(await head(dir, headOut), dir, /: is a folder, not a file$/, [headOut]);
    const pipe = fifo('classnames-fifo.json');
    expectCleanFailure(await head(pipe, headOut), pipe, /: a FIFO with no writer/, [headOut]);
  });

  reliabilityCase('files.output-folder-is-file', async () => {
    const problem = /: cannot write \(ENOTDIR: .*prior\.json is a file, not a folder\)$/;
    expectCleanFailure(await runGla(['report', dir, '--out', prior]), prior, problem);
    const under = join(prior, 'report');
    expectCleanFailure(await runGla(['report', dir, '--out', under]), under, problem);
    expectCleanFailure(await runGla(['merge-cache', dir, '--out', prior]), prior, problem);
  });
});
