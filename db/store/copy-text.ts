import type { BulkValue } from './types.ts';

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** One value in PostgreSQL COPY text format (tab-separated, `\N` for NULL, backslash escapes). */
function copyField(value: BulkValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  const text = typeof value === 'string' ? value : String(value);
  return /[\\\n\r\t]/.test(text) ? text.replace(/[\\\n\r\t]/g, (c) => ESCAPES[c] ?? c) : text;
}

/** Rows as COPY text, in pieces of about `pieceRows` rows so large loads stream. */
export function* copyText(rows: readonly (readonly BulkValue[])[], pieceRows = 2000): Generator<string> {
  for (let start = 0; start < rows.length; start += pieceRows) {
    let piece = '';
    const end = Math.min(rows.length, start + pieceRows);
    for (let i = start; i < end; i++) {
      const row = rows[i] as readonly BulkValue[];
      let line = '';
      for (let j = 0; j < row.length; j++) line += (j === 0 ? '' : '\t') + copyField(row[j] ?? null);
      piece += `${line}\n`;
    }
    yield piece;
  }
}
