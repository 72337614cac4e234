import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDemo } from '../../src/index.js';

const repo = new URL('../../../', import.meta.url).pathname;
const reference = join(repo, 'results/demo');

process.env.GLA_NO_PROGRESS = '1';

/** Every file under `dir`, relative to it, sorted. */
function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(dir, join(prefix, e.name)) : [join(prefix, e.name)]))
    .sort();
}

// The committed results/demo is the reference output of `pnpm demo`: a fresh run (gla run on configs/demo/*.yaml
// with a fresh cache, then gla report) must write the same files with the same bytes. Rendered images (SVG, PNG)
// depend on the machine's fonts and are compared by name only; their data is in the .vl.json specs, compared.
describe.skipIf(!existsSync(join(reference, 'results.json')))('the committed demo output', () => {
  it('is exactly what `pnpm demo` computes now', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gla-ref-'));
    const run = await runDemo({ root: repo, out: join(dir, 'demo'), cacheDir: join(dir, 'cache') });
    const files = listFiles(reference);
    expect(listFiles(run.outDir)).toEqual(files);
    for (const f of files.filter((x) => !/\.(svg|png)$/.test(x)))
      expect([f, readFileSync(join(run.outDir, f), 'utf8')]).toEqual([f, readFileSync(join(reference, f), 'utf8')]);
  }, 600_000);
});
