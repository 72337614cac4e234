import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { byteEncoder } from '../src/byte-encoder.js';
import { ClipTokenizer } from '../src/clip-tokenizer.js';
import { loadClipVocabulary } from '../src/clip-vocabulary.js';
import { sharedFile } from './helpers/shared-dir.js';
import { tempDir } from './helpers/temp-dir.js';
import { TOY_MERGES, toyTokenizer } from './helpers/tiny-tokenizer.js';

const vectorsPath = sharedFile('reference/clip-tokenizer/test-vectors.json');
const vocabPath = sharedFile('reference/clip-tokenizer/bpe_simple_vocab_16e6.txt.gz');
const present = vectorsPath !== undefined && vocabPath !== undefined;
if (!present)
  console.warn('skipping CLIP tokenizer vectors: shared reference/clip-tokenizer not found (set GLA_SHARED)');

interface Vectors {
  context_length: number;
  cases: { text: string; ids: number[] }[];
}

describe.skipIf(!present)('ClipTokenizer on the reference vectors', () => {
  let tokenizer: ClipTokenizer;
  let vectors: Vectors;
  beforeAll(async () => {
    tokenizer = await ClipTokenizer.fromFile(vocabPath!);
    vectors = JSON.parse(readFileSync(vectorsPath!, 'utf8')) as Vectors;
  });

  it('reproduces every test vector exactly', () => {
    expect(vectors.cases.length).toBeGreaterThan(0);
    for (const { text, ids } of vectors.cases) {
      expect({ text, ids: tokenizer.encodeWithSpecials(text) }).toEqual({ text, ids });
    }
  });

  const templatesPath = sharedFile('reference/imagenet-templates.json');
  it.skipIf(!templatesPath)('tokenizes all 80 ImageNet templates for a class name and keeps 49406 ... 49407', () => {
    const { templates } = JSON.parse(readFileSync(templatesPath!, 'utf8')) as { templates: string[] };
    expect(templates).toHaveLength(80);
    const batch = tokenizer.tokenize(templates.map((t) => t.replace('{}', 'goldfish')));
    for (let r = 0; r < batch.rows; r++) {
      const row = Array.from(batch.data.subarray(r * 77, (r + 1) * 77), Number);
      expect(row[0]).toBe(49406);
      expect(row).toContain(40293); // "goldfish</w>", as in the reference vector
      expect(row[row.indexOf(49407) + 1] ?? 0).toBe(0);
    }
  });

  it('pads every vector with zeros to the context length as int64', () => {
    const texts = vectors.cases.map((c) => c.text);
    const batch = tokenizer.tokenize(texts);
    expect(batch.dtype).toBe('int64');
    expect([batch.rows, batch.cols]).toEqual([texts.length, vectors.context_length]);
    vectors.cases.forEach(({ ids }, row) => {
      const expected = [...ids, ...new Array(vectors.context_length - ids.length).fill(0)].map(BigInt);
      expect([...batch.data.subarray(row * batch.cols, (row + 1) * batch.cols)]).toEqual(expected);
    });
  });
});

describe('ClipTokenizer mechanics on a toy vocabulary', () => {
  const tokenizer = toyTokenizer();
  const byteId = (ch: string) => byteEncoder().order.indexOf(ch.charCodeAt(0));
  const mergeId = (k: number) => 512 + k;

  it('applies merges by rank and marks word ends with </w>', () => {
    // hello: h e -> he, l l -> ll, he ll -> hell, hell o</w> -> hello</w> (merge 3).
    expect(tokenizer.encode('hello')).toEqual([mergeId(3)]);
    // "cat" merges fully; "ct" has no merges: c, then t</w> (byte id + 256).
    expect(tokenizer.encode('cat ct')).toEqual([mergeId(5), byteId('c'), byteId('t') + 256]);
    // Lower-casing and whitespace collapsing happen before BPE.
    expect(tokenizer.encode('  HeLLo\n\tCAT ')).toEqual(tokenizer.encode('hello cat'));
  });

  it("splits with CLIP's pattern: contractions, single digits, punctuation runs", () => {
    const pieces = (text: string) => tokenizer.encode(text).length;
    expect(pieces("it's")).toBe(pieces('it') + pieces("'s"));
    expect(pieces('1969')).toBe(4);
    expect(tokenizer.encode('?!')).toEqual([byteId('?'), byteId('!') + 256]);
  });

  it("uses the vocabulary's special ids and maps special tokens written in the text", () => {
    expect(tokenizer.startId).toBe(512 + TOY_MERGES.length);
    expect(tokenizer.endId).toBe(513 + TOY_MERGES.length);
    expect(tokenizer.encode('cat<|endoftext|>')).toEqual([mergeId(5), tokenizer.endId]);
  });

  it('pads with zeros, truncates keeping the end token last, and follows the requested dtype', () => {
    const long = 'cat '.repeat(100);
    const batch = tokenizer.tokenize(['cat', long], { dtype: 'int32', contextLength: 8 });
    expect(batch.data).toBeInstanceOf(Int32Array);
    expect(Array.from(batch.data as Int32Array)).toEqual([
      tokenizer.startId,
      mergeId(5),
      tokenizer.endId,
      0,
      0,
      0,
      0,
      0,
      tokenizer.startId,
      ...new Array(6).fill(mergeId(5)),
      tokenizer.endId,
    ]);
    expect(() => tokenizer.tokenize([long], { truncate: false })).toThrow(
      /has 102 tokens, more than the context length 77/,
    );
    const wide = tokenizer.tokenize(['hello']);
    expect(wide.data).toBeInstanceOf(BigInt64Array);
    expect(wide.cols).toBe(77);
  });

  it('gives the same ids from its word cache as on first sight', () => {
    const first = tokenizer.encode('hello photo of dog');
    expect(tokenizer.encode('hello photo of dog')).toEqual(first);
    expect(toyTokenizer().encode('hello photo of dog')).toEqual(first);
  });
});

describe('loadClipVocabulary errors', () => {
  it('names the file when it is missing, not gzip, or too short', async () => {
    const dir = await tempDir();
    await expect(loadClipVocabulary(join(dir, 'none.gz'))).rejects.toMatchObject({ code: 'FILE_MISSING' });
    await writeFile(join(dir, 'plain.txt.gz'), 'h e\n');
    await expect(loadClipVocabulary(join(dir, 'plain.txt.gz'))).rejects.toThrow(/plain\.txt\.gz: not a gzip file/);
    await writeFile(join(dir, 'short.txt.gz'), gzipSync('#version\nh e\n'));
    await expect(loadClipVocabulary(join(dir, 'short.txt.gz'))).rejects.toThrow(
      /short\.txt\.gz: has 2 merge lines, CLIP needs 48894/,
    );
  });
});
