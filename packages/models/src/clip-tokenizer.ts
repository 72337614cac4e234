import { cleanClipText } from './clean-clip-text.js';
import { END_OF_TEXT, START_OF_TEXT, loadClipVocabulary, type ClipVocabulary } from './clip-vocabulary.js';
import { messages } from './messages.js';
import { ModelError } from './model-error.js';

/** Integer type of a text encoder's token input. */
export type TokenDtype = 'int32' | 'int64';

/** Token ids for a batch of texts: `rows` texts by `cols` (context length) positions, row-major. */
export interface TokenBatch {
  readonly dtype: TokenDtype;
  readonly rows: number;
  readonly cols: number;
  readonly data: Int32Array | BigInt64Array;
}

/** Options of {@link ClipTokenizer.tokenize}. */
export interface TokenizeOptions {
  /** Positions per row, default 77 (CLIP). */
  contextLength?: number;
  /** Element type, default 'int64' (what Hugging Face exports take). */
  dtype?: TokenDtype;
  /** Cut long texts, keeping the end token in the last position; default true. When false a long text throws. */
  truncate?: boolean;
}

// CLIP's pre-tokenisation pattern: specials, English contractions, letter runs, single digits,
// and runs of anything else that is not whitespace.
const PRE_TOKEN = /<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|\p{L}+|\p{N}|[^\s\p{L}\p{N}]+/giu;
// Word cache bound: prompt sets have a few thousand distinct words, so this only guards
// against unbounded growth on arbitrary text.
const CACHE_LIMIT = 200_000;

/**
 * CLIP's byte-level BPE tokenizer (the `simple_tokenizer` of openai/CLIP), reimplemented:
 * cleans the text, splits it with CLIP's pattern, maps UTF-8 bytes to BPE characters, applies
 * the merges by rank, and wraps the ids in start (49406) and end (49407) tokens.
 */
export class ClipTokenizer {
  private readonly cache = new Map<string, readonly number[]>();
  private readonly encoder = new TextEncoder();
  /** Id of `<|startoftext|>` (49406 in CLIP's vocabulary). */
  readonly startId: number;
  /** Id of `<|endoftext|>` (49407 in CLIP's vocabulary). */
  readonly endId: number;

  /** Wraps a loaded vocabulary; most callers use {@link ClipTokenizer.fromFile}. */
  constructor(private readonly vocab: ClipVocabulary) {
    this.startId = vocab.encoder.get('<|startoftext|>') ?? START_OF_TEXT;
    this.endId = vocab.encoder.get('<|endoftext|>') ?? END_OF_TEXT;
    // Special tokens written in the text map straight to their ids, as in CLIP.
    this.cache.set('<|startoftext|>', [this.startId]);
    this.cache.set('<|endoftext|>', [this.endId]);
  }

  /** Loads the gzipped merges file (`bpe_simple_vocab_16e6.txt.gz`) and returns a tokenizer. */
  static async fromFile(vocabPath: string): Promise<ClipTokenizer> {
    return new ClipTokenizer(await loadClipVocabulary(vocabPath));
  }

  /** Token ids of `text` without start/end tokens and without padding. */
  encode(text: string): number[] {
    const ids: number[] = [];
    for (const match of cleanClipText(text).matchAll(PRE_TOKEN)) {
      for (const id of this.wordIds(match[0])) ids.push(id);
    }
    return ids;
  }

  /** `[startId, ...encode(text), endId]` (CLIP: 49406 ... 49407). */
  encodeWithSpecials(text: string): number[] {
    return [this.startId, ...this.encode(text), this.endId];
  }

  /**
   * Tokenises a batch into a zero-padded `[texts.length, contextLength]` table.
   * Defaults: contextLength 77, dtype 'int64', truncate true (the end token stays last).
   * @throws ModelError when `truncate` is false and a text is longer than the context.
   */
  tokenize(texts: readonly string[], options: TokenizeOptions = {}): TokenBatch {
    const cols = options.contextLength ?? 77;
    const dtype = options.dtype ?? 'int64';
    const truncate = options.truncate ?? true;
    const data = dtype === 'int64' ? new BigInt64Array(texts.length * cols) : new Int32Array(texts.length * cols);
    texts.forEach((text, row) => {
      let ids = this.encodeWithSpecials(text);
      if (ids.length > cols) {
        if (!truncate) throw new ModelError(messages.textTooLong(text, ids.length, cols), 'TEXT_TOO_LONG');
        ids = ids.slice(0, cols);
        ids[cols - 1] = this.endId;
      }
      const offset = row * cols;
      if (data instanceof BigInt64Array) ids.forEach((id, j) => (data[offset + j] = BigInt(id)));
      else data.set(ids, offset);
    });
    return { dtype, rows: texts.length, cols, data };
  }

  private wordIds(word: string): readonly number[] {
    const cached = this.cache.get(word);
    if (cached) return cached;
    let chars = '';
    for (const byte of this.encoder.encode(word)) chars += this.vocab.byteChars[byte];
    const ids = this.bpe(chars).map((piece) => {
      const id = this.vocab.encoder.get(piece);
      if (id === undefined) throw new ModelError(messages.bpePieceUnknown(piece), 'VOCAB_INVALID');
      return id;
    });
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(word, ids);
    return ids;
  }

  /** Applies merges, lowest rank first, to the characters of one word (last gets `</w>`). */
  private bpe(chars: string): string[] {
    let word = [...chars];
    word[word.length - 1] += '</w>';
    const { ranks } = this.vocab;
    while (word.length > 1) {
      let best = Infinity;
      let bestPair = '';
      for (let i = 0; i + 1 < word.length; i++) {
        const pair = `${word[i]} ${word[i + 1]}`;
        const rank = ranks.get(pair);
        if (rank !== undefined && rank < best) {
          best = rank;
          bestPair = pair;
        }
      }
      if (best === Infinity) break;
      const [first, second] = bestPair.split(' ');
      const merged: string[] = [];
      for (let i = 0; i < word.length; i++) {
        if (i + 1 < word.length && word[i] === first && word[i + 1] === second) {
          merged.push(first + second);
          i++;
        } else {
          merged.push(word[i]);
        }
      }
      word = merged;
    }
    return word;
  }
}
