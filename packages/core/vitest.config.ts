// The workspace's shared config (see vitest.shared.ts at the root).
export { default } from '../../vitest.shared.js';
