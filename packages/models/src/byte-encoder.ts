/**
 * The reversible byte -> character table of byte-level BPE (as in GPT-2 and CLIP): printable
 * Latin-1 bytes stand for themselves, every other byte is shifted to U+0100 and above, so BPE can
 * work on strings that contain no whitespace or control characters.
 */

/** True for the bytes that keep their own character: '!'..'~', '¡'..'¬', '®'..'ÿ'. */
function isPrintable(byte: number): boolean {
  return (byte >= 0x21 && byte <= 0x7e) || (byte >= 0xa1 && byte <= 0xac) || (byte >= 0xae && byte <= 0xff);
}

/**
 * Characters for the 256 byte values, indexed by byte, plus `order`: the bytes in vocabulary
 * order (printable bytes first, then the shifted ones), which fixes the first 256 token ids.
 */
export function byteEncoder(): { chars: string[]; order: number[] } {
  const chars = new Array<string>(256);
  const order: number[] = [];
  for (let b = 0; b < 256; b++) {
    if (isPrintable(b)) {
      chars[b] = String.fromCharCode(b);
      order.push(b);
    }
  }
  let shifted = 0;
  for (let b = 0; b < 256; b++) {
    if (!isPrintable(b)) {
      chars[b] = String.fromCharCode(256 + shifted++);
      order.push(b);
    }
  }
  return { chars, order };
}
