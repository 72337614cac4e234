import type { Matrix } from '@gla/core';
import { ClipTokenizer, encodeZeroShotHead, OnnxTextEncoder } from '@gla/models';
import type { ResolvedTextModel } from './model-stages.js';
import { stage, type StageNode } from '../../engine/stage-node.js';
import { matrixStore } from '../../engine/stage-store.js';

/** Class names as prompts: CoOp's split files write spaces as underscores ("Apply_Eye_Makeup"); CoOp replaces them. */
export const promptName = (name: string) => name.replace(/_/g, ' ');

/**
 * The zero-shot head: every (class, template) prompt through CLIP's text tower, each L2-normalised, averaged per
 * class and renormalised ([K, D]).
 */
export function zeroShotHeadStage(
  id: string,
  text: StageNode<ResolvedTextModel>,
  classNames: StageNode<readonly string[]>,
  templates: StageNode<string[]>,
  executionProvider: string,
): StageNode<Matrix> {
  return stage({
    id,
    kind: 'zero-shot-head',
    label: `zero-shot head from ${classNames.id} x ${templates.id}`,
    deps: [text, classNames, templates],
    files: [],
    params: null,
    store: matrixStore,
    compute: async ([t, names, prompts], ctx) => {
      const { manifest } = t as ResolvedTextModel;
      const classes = (names as readonly string[]).map(promptName);
      const tokenizer = await ClipTokenizer.fromFile(manifest.tokenizer.vocab);
      const encoder = await OnnxTextEncoder.fromManifest(manifest, { executionProvider });
      const bar = ctx.progress('zero-shot head', classes.length, 'classes');
      try {
        return await encodeZeroShotHead({
          classNames: classes,
          templates: prompts as string[],
          tokenizer,
          encoder,
          onProgress: (done) => bar.update(done),
        });
      } finally {
        bar.stop();
        await encoder.close();
      }
    },
  });
}
