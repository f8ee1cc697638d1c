import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { catalog } from '../../../db/catalog/index.ts';
import { openTestStore, type TestStore } from '../../../db/testing/stores.ts';
import { withGoldTables } from '../engine.ts';
import { ensureGoldTables } from '../testing/gold-tables.ts';
import {
  bundledEolSnapshot,
  ensureEolReference,
  fetchEolProducts,
  matchLike,
  writeEolReference,
} from './reference.ts';

let server: Server;
let base: string;
let ts: TestStore;

beforeAll(async () => {
  // endoflife.date faked as an HTTP server: ubuntu answers, everything else is a 404.
  server = createServer((req, res) => {
    if (req.url === '/api/ubuntu.json') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify([{ cycle: '26.04', releaseDate: '2026-04-23', eol: '2031-05-31', lts: true }]));
    } else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  ts = await openTestStore('duckdb');
  await ensureGoldTables(ts.store);
});
afterAll(async () => {
  server.close();
  await ts?.dispose();
});

test('patterns recognise the OS names assets report', () => {
  const like = (pattern: string | null, text: string): boolean =>
    new RegExp(`^${(pattern ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*')}$`).test(text);
  expect(like(matchLike('ubuntu', '22.04'), 'ubuntu 22.04')).toBe(true);
  expect(like(matchLike('debian', '12'), 'debian gnu/linux 12')).toBe(true);
  expect(like(matchLike('centos', '7'), 'centos 7.9')).toBe(true);
  expect(like(matchLike('windows-server', '2012-r2'), 'windows server 2012 r2 standard 6.3.9600')).toBe(true);
  expect(like(matchLike('windows', '11-23h2'), 'windows 11 enterprise 23h2')).toBe(true);
  expect(like(matchLike('windows', '10-22h2'), 'windows 11 enterprise 23h2')).toBe(false);
  expect(like(matchLike('macos', '14'), 'macos 14.4')).toBe(true);
});

test('the bundled snapshot covers the common OS families', () => {
  expect(Object.keys(bundledEolSnapshot().products).sort()).toEqual(
    [
      'almalinux',
      'centos',
      'debian',
      'macos',
      'rhel',
      'rocky-linux',
      'ubuntu',
      'windows',
      'windows-server',
    ].sort(),
  );
});

test('online data replaces the snapshot per product; failed products keep theirs', async () => {
  const cat = withGoldTables(catalog);
  await ensureEolReference(ts.store, cat, new Date('2026-01-01T00:00:00Z'));
  const { products, failed } = await fetchEolProducts(base, { products: ['ubuntu', 'debian'] });
  expect(Object.keys(products)).toEqual(['ubuntu']);
  expect(failed).toEqual(['debian']);
  await writeEolReference(ts.store, cat, products, new Date('2026-01-02T00:00:00Z'));
  const rows = await ts.store.query<{ product: string; cycle: string }>(
    "SELECT product, cycle FROM bronze.eol_cycles WHERE product IN ('ubuntu', 'debian') ORDER BY product, cycle",
  );
  expect(rows.filter((r) => r.product === 'ubuntu').map((r) => r.cycle)).toEqual(['26.04']);
  expect(rows.filter((r) => r.product === 'debian').length).toBeGreaterThan(2);
});
