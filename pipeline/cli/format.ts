import type { Row } from '../../db/store/types.ts';

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** RFC 4180 CSV: fields with commas, quotes or line breaks are quoted, quotes doubled. */
export function toCsv(columns: readonly string[], rows: readonly Row[]): string {
  const field = (value: unknown): string => {
    const text = cell(value);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return [columns.map(field).join(','), ...rows.map((r) => columns.map((c) => field(r[c])).join(','))].join(
    '\n',
  );
}

/** A plain aligned text table for terminals; long cells are cut. */
export function toTable(columns: readonly string[], rows: readonly Row[], maxWidth = 60): string {
  const text = rows.map((r) =>
    columns.map((c) => {
      const s = cell(r[c]).replace(/\s+/g, ' ');
      return s.length > maxWidth ? `${s.slice(0, maxWidth - 1)}…` : s;
    }),
  );
  const widths = columns.map((c, i) => Math.max(c.length, ...text.map((t) => (t[i] ?? '').length)));
  const line = (values: readonly string[]): string =>
    values
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...text.map(line)].join('\n');
}
