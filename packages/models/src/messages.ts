/**
 * Every user-facing message of `@gla/models`, one line each, naming the file (when there is one)
 * and the problem. Fragments (the `problem` parts) are here too so wording stays consistent.
 */

const list = (names: readonly string[]) =>
  names.length > 0 ? names.map((n) => JSON.stringify(n)).join(', ') : '(none)';
const shape = (dims: ReadonlyArray<number | string>) => `[${dims.join(', ')}]`;

/** Message builders, grouped by area; each returns a single line. */
export const messages = {
  // Files and manifests
  fileMissing: (path: string, what: string) => `${path}: ${what} not found`,
  manifestNotJson: (path: string, problem: string) => `${path}: not valid JSON (${problem})`,
  manifestInvalid: (source: string, issues: string) => `${source}: invalid model manifest: ${issues}`,
  keyPathIssue: (path: ReadonlyArray<PropertyKey>, problem: string) =>
    `${path.length > 0 ? path.map(String).join('.') : '(root)'}: ${problem}`,
  presetUnknown: (name: string, known: readonly string[]) =>
    `unknown model manifest preset ${JSON.stringify(name)}; known presets: ${list(known)}`,

  // Tokenizer and prompts
  vocabNotGzip: (path: string) => `${path}: not a gzip file; expected CLIP's bpe_simple_vocab_16e6.txt.gz`,
  vocabTooShort: (path: string, lines: number, needed: number) =>
    `${path}: has ${lines} merge lines, CLIP needs ${needed}`,
  vocabBadLine: (path: string, line: number, text: string) =>
    `${path}: line ${line} is not a merge pair: ${JSON.stringify(text)}`,
  bpePieceUnknown: (piece: string) =>
    `BPE produced ${JSON.stringify(piece)}, which is not in the vocabulary (wrong vocabulary file?)`,
  textTooLong: (text: string, tokens: number, context: number) =>
    `text ${JSON.stringify(text.slice(0, 60))} has ${tokens} tokens, more than the context length ${context}`,
  templateNoPlaceholder: (template: string) =>
    `prompt template ${JSON.stringify(template)} has no {} or {c} placeholder for the class name`,
  templateFileNoPlaceholder: (path: string, template: string) =>
    `${path}: template ${JSON.stringify(template)} has no {} or {c} placeholder`,
  templatesInvalid: (path: string) => `${path}: expected a non-empty array of template strings or {"templates": [...]}`,

  // ONNX models and sessions
  notOnnx: (path: string, problem: string) => `${path}: not an ONNX model (${problem})`,
  sessionFailed: (path: string, problem: string) => `${path}: ONNX Runtime could not load the model: ${problem}`,
  cudaMissing: (library: string) =>
    `--device cuda: onnxruntime-node's CUDA binaries are not installed (${library} is missing); install them with \`node script/install.js --onnxruntime-node-install=cuda12\` in onnxruntime-node's folder (README: GPU feature extraction)`,
  cudaUnsupported: (where: string) =>
    `--device cuda: onnxruntime-node has no CUDA build for ${where} (linux/x64 and win32/x64 only)`,
  cudaFailed: (path: string, problem: string) =>
    `${path}: the CUDA execution provider did not start (${problem}); check the CUDA 12 and cuDNN 9 libraries, or use --device cpu`,
  inputNames: (path: string, wanted: readonly string[], real: readonly string[]) =>
    `${path}: model inputs are ${list(real)} but the manifest feeds ${list(wanted)}; fix the input names in model.json`,
  outputName: (path: string, wanted: string, real: readonly string[]) =>
    `${path}: model has no output ${JSON.stringify(wanted)}; its outputs are ${list(real)}`,
  inputShape: (path: string, input: string, declared: ReadonlyArray<number | string>, wanted: string) =>
    `${path}: input ${JSON.stringify(input)} is declared ${shape(declared)}, the manifest needs ${wanted}`,
  tokenType: (path: string, input: string, real: string, wanted: string) =>
    `${path}: input ${JSON.stringify(input)} takes ${real} tokens but textEncoder.tokenDtype is ${wanted}`,
  tokenBatch: (path: string, dtype: string, cols: number, wantedType: string, wantedCols: number) =>
    `${path}: got ${dtype} tokens of length ${cols}, the model takes ${wantedType} of length ${wantedCols}`,
  pixelCount: (path: string, length: number, count: number, per: number) =>
    `${path}: got ${length} pixel values for ${count} images, expected ${count} x ${per}`,
  inferenceFailed: (path: string, problem: string) => `${path}: inference failed: ${problem}`,
  outputShape: (path: string, output: string, dims: readonly number[], rows: number, dim: number | undefined) =>
    `${path}: output ${JSON.stringify(output)} has shape ${shape(dims)}, expected [${rows}, ${dim ?? 'D'}]`,
  outputNonFinite: (path: string, output: string, value: number, row: number, col: number) =>
    `${path}: output ${JSON.stringify(output)} has the non-finite value ${value} at row ${row}, column ${col} of the batch`,
  outputType: (path: string, output: string, type: string) =>
    `${path}: output ${JSON.stringify(output)} is ${type}, expected float32 or float16`,

  // Initializer data and weight merging
  tensorTypeUnsupported: (path: string, name: string, type: string) =>
    `${path}: initializer ${JSON.stringify(name)} has unsupported data type ${type}`,
  tensorLength: (path: string, name: string, bytes: number, expected: number) =>
    `${path}: initializer ${JSON.stringify(name)} has ${bytes} data bytes, its shape needs ${expected}`,
  tensorNoData: (path: string, name: string) => `${path}: initializer ${JSON.stringify(name)} has no data`,
  externalNoLocation: (path: string, name: string) =>
    `${path}: external initializer ${JSON.stringify(name)} has no location`,
  externalOutside: (path: string, name: string, location: string) =>
    `${path}: external initializer ${JSON.stringify(name)} points outside the model folder (${location})`,
  externalLength: (path: string, name: string, length: number, expected: number) =>
    `${path}: external initializer ${JSON.stringify(name)} has length ${length}, its shape needs ${expected}`,
  externalTruncated: (file: string, name: string, offset: number, length: number) =>
    `${file}: ends before initializer ${JSON.stringify(name)} (offset ${offset}, length ${length})`,
  mergeAlpha: (output: string, alpha: number) => `${output}: merge alpha must be in [0, 1], got ${alpha}`,
  mergeOverwrite: (output: string) => `${output}: the merged model must not overwrite one of its inputs`,
  mergeMismatch: (first: string, second: string, differences: string) =>
    `${second}: graph differs from ${first}: ${differences}`,
  mergeValuesDiffer: (first: string, second: string, name: string) =>
    `${second}: non-float initializer ${JSON.stringify(name)} differs from ${first}; only float weights can be interpolated`,
  mergeGraphCount: (path: string, count: number) => `${path}: expected exactly one graph field, found ${count}`,
  mergeInitializerCount: (path: string, fields: number, decoded: number) =>
    `${path}: found ${fields} initializer fields but decoded ${decoded} initializers`,
  mergeSparse: (path: string) => `${path}: sparse initializers are not supported by weight merging`,
  diffNodeCount: (a: number, b: number) => `node count ${a} vs ${b}`,
  diffNodeOp: (label: string, a: string, b: string) => `${label}: op ${a} vs ${b}`,
  diffNodeIo: (label: string, side: string, a: readonly string[], b: readonly string[]) =>
    `${label}: ${side} ${list(a)} vs ${list(b)}`,
  diffNodeAttributes: (label: string) => `${label}: attributes differ`,
  diffGraphIo: (side: string, a: string, b: string) => `graph ${side}s ${a} vs ${b}`,
  diffInitMissing: (name: string, where: string) => `initializer ${JSON.stringify(name)} missing in the ${where} model`,
  diffInitType: (name: string, a: string, b: string) => `initializer ${JSON.stringify(name)}: data type ${a} vs ${b}`,
  diffInitShape: (name: string, a: string, b: string) => `initializer ${JSON.stringify(name)}: shape ${a} vs ${b}`,

  // .npy files
  npyInvalid: (path: string, problem: string) => `${path}: invalid .npy file: ${problem}`,
  npyDtype: (descr: string) => `dtype '${descr}' is not little-endian float16 or float32`,
  npyShape: (text: string) => `shape (${text}) is not 2-D`,
  npyDataLength: (actual: number, expected: number) => `has ${actual} data bytes, its shape needs ${expected}`,

  // Feature cache and extraction
  cacheCorrupt: (path: string, problem: string) =>
    `${path}: corrupt feature cache file (${problem}); delete it or rebuild the cache`,
  cacheFeaturesMissing: () => 'missing although manifest.json lists it',
  cacheHashMismatch: () => 'contents do not match the SHA-256 recorded in manifest.json',
  cacheShape: (dtype: string, rows: number, cols: number, wantedType: string, wantedRows: number, wantedCols: number) =>
    `holds ${dtype} [${rows}, ${cols}], manifest.json says ${wantedType} [${wantedRows}, ${wantedCols}]`,
  cacheStale: (path: string, changed: readonly string[]) =>
    `${path}: feature cache is stale (${changed.join(', ')} changed); rebuilding`,
  partialStale: (path: string, changed: readonly string[]) =>
    `${path}: partial extraction was for other inputs (${changed.join(', ')} changed); starting over`,
  cacheHit: (rows: number) => `using cached features for ${rows} images`,
  cacheResume: (rows: number, total: number) => `resuming: ${rows} of ${total} images already embedded`,
  cacheWritten: (rows: number, cols: number) => `wrote features [${rows}, ${cols}]`,
  chunkShape: (dtype: string, rows: number, wantedType: string, wantedRows: number) =>
    `holds ${rows} ${dtype} rows, expected ${wantedRows} ${wantedType} rows`,
  chunkWidth: (cols: number, wanted: number) => `has width ${cols}, other chunks have ${wanted}`,
  preprocessLength: (path: string, length: number, per: number) =>
    `${path}: preprocessing returned ${length} values, the model needs ${per} (3 x S x S)`,
  cacheLockWait: (lockFile: string, pid: number, host: string) =>
    `${lockFile}: feature cache is being written by process ${pid} on ${host}; waiting for it (delete the lock file only if that process is gone)`,
  cacheLocked: (lockFile: string, pid: number, host: string) =>
    `${lockFile}: feature cache is still being written by process ${pid} on ${host}; gave up waiting (delete the lock file only if that process is gone)`,
  cacheUnwritable: (dir: string, code: string) => `${dir}: cannot write the feature cache folder (${code})`,
  extractionAborted: (dir: string, done: number) =>
    `${dir}: feature extraction stopped after ${done} images; run again to resume`,

  // Zero-shot heads
  zeroRow: (row: number) => `row ${row} is all zeros and cannot be L2-normalised`,
  zeroTemplate: (cls: number, template: number) =>
    template >= 0
      ? `class ${cls}, template ${template}: text embedding is all zeros`
      : `class ${cls}: template embeddings cancel out to zero`,
  headInput: (cls: number, rows: number, cols: number, dim: number) =>
    `class ${cls}: got ${rows} template embeddings of width ${cols}, expected at least 1 of width ${dim}`,
  widthMismatch: (features: number, head: number) =>
    `image features have width ${features} but the head has width ${head}`,
};
