import type { TableSpec } from '../catalog/types.ts';
import { ensureTableStatements } from '../ddl.ts';
import type { SqlSession } from '../store/types.ts';

/** One forward-only step. Ids sort in application order and never change once released. */
export interface Migration {
  readonly id: string;
  readonly description: string;
  up(session: SqlSession): Promise<void>;
}

/** A migration that creates (or completes) catalog tables, their history tables and comments. */
export function ensureTables(id: string, description: string, tables: readonly TableSpec[]): Migration {
  return {
    id,
    description,
    async up(session) {
      for (const table of tables) {
        for (const statement of ensureTableStatements(table, session.dialect))
          await session.execute(statement);
      }
    },
  };
}
