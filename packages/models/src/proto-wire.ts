import protobuf from 'protobufjs';

/**
 * Protocol-buffer wire-format walking and splicing. Merging rewrites only the data of
 * initializers; everything else is copied byte for byte from the first model, which keeps
 * fields this package's schema does not know and avoids re-encoding hundreds of megabytes.
 */

/** One field occurrence of a message: `[start, end)` spans tag and value; payload is `[valueStart, end)`. */
export interface WireField {
  readonly field: number;
  readonly wireType: number;
  readonly start: number;
  readonly valueStart: number;
  readonly end: number;
}

/** Wire type of length-delimited fields (messages, bytes, strings, packed repeated). */
export const LENGTH_DELIMITED = 2;

/**
 * Lists the top-level fields of the message in `bytes[start, end)`, in file order.
 * @throws RangeError (from protobufjs) when the bytes are not a well-formed message.
 */
export function wireFields(bytes: Uint8Array, start = 0, end = bytes.length): WireField[] {
  const reader = protobuf.Reader.create(bytes.subarray(0, end));
  reader.pos = start;
  const fields: WireField[] = [];
  while (reader.pos < end) {
    const fieldStart = reader.pos;
    const tag = reader.uint32();
    const field = tag >>> 3;
    const wireType = tag & 7;
    if (field === 0) throw new RangeError(`invalid field number 0 at byte ${fieldStart}`);
    let valueStart = reader.pos;
    if (wireType === LENGTH_DELIMITED) {
      const length = reader.uint32();
      valueStart = reader.pos;
      if (valueStart + length > end) throw new RangeError(`field ${field} at byte ${fieldStart} runs past its message`);
      reader.pos = valueStart + length;
    } else {
      reader.skipType(wireType);
    }
    fields.push({ field, wireType, start: fieldStart, valueStart, end: reader.pos });
  }
  if (reader.pos !== end) throw new RangeError(`message ends inside a field at byte ${reader.pos}`);
  return fields;
}

/** A byte sequence kept as pieces, so that large outputs are never concatenated in memory. */
export interface ByteChunks {
  readonly chunks: Uint8Array[];
  readonly length: number;
}

/** Wraps a single buffer as {@link ByteChunks}. */
export function chunksOf(bytes: Uint8Array): ByteChunks {
  return { chunks: [bytes], length: bytes.length };
}

/** Tag and length prefix of a length-delimited field. */
function lengthPrefix(field: number, length: number): Uint8Array {
  return protobuf.Writer.create()
    .uint32((field << 3) | LENGTH_DELIMITED)
    .uint32(length)
    .finish();
}

/** A length-delimited field whose payload is `content`. */
export function lengthDelimited(field: number, content: ByteChunks): ByteChunks {
  const prefix = lengthPrefix(field, content.length);
  return { chunks: [prefix, ...content.chunks], length: prefix.length + content.length };
}

/** Concatenates chunk lists (no copying of the pieces). */
export function joinChunks(parts: readonly ByteChunks[]): ByteChunks {
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (const part of parts) {
    chunks.push(...part.chunks);
    length += part.length;
  }
  return { chunks, length };
}

/**
 * Rebuilds the message in `bytes[start, end)` field by field: `replace` returns the new bytes
 * for a field (an empty list drops it) or undefined to keep the original bytes unchanged.
 * `extra` is appended after the last field.
 */
export function spliceMessage(
  bytes: Uint8Array,
  replace: (field: WireField, index: number) => ByteChunks | undefined,
  extra: readonly ByteChunks[] = [],
  start = 0,
  end = bytes.length,
): ByteChunks {
  const parts: ByteChunks[] = [];
  wireFields(bytes, start, end).forEach((field, index) => {
    parts.push(replace(field, index) ?? chunksOf(bytes.subarray(field.start, field.end)));
  });
  return joinChunks([...parts, ...extra]);
}
