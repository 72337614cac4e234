import { ClipTokenizer } from '../../src/clip-tokenizer.js';
import { clipVocabularyFromText } from '../../src/clip-vocabulary.js';

/** Merges for a toy vocabulary (ranks in line order); enough to exercise BPE without CLIP's file. */
export const TOY_MERGES = [
  'h e',
  'l l',
  'he ll',
  'hell o</w>',
  'c a',
  'ca t</w>',
  'd o',
  'do g</w>',
  'o f</w>',
  'p h',
  'ph o',
  'pho t',
  'phot o</w>',
];

/** A tokenizer over a toy vocabulary: 512 byte tokens, the merges above, then the two specials. */
export function toyTokenizer(): ClipTokenizer {
  const text = ['#version: toy', ...TOY_MERGES, ''].join('\n');
  return new ClipTokenizer(clipVocabularyFromText(text, 'toy merges', TOY_MERGES.length));
}
