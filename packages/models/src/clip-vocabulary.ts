import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { byteEncoder } from './byte-encoder.js';
import { messages } from './messages.js';
import { ModelError } from './model-error.js';

/** Number of merges CLIP keeps from `bpe_simple_vocab_16e6.txt.gz` (49152 - 256 - 2). */
export const CLIP_MERGE_COUNT = 48894;
/** Id of `<|startoftext|>` in CLIP's vocabulary. */
export const START_OF_TEXT = 49406;
/** Id of `<|endoftext|>` in CLIP's vocabulary. */
export const END_OF_TEXT = 49407;

/** Token table and merge ranks of CLIP's byte-level BPE. */
export interface ClipVocabulary {
  /** Token string -> id (49408 entries for the standard file). */
  readonly encoder: ReadonlyMap<string, number>;
  /** `"left right"` -> merge priority (0 is merged first). */
  readonly ranks: ReadonlyMap<string, number>;
  /** Byte value -> its BPE character. */
  readonly byteChars: readonly string[];
}

/**
 * Builds the vocabulary from the text of a merges file (first line is a header). Ids follow
 * CLIP: 256 byte characters, the same with `</w>`, one id per merge, then the two specials.
 * @param mergeCount merges to use, default {@link CLIP_MERGE_COUNT}.
 */
export function clipVocabularyFromText(text: string, source: string, mergeCount = CLIP_MERGE_COUNT): ClipVocabulary {
  const lines = text.split('\n');
  if (lines.length - 1 < mergeCount) {
    throw new ModelError(messages.vocabTooShort(source, lines.length - 1, mergeCount), 'VOCAB_INVALID', source);
  }
  const { chars, order } = byteEncoder();
  const tokens: string[] = order.map((b) => chars[b]);
  for (const b of order) tokens.push(`${chars[b]}</w>`);
  const ranks = new Map<string, number>();
  for (let i = 0; i < mergeCount; i++) {
    const parts = lines[i + 1].split(' ');
    if (parts.length !== 2) {
      throw new ModelError(messages.vocabBadLine(source, i + 2, lines[i + 1]), 'VOCAB_INVALID', source);
    }
    ranks.set(`${parts[0]} ${parts[1]}`, i);
    tokens.push(parts[0] + parts[1]);
  }
  tokens.push('<|startoftext|>', '<|endoftext|>');
  const encoder = new Map<string, number>();
  tokens.forEach((token, id) => encoder.set(token, id));
  return { encoder, ranks, byteChars: chars };
}

/**
 * Reads CLIP's gzipped merges file (`bpe_simple_vocab_16e6.txt.gz`) and builds its vocabulary.
 * @throws ModelError naming the file when it is missing, not gzip, or too short.
 */
export async function loadClipVocabulary(path: string): Promise<ClipVocabulary> {
  let compressed: Buffer;
  try {
    compressed = await readFile(path);
  } catch {
    throw new ModelError(messages.fileMissing(path, 'CLIP BPE vocabulary'), 'FILE_MISSING', path);
  }
  let text: string;
  try {
    text = gunzipSync(compressed).toString('utf8');
  } catch {
    throw new ModelError(messages.vocabNotGzip(path), 'VOCAB_INVALID', path);
  }
  return clipVocabularyFromText(text, path);
}
