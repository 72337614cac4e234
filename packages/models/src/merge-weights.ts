import { basename, dirname, join, resolve } from 'node:path';
import protobuf from 'protobufjs';
import { openAtomicFile, writeFileAtomic, type AtomicFile } from '@gla/core';
import { graphDifferences } from './graph-differences.js';
import { INTERPOLATED_TYPES, interpolateTensorBytes } from './interpolate-tensor.js';
import { messages } from './messages.js';
import { ModelError } from './model-error.js';
import type { OnnxTensor } from './onnx-model-proto.js';
import { chunksOf, lengthDelimited, spliceMessage, wireFields, type ByteChunks } from './proto-wire.js';
import { readOnnxModel, type LoadedOnnxModel } from './read-onnx-model.js';
import { isExternal, tensorBytes } from './tensor-data.js';

/** Options of {@link mergeOnnxWeights}. */
export interface MergeWeightsOptions {
  /** The model at alpha = 0 (WiSE-FT: the zero-shot model); its graph and layout are kept. */
  first: string;
  /** The model at alpha = 1 (WiSE-FT: the fine-tuned model). */
  second: string;
  /** Path of the merged `.onnx` file; external data (if any) goes to `<output>.data` beside it. */
  output: string;
  /** Interpolation weight in [0, 1]: merged = (1 - alpha) * first + alpha * second. */
  alpha: number;
}

/** What {@link mergeOnnxWeights} wrote. */
export interface MergeWeightsReport {
  readonly output: string;
  /** The external data file, when the first model stores initializers externally. */
  readonly externalData?: string;
  /** Float initializers that were interpolated. */
  readonly interpolated: number;
  /** Other initializers, checked equal in both models and copied from the first. */
  readonly copied: number;
}

// TensorProto fields: float_data, int32_data, raw_data, double_data; external_data.
const DATA_FIELDS = new Set([4, 5, 9, 10]);
const EXTERNAL_DATA_FIELD = 13;
const GRAPH_FIELD = 7;
const INITIALIZER_FIELD = 5;
const SPARSE_INITIALIZER_FIELD = 15;
// Offsets in the external file are page-aligned so runtimes can memory-map each tensor.
const EXTERNAL_ALIGNMENT = 4096;
const NOTHING: ByteChunks = { chunks: [], length: 0 };

function sameBytes(x: Uint8Array, y: Uint8Array): boolean {
  return (
    x.length === y.length &&
    Buffer.from(x.buffer, x.byteOffset, x.length).equals(Buffer.from(y.buffer, y.byteOffset, y.length))
  );
}

/** The merged values in the same storage field the first model used for this tensor. */
function embeddedDataField(tensor: OnnxTensor, values: Uint8Array): ByteChunks {
  if (tensor.rawData && tensor.rawData.length > 0) return lengthDelimited(9, chunksOf(values));
  // Packed float/double fields are exactly the little-endian bytes.
  if (tensor.floatData?.length) return lengthDelimited(4, chunksOf(values));
  if (tensor.doubleData?.length) return lengthDelimited(10, chunksOf(values));
  // float16/bfloat16 in int32_data: one varint per 16-bit pattern.
  const writer = protobuf.Writer.create();
  const view = new DataView(values.buffer, values.byteOffset, values.length);
  for (let i = 0; i < values.length; i += 2) writer.uint32(view.getUint16(i, true));
  return lengthDelimited(5, chunksOf(writer.finish()));
}

function externalEntries(tensor: OnnxTensor, location: string, offset: number, length: number): ByteChunks[] {
  const kept = (tensor.externalData ?? []).filter((e) => !['location', 'offset', 'length', 'checksum'].includes(e.key));
  const entries = [
    { key: 'location', value: location },
    { key: 'offset', value: String(offset) },
    { key: 'length', value: String(length) },
    ...kept,
  ];
  return entries.map(({ key, value }) => {
    const entry = protobuf.Writer.create().uint32(10).string(key).uint32(18).string(value).finish();
    return lengthDelimited(EXTERNAL_DATA_FIELD, chunksOf(entry));
  });
}

/** Positions of the graph and its initializer fields in the first model's bytes. */
function locateInitializers(a: LoadedOnnxModel) {
  const graphs = wireFields(a.bytes).filter((f) => f.field === GRAPH_FIELD);
  if (graphs.length !== 1)
    throw new ModelError(messages.mergeGraphCount(a.path, graphs.length), 'MERGE_UNSUPPORTED', a.path);
  const graph = graphs[0];
  const fields = wireFields(a.bytes, graph.valueStart, graph.end);
  if (fields.some((f) => f.field === SPARSE_INITIALIZER_FIELD)) {
    throw new ModelError(messages.mergeSparse(a.path), 'MERGE_UNSUPPORTED', a.path);
  }
  return { graph, initializers: fields.filter((f) => f.field === INITIALIZER_FIELD) };
}

/**
 * WiSE-FT weight-space ensembling of two ONNX exports of the same network: every float32,
 * float16, bfloat16 and float64 initializer becomes `(1 - alpha) * first + alpha * second`;
 * all other bytes come from the first model unchanged (unknown fields included). Initializers
 * stored externally (models over 2 GB) are written to `<output>.data`. Both files are written
 * atomically. alpha = 0 / 1 copy the first / second model's values bit for bit.
 * @throws ModelError `MERGE_MISMATCH` when nodes, graph inputs/outputs or initializer names,
 *   shapes or types differ, or a non-float initializer has different values.
 */
export async function mergeOnnxWeights(options: MergeWeightsOptions): Promise<MergeWeightsReport> {
  const { alpha } = options;
  const output = resolve(options.output);
  if (!Number.isFinite(alpha) || alpha < 0 || alpha > 1)
    throw new ModelError(messages.mergeAlpha(output, alpha), 'ARGUMENT', output);
  if (output === resolve(options.first) || output === resolve(options.second)) {
    throw new ModelError(messages.mergeOverwrite(output), 'ARGUMENT', output);
  }
  const a = await readOnnxModel(options.first);
  const b = await readOnnxModel(options.second);
  const differences = graphDifferences(a.model, b.model);
  if (differences.length > 0) {
    throw new ModelError(messages.mergeMismatch(a.path, b.path, differences.join('; ')), 'MERGE_MISMATCH', b.path);
  }
  const initializersA = a.model.graph?.initializer ?? [];
  const initializersB = new Map((b.model.graph?.initializer ?? []).map((t) => [t.name ?? '', t]));
  const { graph, initializers } = locateInitializers(a);
  if (initializers.length !== initializersA.length) {
    throw new ModelError(
      messages.mergeInitializerCount(a.path, initializers.length, initializersA.length),
      'MERGE_UNSUPPORTED',
      a.path,
    );
  }

  const dataPath = `${output}.data`;
  let data: AtomicFile | undefined;
  const replaced = new Map<number, ByteChunks>();
  let interpolated = 0;
  let copied = 0;
  try {
    for (let i = 0; i < initializersA.length; i++) {
      const ta = initializersA[i];
      const tb = initializersB.get(ta.name ?? '')!;
      const bytesA = await tensorBytes(ta, dirname(a.path), a.path);
      const bytesB = await tensorBytes(tb, dirname(b.path), b.path);
      let merged: Uint8Array | undefined;
      if (INTERPOLATED_TYPES.has(ta.dataType ?? 0)) {
        merged = interpolateTensorBytes(ta.dataType ?? 0, bytesA, bytesB, alpha);
        interpolated++;
      } else {
        if (!sameBytes(bytesA, bytesB))
          throw new ModelError(messages.mergeValuesDiffer(a.path, b.path, ta.name ?? ''), 'MERGE_MISMATCH', b.path);
        copied++;
      }
      const field = initializers[i];
      if (isExternal(ta)) {
        data ??= await openAtomicFile(dataPath);
        const padding = (EXTERNAL_ALIGNMENT - (data.size % EXTERNAL_ALIGNMENT)) % EXTERNAL_ALIGNMENT;
        if (padding > 0) await data.write(new Uint8Array(padding));
        const offset = data.size;
        const values = merged ?? bytesA;
        await data.write(values);
        const entries = externalEntries(ta, basename(dataPath), offset, values.length);
        const tensor = spliceMessage(
          a.bytes,
          (f) => (f.field === EXTERNAL_DATA_FIELD ? NOTHING : undefined),
          entries,
          field.valueStart,
          field.end,
        );
        replaced.set(field.start, lengthDelimited(INITIALIZER_FIELD, tensor));
      } else if (merged) {
        const tensor = spliceMessage(
          a.bytes,
          (f) => (DATA_FIELDS.has(f.field) ? NOTHING : undefined),
          [embeddedDataField(ta, merged)],
          field.valueStart,
          field.end,
        );
        replaced.set(field.start, lengthDelimited(INITIALIZER_FIELD, tensor));
      }
    }
    const graphBytes = spliceMessage(a.bytes, (f) => replaced.get(f.start), [], graph.valueStart, graph.end);
    const model = spliceMessage(a.bytes, (f) =>
      f.field === GRAPH_FIELD ? lengthDelimited(GRAPH_FIELD, graphBytes) : undefined,
    );
    // The data file goes first so that the model never points at a missing file.
    if (data) await data.commit();
    await writeFileAtomic(output, model.chunks);
  } catch (error) {
    await data?.abort();
    throw error;
  }
  return { output, externalData: data ? join(dirname(output), basename(dataPath)) : undefined, interpolated, copied };
}
