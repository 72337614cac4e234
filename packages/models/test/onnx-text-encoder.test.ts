import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModelManifest, type ModelManifest } from '../src/model-manifest.js';
import { OnnxDataType } from '../src/onnx-model-proto.js';
import { OnnxTextEncoder } from '../src/onnx-text-encoder.js';
import { buildModel, floatTensor, intAttr, node, valueInfo } from './helpers/onnx-builder.js';
import { tempDir } from './helpers/temp-dir.js';
import { randomArray, seededRandom, textTowerOnnx, textTowerReference, tinyTowers } from './helpers/tiny-clip.js';
import { writeTinyModelDir } from './helpers/tiny-model-dir.js';
import { toyTokenizer } from './helpers/tiny-tokenizer.js';

const towers = tinyTowers(21);
const tokenizer = toyTokenizer();
let dir: string;
let manifest: ModelManifest;

beforeAll(async () => {
  dir = await tempDir();
  manifest = await loadModelManifest(await writeTinyModelDir(dir, towers));
});

describe('OnnxTextEncoder on a tiny text tower', () => {
  it('matches a direct computation of the network, across several batches', async () => {
    const encoder = await OnnxTextEncoder.fromManifest(manifest, { batchSize: 2 });
    const texts = ['hello', 'a photo of a cat.', 'dog', '', 'hello hello hello cat dog'];
    const tokens = tokenizer.tokenize(texts);
    const out = await encoder.encode(tokens);
    await encoder.close();
    expect([out.rows, out.cols]).toEqual([texts.length, towers.embedDim]);
    const expected = textTowerReference(towers, tokens.data, texts.length);
    out.data.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
  });

  it('runs an export with a fixed batch size of 7 on 9 texts: the last batch is padded, the padding dropped', async () => {
    const file = join(dir, 'text-fixed7.onnx');
    await writeFile(file, textTowerOnnx(towers, 7));
    const encoder = await OnnxTextEncoder.open({ ...manifest.textEncoder, file, contextLength: 77 });
    const texts = ['hello', 'cat', 'dog', 'a photo of a cat.', '', 'hello cat', 'dog dog', 'a dog', 'the end'];
    const tokens = tokenizer.tokenize(texts);
    const out = await encoder.encode(tokens);
    await encoder.close();
    expect([out.rows, out.cols]).toEqual([texts.length, towers.embedDim]);
    const expected = textTowerReference(towers, tokens.data, texts.length);
    out.data.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
  });

  it('refuses a token type the model does not take, naming textEncoder.tokenDtype', async () => {
    const t = manifest.textEncoder;
    const open = OnnxTextEncoder.open({ ...t, tokenDtype: 'int32', contextLength: 77 });
    await expect(open).rejects.toMatchObject({
      code: 'SHAPE',
      message: expect.stringMatching(/takes int64 tokens but textEncoder.tokenDtype is int32/),
    });
    const encoder = await OnnxTextEncoder.open({ ...t, contextLength: 77 });
    await expect(encoder.encode(tokenizer.tokenize(['cat'], { dtype: 'int32' }))).rejects.toMatchObject({
      code: 'SHAPE',
    });
    await encoder.close();
  });

  it("refuses a context length other than the model's", async () => {
    const open = OnnxTextEncoder.open({ ...manifest.textEncoder, contextLength: 64 });
    await expect(open).rejects.toThrow(/declared \[batch, 77\], the manifest needs \[N, 64\]/);
  });

  it('feeds an attention mask of 1 on tokens and 0 on padding when configured', async () => {
    // A network that only sums rows of M where the mask is 1: text_embeds = Cast(mask) @ M.
    const m = randomArray(77 * 3, seededRandom(2));
    const file = join(dir, 'masked.onnx');
    await writeFile(
      file,
      buildModel({
        nodes: [
          node('Cast', ['attention_mask'], ['maskf'], [intAttr('to', OnnxDataType.FLOAT)]),
          node('MatMul', ['maskf', 'M'], ['text_embeds']),
        ],
        initializers: [floatTensor('M', [77, 3], m).tensor],
        inputs: [
          valueInfo('input_ids', OnnxDataType.INT64, ['n', 77]),
          valueInfo('attention_mask', OnnxDataType.INT64, ['n', 77]),
        ],
        outputs: [valueInfo('text_embeds', OnnxDataType.FLOAT, ['n', 3])],
      }),
    );
    const config = { file, input: 'input_ids', output: 'text_embeds', tokenDtype: 'int64' as const, contextLength: 77 };
    await expect(OnnxTextEncoder.open(config)).rejects.toThrow(
      /model inputs are "input_ids", "attention_mask" but the manifest feeds "input_ids"/,
    );
    const encoder = await OnnxTextEncoder.open({ ...config, attentionMask: 'attention_mask' });
    const tokens = tokenizer.tokenize(['cat', 'hello dog']);
    const out = await encoder.encode(tokens);
    await encoder.close();
    for (let r = 0; r < 2; r++) {
      const used = tokenizer.encodeWithSpecials(r === 0 ? 'cat' : 'hello dog').length;
      for (let d = 0; d < 3; d++) {
        let sum = 0;
        for (let j = 0; j < used; j++) sum += m[j * 3 + d];
        expect(out.data[r * 3 + d]).toBeCloseTo(sum, 5);
      }
    }
  });
});
