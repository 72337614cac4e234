/** One labelled image on disk. */
export interface Sample {
  /** Absolute path of the image file. */
  readonly path: string;
  /** Class index into the split's `classNames`. */
  readonly label: number;
}

/** A list of labelled items with the class names their labels index. */
export interface DatasetSplit<S extends { readonly label: number } = Sample> {
  /** A short name for messages and reports, e.g. 'caltech101/train'. */
  readonly name: string;
  /** Class names in label order (what prompts are built from). */
  readonly classNames: readonly string[];
  readonly samples: readonly S[];
}
