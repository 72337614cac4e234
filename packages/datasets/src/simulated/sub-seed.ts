/**
 * A seed for one named random stream of a simulated world: FNV-1a over the name's UTF-16 units, mixed with the
 * world seed. Every split draws from its own stream, so adding a split (or changing one split's size) never
 * changes the numbers of another.
 * @param seed the world seed (any integer; only its low 32 bits matter)
 * @param name the stream's name, e.g. 'split/test' or 'few-shot/k4/seed2/train'
 * @returns an unsigned 32-bit integer for `createRandom`
 */
export function subSeed(seed: number, name: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // One murmur3 finaliser round so that seeds differing in one bit give unrelated streams.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
