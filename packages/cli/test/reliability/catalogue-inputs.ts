import { CLEAN_FAILURE, type ReliabilityArea } from './catalogue-types.js';

const refused = (problem: string) => `${CLEAN_FAILURE}: ${problem}`;

/** Bad `.npy` files, through `gla estimate-prior` in-process. */
export const npyArea: ReliabilityArea = {
  title: '.npy files',
  file: 'npy-input.test.ts',
  cases: [
    {
      id: 'npy.bad-magic',
      case: 'a file that is not NumPy (a zip) named .npy',
      expected: refused('not a .npy file (bad magic bytes)'),
    },
    { id: 'npy.truncated-header', case: 'file cut inside the header', expected: refused('truncated .npy header') },
    {
      id: 'npy.truncated-data',
      case: 'file cut inside the data',
      expected: refused('truncated data (bytes found for values needed)'),
    },
    {
      id: 'npy.trailing-bytes',
      case: 'more data than the header shape accounts for',
      expected: refused(
        'N bytes after the data of shape (...) (NumPy would ignore them; we refuse: the shape is wrong)',
      ),
    },
    {
      id: 'npy.unsupported-dtype',
      case: 'complex64 logits',
      expected: refused("unsupported dtype '<c8', with the supported list"),
    },
    { id: 'npy.big-endian', case: 'big-endian float32', expected: refused("unsupported dtype '>f4' (big-endian)") },
    {
      id: 'npy.int8',
      case: 'int8 labels',
      expected: refused("unsupported dtype '|i1' (never read as uint8, which would turn -1 into 255)"),
    },
    { id: 'npy.integer-logits', case: 'int32 logits', expected: refused('logits must be float32 or float64') },
    {
      id: 'npy.fortran-order',
      case: 'Fortran-order array',
      expected: refused('Fortran-order array; save it with np.ascontiguousarray'),
    },
    {
      id: 'npy.three-d',
      case: '3-D logits',
      expected: refused('expected a 2-D logits array (N x K), got shape (2, 2, 3)'),
    },
    {
      id: 'npy.object-array',
      case: 'object array (dtype |O)',
      expected: refused("unsupported dtype '|O' (object array)"),
    },
    { id: 'npy.structured-array', case: 'structured (record) array', expected: refused('malformed .npy header') },
    { id: 'npy.format-version', case: '.npy format version 4', expected: refused('unsupported .npy format version 4') },
    { id: 'npy.nan', case: 'NaN in the logits', expected: refused('non-finite value NaN at row r, column c') },
    {
      id: 'npy.infinity',
      case: '-Inf in float64 logits',
      expected: refused('non-finite value -Infinity at row r, column c'),
    },
    {
      id: 'npy.float16-overflow',
      case: 'float16 logits that overflowed to Inf',
      expected: refused('non-finite value Infinity at row r, column c'),
    },
    { id: 'npy.empty-rows', case: 'logits of shape (0, K)', expected: refused('empty array') },
    { id: 'npy.empty-classes', case: 'logits of shape (N, 0)', expected: refused('empty array') },
    { id: 'npy.empty-labels', case: 'labels of shape (0,)', expected: refused('empty array') },
    { id: 'npy.missing-file', case: 'path that does not exist', expected: refused('file not found') },
    {
      id: 'npy.folder-not-file',
      case: 'a folder given as the logits file',
      expected: refused('is a folder, not a file'),
    },
  ],
};

/** Labels and N / K agreement between inputs, through `gla estimate-prior` and `gla evaluate` in-process. */
export const labelsArea: ReliabilityArea = {
  title: 'labels and shapes',
  file: 'labels-input.test.ts',
  cases: [
    {
      id: 'labels.out-of-range',
      case: 'a label equal to K (estimate-prior)',
      expected: refused('label 3 at index 2 is outside [0, 3), naming the labels file'),
    },
    { id: 'labels.negative', case: 'a negative label', expected: refused('label -1 at index 3 is outside [0, 3)') },
    {
      id: 'labels.float',
      case: 'float64 labels (integer-valued)',
      expected: refused('labels must be int32 or int64 (float labels are refused, never rounded)'),
    },
    {
      id: 'labels.int64-overflow',
      case: 'int64 labels beyond the int32 range',
      expected: refused('int64 labels beyond the int32 range'),
    },
    { id: 'labels.two-d', case: 'labels of shape (N, 1)', expected: refused('expected 1-D labels, got shape (6, 1)') },
    {
      id: 'labels.evaluate-out-of-range',
      case: 'a test label outside [0, K) (evaluate)',
      expected: refused('label 7 at index 4 is outside [0, 3)'),
    },
    {
      id: 'labels.train-out-of-range',
      case: '--train-labels with a label outside [0, K)',
      expected: refused('label -2 at index 3 is outside [0, 3)'),
    },
    {
      id: 'labels.train-missing-class',
      case: '--train-labels where a class has no sample',
      expected: refused('class 1 has no training sample, so log pi_s is undefined'),
    },
    {
      id: 'shapes.estimate-n-mismatch',
      case: 'fewer labels than logit rows (estimate-prior)',
      expected: refused('5 labels, but <logits> has 6 rows'),
    },
    {
      id: 'shapes.evaluate-n-mismatch-labels',
      case: 'more test labels than zero-shot rows (evaluate)',
      expected: refused('7 labels, but <zero-shot> has 6 rows'),
    },
    {
      id: 'shapes.evaluate-n-mismatch-logits',
      case: 'fine-tuned logits with fewer rows than zero-shot',
      expected: refused('5 rows, but <zero-shot> has 6'),
    },
    {
      id: 'shapes.evaluate-k-mismatch',
      case: 'fine-tuned logits with another class count',
      expected: refused('4 classes, but <zero-shot> has 3'),
    },
  ],
};

/** Pre-training priors given to `gla evaluate`, and priors estimated with classes missing. */
export const priorArea: ReliabilityArea = {
  title: 'priors',
  file: 'prior-input.test.ts',
  cases: [
    {
      id: 'prior.wrong-length',
      case: 'prior with 2 entries for 4 classes',
      expected: refused('has 2 entries, expected 4'),
    },
    { id: 'prior.zero', case: 'a zero entry', expected: refused('entry 1 is 0, priors must be finite and > 0') },
    {
      id: 'prior.negative',
      case: 'a negative entry (`q` key)',
      expected: refused('entry 2 is -0.1, priors must be finite and > 0'),
    },
    { id: 'prior.nan-json', case: 'null (NaN) in a JSON prior', expected: refused('entry 2 is NaN') },
    { id: 'prior.nan-npy', case: 'NaN in a .npy prior', expected: refused('entry 1 is NaN') },
    { id: 'prior.infinite-npy', case: 'Inf in a .npy prior', expected: refused('entry 2 is Infinity') },
    { id: 'prior.not-json', case: 'truncated JSON', expected: refused('not valid JSON (...)') },
    {
      id: 'prior.bad-format',
      case: 'JSON object without a `prior` or `q` array',
      expected: refused('expected a JSON array, or an object with a prior (or q) array of numbers, or a 1-D .npy'),
    },
    { id: 'prior.strings', case: 'array of strings', expected: refused('expected a JSON array ... of numbers') },
    { id: 'prior.npy-two-d', case: '2-D .npy prior', expected: refused('... or a 1-D .npy') },
    {
      id: 'prior.unnormalised',
      case: "prior summing to 0.8 (as the authors' q sums to 0.804)",
      expected:
        'exit 0; note `<file> sums to 0.800000; renormalised to 1`; every metric identical to the normalised prior',
    },
    {
      id: 'prior.missing-classes-exact',
      case: 'estimate-prior (exact) with a class absent from the estimation set',
      expected:
        'exit 0; note naming the class(es); `missingClasses` in the JSON; documented rule: log q of a missing class = mean log q of the others; q sums to 1',
    },
    {
      id: 'prior.missing-classes-paper',
      case: 'estimate-prior (paper solver) with a class absent',
      expected:
        "exit 0; a note naming the class and saying its q is where the paper's fixed SGD steps left it (not an estimate); `missingClasses` in the JSON; q finite, > 0, sums to 1",
    },
  ],
};
