import { createHash } from 'node:crypto';
import { messages } from './messages.js';
import {
  int64ToNumber,
  onnxDataTypeName,
  type OnnxModel,
  type OnnxTensor,
  type OnnxValueInfo,
} from './onnx-model-proto.js';

/**
 * Structural comparison of two ONNX models before weight merging: nodes (op type, domain,
 * inputs, outputs, attributes), graph inputs/outputs, and initializer names, shapes and types.
 * Initializer values are not compared here.
 */

/** True for values that protobuf treats as "not set" (an explicit default equals an absent field). */
function isDefault(value: unknown): boolean {
  if (value === null || value === undefined || value === '' || value === 0 || value === false) return true;
  if (Array.isArray(value) || value instanceof Uint8Array) return value.length === 0;
  return typeof value === 'object' && 'toNumber' in value && (value as { toNumber(): number }).toNumber() === 0;
}

/** A canonical, comparable text for decoded protobuf values (Longs as numbers, bytes hashed). */
function canonical(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Uint8Array) return `bytes:${createHash('sha1').update(value).digest('hex')}`;
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object') {
    if ('toNumber' in value && typeof (value as { toNumber: unknown }).toNumber === 'function') {
      return String((value as { toString(): string }).toString());
    }
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((k) => !k.startsWith('$') && !isDefault(record[k]))
      .sort();
    return `{${keys.map((k) => `${k}:${canonical(record[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function valueInfoText(info: OnnxValueInfo): string {
  const type = info.type?.tensorType?.elemType;
  return `${info.name ?? ''}:${type === undefined ? '?' : onnxDataTypeName(type)}`;
}

function dimsText(tensor: OnnxTensor): string {
  return `[${(tensor.dims ?? []).map(int64ToNumber).join(',')}]`;
}

const MAX_REPORTED = 5;

/**
 * Lists how two models differ in structure, at most five entries, each naming the node or
 * initializer; empty when they can be merged.
 */
export function graphDifferences(a: OnnxModel, b: OnnxModel): string[] {
  const out: string[] = [];
  const add = (text: string) => {
    if (out.length < MAX_REPORTED) out.push(text);
  };
  const ga = a.graph ?? {};
  const gb = b.graph ?? {};
  const na = ga.node ?? [];
  const nb = gb.node ?? [];
  if (na.length !== nb.length) add(messages.diffNodeCount(na.length, nb.length));
  for (let i = 0; i < Math.min(na.length, nb.length); i++) {
    const [x, y] = [na[i], nb[i]];
    const label = `node ${i} (${x.name || x.opType})`;
    if ((x.opType ?? '') !== (y.opType ?? '') || (x.domain ?? '') !== (y.domain ?? '')) {
      add(messages.diffNodeOp(label, `${x.domain ?? ''}${x.opType}`, `${y.domain ?? ''}${y.opType}`));
    } else if (canonical(x.input ?? []) !== canonical(y.input ?? [])) {
      add(messages.diffNodeIo(label, 'inputs', x.input ?? [], y.input ?? []));
    } else if (canonical(x.output ?? []) !== canonical(y.output ?? [])) {
      add(messages.diffNodeIo(label, 'outputs', x.output ?? [], y.output ?? []));
    } else if (canonical(x.attribute ?? []) !== canonical(y.attribute ?? [])) {
      add(messages.diffNodeAttributes(label));
    }
  }
  for (const side of ['input', 'output'] as const) {
    const xa = (ga[side] ?? []).map(valueInfoText).join(' ');
    const xb = (gb[side] ?? []).map(valueInfoText).join(' ');
    if (xa !== xb) add(messages.diffGraphIo(side, xa, xb));
  }
  const inits = new Map((gb.initializer ?? []).map((t) => [t.name ?? '', t]));
  const seen = new Set<string>();
  for (const x of ga.initializer ?? []) {
    const name = x.name ?? '';
    seen.add(name);
    const y = inits.get(name);
    if (!y) add(messages.diffInitMissing(name, 'second'));
    else if ((x.dataType ?? 0) !== (y.dataType ?? 0))
      add(messages.diffInitType(name, onnxDataTypeName(x.dataType ?? 0), onnxDataTypeName(y.dataType ?? 0)));
    else if (dimsText(x) !== dimsText(y)) add(messages.diffInitShape(name, dimsText(x), dimsText(y)));
  }
  for (const name of inits.keys()) if (!seen.has(name)) add(messages.diffInitMissing(name, 'first'));
  return out;
}
