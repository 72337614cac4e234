import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import protobuf from 'protobufjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromFloat16Bits, toFloat16Bits } from '@gla/core';
import { mergeOnnxWeights } from '../src/merge-weights.js';
import { OnnxDataType, decodeOnnxModel, int64ToNumber } from '../src/onnx-model-proto.js';
import { wireFields } from '../src/proto-wire.js';
import { buildModel, floatTensor, int64Tensor, node, valueInfo } from './helpers/onnx-builder.js';
import { tempDir } from './helpers/temp-dir.js';
import {
  imageTowerOnnx,
  imageTowerReference,
  randomArray,
  seededRandom,
  textTowerOnnx,
  tinyTowers,
  type TinyTowers,
} from './helpers/tiny-clip.js';

const a = tinyTowers(101);
const b = tinyTowers(202);
const n = 3;
const pixels = randomArray(n * 3 * a.imageSize * a.imageSize, seededRandom(7));
let dir: string;

async function run(file: string): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(file);
  const result = await session.run({
    pixel_values: new ort.Tensor('float32', pixels, [n, 3, a.imageSize, a.imageSize]),
  });
  await session.release();
  return result.image_embeds.data as Float32Array;
}

async function save(name: string, bytes: Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

/** Float values of the first initializer of a model file (raw or typed storage). */
async function firstInitializer(path: string): Promise<number[]> {
  const tensor = decodeOnnxModel(await readFile(path)).graph!.initializer![0];
  if (tensor.dataType === OnnxDataType.FLOAT16) {
    const bits = tensor.int32Data?.length
      ? tensor.int32Data
      : Array.from(new Uint16Array(new Uint8Array(tensor.rawData!).buffer));
    return bits.map(fromFloat16Bits);
  }
  if (tensor.floatData?.length) return tensor.floatData;
  return Array.from(new Float32Array(new Uint8Array(tensor.rawData!).buffer));
}

function mix(x: TinyTowers, y: TinyTowers, alpha: number): Float32Array {
  return x.imageWeight.map((v, i) => (1 - alpha) * v + alpha * y.imageWeight[i]);
}

beforeAll(async () => {
  dir = await tempDir();
});

describe('mergeOnnxWeights on embedded float32 weights', () => {
  it('interpolates every float initializer with (1 - alpha) A + alpha B and runs', async () => {
    const first = await save('a.onnx', imageTowerOnnx(a).model);
    const second = await save('b.onnx', imageTowerOnnx(b).model);
    const output = join(dir, 'mixed.onnx');
    const report = await mergeOnnxWeights({ first, second, output, alpha: 0.3 });
    expect(report).toMatchObject({ output, interpolated: 1, copied: 0, externalData: undefined });
    const merged = await firstInitializer(output);
    expect(merged).toEqual(Array.from(a.imageWeight, (v, i) => Math.fround(0.7 * v + 0.3 * b.imageWeight[i])));
    const expected = imageTowerReference(a, pixels, n, mix(a, b, 0.3));
    (await run(output)).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 4));
  });

  it('reproduces A at alpha 0 and B at alpha 1 exactly', async () => {
    const first = join(dir, 'a.onnx');
    const second = join(dir, 'b.onnx');
    await mergeOnnxWeights({ first, second, output: join(dir, 'zero.onnx'), alpha: 0 });
    await mergeOnnxWeights({ first, second, output: join(dir, 'one.onnx'), alpha: 1 });
    expect(await run(join(dir, 'zero.onnx'))).toEqual(await run(first));
    expect(await run(join(dir, 'one.onnx'))).toEqual(await run(second));
    expect(await readFile(join(dir, 'zero.onnx'))).toEqual(await readFile(first));
  });

  it('keeps fields its schema does not know, byte for byte', async () => {
    const model = imageTowerOnnx(a).model;
    const unknown = (field: number, text: string) =>
      protobuf.Writer.create()
        .uint32((field << 3) | 2)
        .string(text)
        .finish();
    // Append unknown fields to the model, to its graph and to the initializer.
    const fields = wireFields(model);
    const graph = fields.find((f) => f.field === 7)!;
    const graphFields = wireFields(model, graph.valueStart, graph.end);
    const init = graphFields.find((f) => f.field === 5)!;
    const tensor = Buffer.concat([model.subarray(init.valueStart, init.end), unknown(99, 'tensor-extra')]);
    const tensorField = Buffer.concat([
      protobuf.Writer.create()
        .uint32((5 << 3) | 2)
        .uint32(tensor.length)
        .finish(),
      tensor,
    ]);
    const graphBody = Buffer.concat([
      model.subarray(graph.valueStart, init.start),
      tensorField,
      model.subarray(init.end, graph.end),
      unknown(98, 'graph-extra'),
    ]);
    const graphField = Buffer.concat([
      protobuf.Writer.create()
        .uint32((7 << 3) | 2)
        .uint32(graphBody.length)
        .finish(),
      graphBody,
    ]);
    const edited = Buffer.concat([
      model.subarray(0, graph.start),
      graphField,
      model.subarray(graph.end),
      unknown(97, 'model-extra'),
    ]);
    const first = await save('a-extra.onnx', edited);
    const second = await save('b-plain.onnx', imageTowerOnnx(b).model);
    const output = join(dir, 'extra-merged.onnx');
    await mergeOnnxWeights({ first, second, output, alpha: 0.5 });
    const text = (await readFile(output)).toString('latin1');
    for (const marker of ['tensor-extra', 'graph-extra', 'model-extra']) expect(text).toContain(marker);
    expect(await firstInitializer(output)).toEqual(Array.from(mix(a, b, 0.5), Math.fround));
  });
});

describe('mergeOnnxWeights on float16 weights in int32_data', () => {
  it('interpolates in float and rounds once to float16; alpha 0 and 1 are exact', async () => {
    const first = await save('ha.onnx', imageTowerOnnx(a, 'typed', true).model);
    const second = await save('hb.onnx', imageTowerOnnx(b, 'typed', true).model);
    const ha = await firstInitializer(first);
    const hb = await firstInitializer(second);
    await mergeOnnxWeights({ first, second, output: join(dir, 'h-mid.onnx'), alpha: 0.5 });
    expect(await firstInitializer(join(dir, 'h-mid.onnx'))).toEqual(
      ha.map((v, i) => fromFloat16Bits(toFloat16Bits(0.5 * v + 0.5 * hb[i]))),
    );
    await mergeOnnxWeights({ first, second, output: join(dir, 'h-zero.onnx'), alpha: 0 });
    await mergeOnnxWeights({ first, second, output: join(dir, 'h-one.onnx'), alpha: 1 });
    expect(await run(join(dir, 'h-zero.onnx'))).toEqual(await run(first));
    expect(await run(join(dir, 'h-one.onnx'))).toEqual(await run(second));
  });
});

describe('mergeOnnxWeights refusals', () => {
  it('refuses different graphs, shapes, non-float values and bad arguments, naming the problem', async () => {
    const first = join(dir, 'a.onnx');
    const text = await save('text.onnx', textTowerOnnx(b));
    await expect(
      mergeOnnxWeights({ first, second: text, output: join(dir, 'x.onnx'), alpha: 0.5 }),
    ).rejects.toMatchObject({
      code: 'MERGE_MISMATCH',
      message: expect.stringMatching(
        /text\.onnx: graph differs from .*a\.onnx: node count 2 vs 3; node 0 \(Flatten_flat\): op Flatten vs Gather/,
      ),
    });
    const bigger = await save('big.onnx', imageTowerOnnx(tinyTowers(3, 5)).model);
    await expect(mergeOnnxWeights({ first, second: bigger, output: join(dir, 'x.onnx'), alpha: 0.5 })).rejects.toThrow(
      /initializer "visual.proj": shape \[48,6\] vs \[75,6\]/,
    );
    const half = await save('half.onnx', imageTowerOnnx(b, 'raw', true).model);
    await expect(mergeOnnxWeights({ first, second: half, output: join(dir, 'x.onnx'), alpha: 0.5 })).rejects.toThrow(
      /node count 2 vs 3/,
    );

    const reshape = (target: number) =>
      buildModel({
        nodes: [node('Reshape', ['pixel_values', 'shape'], ['flat']), node('MatMul', ['flat', 'w'], ['image_embeds'])],
        initializers: [int64Tensor('shape', [2], [target, 48]), floatTensor('w', [48, 6], a.imageWeight).tensor],
        inputs: [valueInfo('pixel_values', OnnxDataType.FLOAT, ['batch', 3, 4, 4])],
        outputs: [valueInfo('image_embeds', OnnxDataType.FLOAT, ['batch', 6])],
      });
    const r1 = await save('r1.onnx', reshape(-1));
    const r2 = await save('r2.onnx', reshape(0));
    await expect(mergeOnnxWeights({ first: r1, second: r2, output: join(dir, 'x.onnx'), alpha: 0.5 })).rejects.toThrow(
      /non-float initializer "shape" differs/,
    );
    const same = await mergeOnnxWeights({ first: r1, second: r1, output: join(dir, 'r-same.onnx'), alpha: 0.5 });
    expect(same).toMatchObject({ interpolated: 1, copied: 1 });

    await expect(
      mergeOnnxWeights({ first, second: first, output: join(dir, 'x.onnx'), alpha: 1.5 }),
    ).rejects.toMatchObject({ code: 'ARGUMENT' });
    await expect(mergeOnnxWeights({ first, second: r1, output: first, alpha: 0.5 })).rejects.toThrow(
      /must not overwrite one of its inputs/,
    );
    await expect(
      mergeOnnxWeights({ first: join(dir, 'nope.onnx'), second: first, output: join(dir, 'x.onnx'), alpha: 0.5 }),
    ).rejects.toMatchObject({ code: 'FILE_MISSING' });
  });
});

describe('mergeOnnxWeights with external data', () => {
  async function externalModel(t: TinyTowers, name: string, offset: number): Promise<string> {
    const { model, external } = imageTowerOnnx(t, { external: `${name}.weights`, offset });
    // Junk before the tensor checks that offsets are honoured.
    await writeFile(join(dir, `${name}.weights`), Buffer.concat([Buffer.alloc(offset, 0x5a), external!]));
    return save(`${name}.onnx`, model);
  }

  it('writes merged weights to <output>.data beside the output and the result runs', async () => {
    const first = await externalModel(a, 'ext-a', 100);
    const second = await externalModel(b, 'ext-b', 0);
    expect(await run(first)).toEqual(await run(join(dir, 'a.onnx')));
    const output = join(dir, 'out', 'merged.onnx');
    const report = await mergeOnnxWeights({ first, second, output, alpha: 0.25 });
    expect(report.externalData).toBe(join(dir, 'out', 'merged.onnx.data'));
    const tensor = decodeOnnxModel(await readFile(output)).graph!.initializer![0];
    const entries = Object.fromEntries(tensor.externalData!.map((e) => [e.key, e.value]));
    expect(entries).toEqual({ location: 'merged.onnx.data', offset: '0', length: String(a.imageWeight.byteLength) });
    expect(int64ToNumber(tensor.dims![0])).toBe(48);
    const data = await readFile(report.externalData!);
    expect(Array.from(new Float32Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.length)))).toEqual(
      Array.from(mix(a, b, 0.25), Math.fround),
    );
    const expected = imageTowerReference(a, pixels, n, mix(a, b, 0.25));
    (await run(output)).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 4));
  });

  it('reproduces both inputs at alpha 0 and 1, also when the second model embeds its weights', async () => {
    const first = join(dir, 'ext-a.onnx');
    const embedded = join(dir, 'b.onnx');
    await mergeOnnxWeights({ first, second: embedded, output: join(dir, 'out0', 'm.onnx'), alpha: 0 });
    await mergeOnnxWeights({ first, second: embedded, output: join(dir, 'out1', 'm.onnx'), alpha: 1 });
    expect(await run(join(dir, 'out0', 'm.onnx'))).toEqual(await run(first));
    expect(await run(join(dir, 'out1', 'm.onnx'))).toEqual(await run(embedded));
  });

  it('reports a missing or truncated external data file by name', async () => {
    const { model } = imageTowerOnnx(a, { external: 'gone.weights', offset: 0 });
    const first = await save('gone.onnx', model);
    await expect(
      mergeOnnxWeights({ first, second: join(dir, 'b.onnx'), output: join(dir, 'g.onnx'), alpha: 0.5 }),
    ).rejects.toMatchObject({
      code: 'FILE_MISSING',
      path: join(dir, 'gone.weights'),
    });
    await writeFile(join(dir, 'gone.weights'), Buffer.alloc(10));
    await expect(
      mergeOnnxWeights({ first, second: join(dir, 'b.onnx'), output: join(dir, 'g.onnx'), alpha: 0.5 }),
    ).rejects.toThrow(/gone\.weights: ends before initializer "visual.proj"/);
  });
});
