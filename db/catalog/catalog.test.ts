import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { Catalog } from './catalog.ts';
import { childTable, col, historyColumns, resourceTable } from './define.ts';
import { renderDictionary } from './dictionary.ts';
import { catalog } from './index.ts';

const vm = resourceTable({
  layer: 'bronze',
  name: 'vms',
  description: 'VMs.',
  columns: [col('name', 'text', 'Name.')],
});

describe('catalog', () => {
  test('resource and child tables get identity, bookkeeping and history columns', () => {
    const nics = childTable({
      layer: 'bronze',
      name: 'vm_nics',
      description: 'NICs.',
      parent: 'vms',
      naturalKey: ['nic'],
      columns: [col('nic', 'text', 'NIC.')],
    });
    const c = new Catalog([vm, nics]);
    expect(c.get('bronze.vms').primaryKey).toEqual(['source_id', 'resource_id']);
    expect(nics.primaryKey).toEqual(['source_id', 'resource_id', 'nic']);
    expect(nics.columns.find((x) => x.name === 'nic')?.nullable).toBe(false);
    expect(historyColumns(nics).map((x) => x.name)).toEqual([
      'history_id',
      'parent_history_id',
      'source_id',
      'resource_id',
      'nic',
      'content_hash',
      'valid_from',
      'valid_to',
    ]);
    expect(historyColumns(vm).map((x) => x.name)).not.toContain('tree_hash');
    expect(c.descendantsOf(vm).map((t) => t.name)).toEqual(['vm_nics']);
  });

  test('refuses declarations that break the rules, naming the table', () => {
    expect(() => new Catalog([vm, vm])).toThrow('bronze.vms is declared twice');
    const orphan = childTable({
      layer: 'bronze',
      name: 'x_children',
      description: 'x',
      parent: 'nope',
      naturalKey: ['k'],
      columns: [col('k', 'text', 'k')],
    });
    expect(() => new Catalog([orphan])).toThrow('parent table bronze.nope is not declared');
    const undocumented = resourceTable({
      layer: 'bronze',
      name: 'y',
      description: 'y',
      columns: [col('a', 'text', ' ')],
    });
    expect(() => new Catalog([undocumented])).toThrow('bronze.y.a needs a description');
    const nics = childTable({
      layer: 'bronze',
      name: 'vm_nics',
      description: 'n',
      parent: 'vms',
      naturalKey: ['nic'],
      columns: [col('nic', 'text', 'n')],
    });
    const badGrandchild = childTable({
      layer: 'bronze',
      name: 'vm_nic_ips',
      description: 'i',
      parent: 'vm_nics',
      naturalKey: ['ip'],
      columns: [col('ip', 'text', 'i')],
    });
    expect(() => new Catalog([vm, nics, badGrandchild])).toThrow(
      "must include the parent's natural key (nic)",
    );
  });

  test('docs/reference/DATA_DICTIONARY.md is generated from the current catalog', () => {
    const file = readFileSync(new URL('../../docs/reference/DATA_DICTIONARY.md', import.meta.url), 'utf8');
    expect(file, 'run "npm run docs:dictionary" to regenerate it').toBe(renderDictionary(catalog));
  });
});
