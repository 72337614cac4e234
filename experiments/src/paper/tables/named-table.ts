import type { ResultTable } from '@gla/report';

/** A table with the base name of its files (`<name>.md`, `.csv`, `.tex`, `.json`). */
export interface NamedTable {
  name: string;
  table: ResultTable;
}
