// Entry of the image kernels module (wasm/image-kernels.wasm, built by `pnpm build:wasm`).
export { resampleRows, resampleColumns } from './pil-resample';
