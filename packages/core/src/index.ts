export { type FloatArray, type Matrix, matrix, zeros, row } from './matrix.js';
