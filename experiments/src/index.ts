export { type Progress, createProgress } from './progress.js';
