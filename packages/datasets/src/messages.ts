/** Lists the first `max` items and how many more there are. */
const list = (items: readonly string[], max = 5): string =>
  items.slice(0, max).join(', ') + (items.length > max ? `, ... (${items.length - max} more)` : '');

/**
 * Every user-facing error message of the loaders, split readers and preprocessing, one line each, naming
 * the file (or image) and the problem, and where it helps, the fix. Kept in one place so wording stays
 * consistent and reviewable.
 */
export const messages = {
  // Files and folders
  fileMissing: (file: string) => `${file}: file not found`,
  notADirectory: (dir: string) => `${dir}: not a readable folder`,
  notJson: (file: string, detail: string) => `${file}: not valid JSON (${detail})`,
  missingFiles: (source: string, missing: number, total: number, listed: readonly string[]) =>
    `${source}: ${missing} of ${total} listed image files are missing, e.g. ${list(listed, listed.length)}`,

  // Labels and classes
  labelOutOfRange: (source: string, index: number, label: number, classes: number) =>
    `${source}: sample ${index} has label ${label}, outside 0..${classes - 1} (${classes} classes)`,
  classCountMismatch: (source: string, expected: number, found: number) =>
    `${source}: expected ${expected} classes, found ${found}`,
  classWithoutSamples: (source: string, label: number, name: string) =>
    `${source}: class ${label} (${name}) has no sample`,
  badLabel: (source: string, label: number) => `${source}: label ${label} is not a non-negative integer`,
  labelTwoNames: (source: string, label: number, a: string, b: string) =>
    `${source}: label ${label} is named both '${a}' and '${b}'`,
  labelGap: (source: string, label: number, classes: number) =>
    `${source}: no entry has label ${label}, though labels go up to ${classes - 1}`,

  // Folder layouts
  noClassFolders: (dir: string) => `${dir}: no class sub-folder found (expected <root>/<class>/<image>)`,
  flatFolder: (dir: string, images: number) =>
    `${dir}: ${images} images lie directly in the folder and there is no class sub-folder; put each class's images in <root>/<class>/`,
  emptyClassFolder: (dir: string) => `${dir}: class folder holds no image file`,
  notNumericFolder: (dir: string) => `${dir}: class folder name is not a class index (expected 0, 1, 2, ...)`,
  flatImageNet: (dir: string, images: number) =>
    `${dir}: ${images} images lie directly in the folder; ImageNet val must be arranged as val/<wnid>/*.JPEG (move each image into its wnid folder using the ILSVRC2012 devkit ground truth, e.g. with the common valprep.sh script)`,
  notWnidFolder: (dir: string) => `${dir}: folder name is not an ImageNet wnid (expected n########)`,
  wnidsDiffer: (dir: string, missing: readonly string[], extra: readonly string[]) =>
    `${dir}: class folders differ from the expected wnids (missing: ${list(missing) || 'none'}; unexpected: ${list(extra) || 'none'})`,
  wnidsRequired: (dir: string, set: string) =>
    `${dir}: ${set} has wnid folders; pass the 1000 ImageNet wnids in index order`,
  unknownWnid: (dir: string) => `${dir}: folder is not one of the 1000 ImageNet wnids`,
  classIndexFolder: (dir: string) => `${dir}: class index folder is outside 0..999`,

  // Split files
  splitNotObject: (file: string) => `${file}: expected a JSON object with train, val and test`,
  splitPartMissing: (file: string, part: string) => `${file}: '${part}' is missing or not a list`,
  splitEntry: (file: string, part: string, index: number, entry: string) =>
    `${file}: ${part}[${index}] is malformed: ${entry.slice(0, 120)}`,
  badListLine: (file: string, line: number, text: string) => `${file}:${line}: malformed line '${text.slice(0, 120)}'`,
  listLabel: (file: string, line: number, label: number, classes: number) =>
    `${file}:${line}: label ${label} is outside 0..${classes - 1}`,
  unknownClassName: (file: string, line: number, name: string, classFile: string) =>
    `${file}:${line}: class '${name}' is not listed in ${classFile}`,
  unknownCoopDataset: (name: string, known: readonly string[]) =>
    `unknown CoOp dataset '${name}' (known: ${known.join(', ')})`,
  unmappedImpath: (file: string, impath: string, marker: string | undefined) =>
    `${file}: cannot place '${impath}' under the image root (no '${marker ?? '?'}' folder in it and no match in the split)`,
  fewShotLabel: (file: string, impath: string, label: number, expected: number) =>
    `${file}: '${impath}' has label ${label} but the split gives ${expected}`,
  fewShotIndex: (file: string, part: string, i: number, index: number, rel: string) =>
    `${file}: ${part}.indices[${i}] = ${index} does not point at '${rel}' in the split`,

  // Few-shot sampling
  badShots: (shots: number) => `few-shot sampling: shots must be a positive integer, got ${shots}`,
  badSeed: (seed: number) => `few-shot sampling: seed must be an integer, got ${seed}`,

  // NumPy files and long-tail masks
  shotMaskShape: (file: string, dtype: string, shape: readonly number[]) =>
    `${file}: expected a bool[3, K] many/medium/few mask, got ${dtype}[${shape.join(', ')}]`,
  shotMaskClass: (file: string, label: number, groups: number) =>
    `${file}: class ${label} is in ${groups} of the many/medium/few groups, expected exactly 1`,

  // CIFAR binaries
  cifarFileSize: (file: string, size: number, record: number) =>
    `${file}: size ${size} bytes is not a positive multiple of the ${record}-byte record`,
  cifarShortRead: (file: string, offset: number) => `${file}: file ends before the record at byte ${offset}`,
  cifarLabel: (file: string, record: number, label: number, classes: number) =>
    `${file}: record ${record} has label ${label}, outside 0..${classes - 1}`,

  // Images
  imageMissing: (path: string) => `${path}: image file not found`,
  imageEmpty: (path: string) => `${path}: image file is empty (0 bytes)`,
  imageNotAnImage: (path: string) => `${path}: not an image (unrecognised content)`,
  imageFormat: (path: string, format: string, accepted: readonly string[]) =>
    `${path}: format '${format}' is not accepted (accepted: ${accepted.join(', ')})`,
  imageTooLarge: (path: string, width: number, height: number, limit: number) =>
    `${path}: ${width}x${height} = ${width * height} pixels exceeds the limit of ${limit} (decompression-bomb guard; raise limitInputPixels if intended)`,
  imageOverLimit: (path: string) =>
    `${path}: image exceeds the pixel limit (decompression-bomb guard; raise limitInputPixels if intended)`,
  imageCorrupt: (path: string, detail: string) => `${path}: cannot decode image (${detail})`,
  imageChannels: (path: string, channels: number, mode: string) =>
    `${path}: decoder returned ${channels} channels for a ${mode} image`,

  // Preprocessing arguments
  badSize: (size: number) => `preprocess: size must be a positive integer, got ${size}`,
  badMeanStd: (mean: readonly number[], std: readonly number[]) =>
    `preprocess: mean and std need 3 values each and std > 0, got mean [${mean.join(', ')}] std [${std.join(', ')}]`,
  rawSize: (name: string, bytes: number, expected: number) =>
    `${name}: raw pixel buffer has ${bytes} bytes, expected ${expected}`,
  badResizeTarget: (width: number, height: number) => `resize: target ${width}x${height} must be positive integers`,
  cropOutside: (width: number, height: number, left: number, top: number, imageWidth: number, imageHeight: number) =>
    `crop: ${width}x${height} at (${left}, ${top}) does not fit a ${imageWidth}x${imageHeight} image`,
  notRgb: (mode: string) => `tensor: expected an RGB image, got ${mode}; convert it first`,
  tensorTooSmall: (length: number, needed: number) => `tensor: output holds ${length} values, ${needed} needed`,
  badConcurrency: (n: number) => `batch: concurrency must be a positive integer, got ${n}`,
  columnOutOfRange: (column: number, cols: number) => `restrictLogits: class index ${column} is outside 0..${cols - 1}`,
} as const;
