import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkExecutionProvider, ModelError, openOnnxSession } from '../src/index.js';
import { onnxRuntimeBinaryDir } from '../src/cuda-provider.js';

const dir = mkdtempSync(join(tmpdir(), 'gla-cuda-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// The check is about the CUDA binaries; on a machine that has them installed these tests have nothing to refuse.
const installed = existsSync(join(onnxRuntimeBinaryDir(), 'libonnxruntime_providers_cuda.so'));

describe('--device cuda without the CUDA binaries', () => {
  it.skipIf(installed)(
    'fails before opening a session, in one line naming the missing library and the fix',
    async () => {
      const model = join(dir, 'model.onnx');
      writeFileSync(model, 'not opened: the device check comes first');
      const failure = await openOnnxSession(model, { executionProvider: 'cuda' }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ModelError);
      expect((failure as ModelError).code).toBe('DEVICE');
      const message = (failure as ModelError).message;
      expect(message.split('\n')).toHaveLength(1);
      expect(message).toMatch(
        /^--device cuda: onnxruntime-node's CUDA binaries are not installed \(.*libonnxruntime_providers_cuda\.so is missing\)/,
      );
      expect(message).toContain('--onnxruntime-node-install=cuda12');
    },
  );

  it('lets the CPU provider through', () => {
    expect(() => checkExecutionProvider('cpu')).not.toThrow();
  });
});
