import { ownColumns } from './define.ts';
import { qualifiedName, type TableSpec } from './types.ts';

const IDENTIFIER = /^[a-z][a-z0-9_]*$/;

/** Thrown when a table declaration breaks a catalog rule; names the table and the rule. */
export class CatalogError extends Error {
  override readonly name = 'CatalogError';
}

/**
 * The set of declared tables. Every table is declared once; DDL, history tables, comments, the
 * data dictionary, the explorer and the agent all read from here.
 */
export class Catalog {
  private readonly byName = new Map<string, TableSpec>();

  constructor(tables: readonly TableSpec[]) {
    for (const table of tables) this.add(table);
    for (const table of tables) this.checkParent(table);
  }

  get tables(): readonly TableSpec[] {
    return [...this.byName.values()];
  }

  /** Looks a table up by `layer.name`; throws with the known names when it is missing. */
  get(qualified: string): TableSpec {
    const spec = this.byName.get(qualified);
    if (!spec)
      throw new CatalogError(
        `Unknown table "${qualified}". Known tables: ${[...this.byName.keys()].join(', ')}.`,
      );
    return spec;
  }

  find(qualified: string): TableSpec | undefined {
    return this.byName.get(qualified);
  }

  /** Child tables of a root resource (all depths), parents before their children. */
  descendantsOf(root: TableSpec): TableSpec[] {
    const out: TableSpec[] = [];
    const visit = (parentName: string): void => {
      for (const t of this.byName.values()) {
        if (t.layer === root.layer && t.parent?.table === parentName) {
          out.push(t);
          visit(t.name);
        }
      }
    };
    visit(root.name);
    return out;
  }

  /** The root resource table above a child table. */
  rootOf(spec: TableSpec): TableSpec {
    let current = spec;
    while (current.parent) current = this.get(`${current.layer}.${current.parent.table}`);
    return current;
  }

  private add(table: TableSpec): void {
    const name = qualifiedName(table);
    if (!IDENTIFIER.test(table.name)) throw new CatalogError(`${name}: table names are lower_snake_case.`);
    if (this.byName.has(name)) throw new CatalogError(`${name} is declared twice.`);
    if (!table.description.trim()) throw new CatalogError(`${name} needs a description.`);
    const seen = new Set<string>();
    for (const c of table.columns) {
      if (!IDENTIFIER.test(c.name))
        throw new CatalogError(`${name}.${c.name}: column names are lower_snake_case.`);
      if (seen.has(c.name)) throw new CatalogError(`${name}.${c.name} is declared twice.`);
      if (!c.description.trim()) throw new CatalogError(`${name}.${c.name} needs a description.`);
      seen.add(c.name);
    }
    for (const k of table.primaryKey) {
      if (!seen.has(k)) throw new CatalogError(`${name}: primary key column "${k}" is not a column.`);
    }
    if (table.kind !== 'plain' && ownColumns(table).length === 0 && table.kind === 'child') {
      throw new CatalogError(`${name}: a child table declares at least its natural key columns.`);
    }
    this.byName.set(name, table);
  }

  private checkParent(table: TableSpec): void {
    if (!table.parent) return;
    const name = qualifiedName(table);
    const parent = this.byName.get(`${table.layer}.${table.parent.table}`);
    if (!parent)
      throw new CatalogError(`${name}: parent table ${table.layer}.${table.parent.table} is not declared.`);
    if (parent.history !== table.history) {
      throw new CatalogError(`${name}: a child keeps history exactly when its parent does.`);
    }
    const parentKey = parent.parent?.naturalKey ?? [];
    const missing = parentKey.filter((k) => !table.parent?.naturalKey.includes(k));
    if (missing.length > 0) {
      throw new CatalogError(
        `${name}: natural key must include the parent's natural key (${missing.join(', ')}).`,
      );
    }
  }
}
