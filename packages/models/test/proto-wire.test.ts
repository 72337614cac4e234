import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { chunksOf, lengthDelimited, spliceMessage, wireFields } from '../src/proto-wire.js';

const message = protobuf.Writer.create()
  .uint32((1 << 3) | 0)
  .uint32(300) // field 1 varint
  .uint32((2 << 3) | 2)
  .string('abc') // field 2 bytes
  .uint32((3 << 3) | 5)
  .fixed32(7) // field 3 fixed32
  .finish();

describe('wire-format walking and splicing', () => {
  it('lists fields with their byte ranges', () => {
    const fields = wireFields(message);
    expect(fields.map((f) => [f.field, f.wireType, f.start, f.valueStart, f.end])).toEqual([
      [1, 0, 0, 1, 3],
      [2, 2, 3, 5, 8],
      [3, 5, 8, 9, 13],
    ]);
    expect(Buffer.from(message.subarray(fields[1].valueStart, fields[1].end)).toString()).toBe('abc');
  });

  it('replaces, drops and appends fields while copying the rest byte for byte', () => {
    const spliced = spliceMessage(
      message,
      (f) =>
        f.field === 2
          ? lengthDelimited(2, chunksOf(Buffer.from('xyz!')))
          : f.field === 3
            ? { chunks: [], length: 0 }
            : undefined,
      [lengthDelimited(9, chunksOf(Buffer.from('tail')))],
    );
    const bytes = Buffer.concat(spliced.chunks);
    expect(bytes.length).toBe(spliced.length);
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from(message.subarray(0, 3)));
    expect(
      wireFields(bytes).map((f) => [f.field, Buffer.from(bytes.subarray(f.valueStart, f.end)).toString('latin1')]),
    ).toEqual([
      [1, Buffer.from(message.subarray(1, 3)).toString('latin1')],
      [2, 'xyz!'],
      [9, 'tail'],
    ]);
  });

  it('rejects truncated messages and field number 0', () => {
    expect(() => wireFields(message.subarray(0, 6))).toThrow(RangeError);
    expect(() => wireFields(new Uint8Array([0x02, 0x00]))).toThrow(/field number 0/);
  });
});
