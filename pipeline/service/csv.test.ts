import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv.ts';
import { maskStoreUrl } from './handlers/settings.ts';

describe('csv export', () => {
  it('quotes, writes JSON cells as JSON, and defuses spreadsheet formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell(null)).toBe('');
    expect(csvCell({ a: [1, 2] })).toBe('"{""a"":[1,2]}"');
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('-1+2')).toBe("'-1+2");
    expect(csvCell(-5)).toBe('-5');
    expect(toCsv(['a', 'b'], [{ a: 1, b: true }, { a: null }])).toBe('a,b\r\n1,true\r\n,\r\n');
  });
});

describe('settings', () => {
  it('mask a PostgreSQL password and leave other locations alone', () => {
    expect(maskStoreUrl('postgres://u:p%40ss@h:5432/db')).toBe('postgres://u:***@h:5432/db');
    expect(maskStoreUrl('postgresql://u@h/db')).toBe('postgresql://u@h/db');
    expect(maskStoreUrl('/home/a/.hotpot/store.duckdb')).toBe('/home/a/.hotpot/store.duckdb');
  });
});
