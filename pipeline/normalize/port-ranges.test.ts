import { describe, expect, test } from 'vitest';
import { allowedRanges, parsePorts, protocolName, type RankedRule } from './port-ranges.ts';

const rule = (
  name: string,
  priority: number,
  deny: boolean,
  protocol: string,
  ports = '',
): RankedRule<string> => ({
  priority,
  deny,
  ranges: parsePorts(protocolName(protocol), ports),
  ref: name,
});

describe('first-match firewall evaluation', () => {
  test('a higher-priority deny shadows an allow; lower-priority deny does not', () => {
    const out = allowedRanges([
      rule('allow-ssh', 1000, false, 'tcp', '22'),
      rule('deny-ssh', 900, true, 'tcp', '22'),
    ]);
    expect(out).toEqual([]);
    const later = allowedRanges([
      rule('allow-ssh', 1000, false, 'tcp', '22'),
      rule('deny-ssh', 2000, true, 'tcp', '22'),
    ]);
    expect(later).toEqual([{ range: { protocol: 'tcp', from: 22, to: 22 }, rule: 'allow-ssh' }]);
  });

  test('deny wins at equal priority', () => {
    expect(
      allowedRanges([rule('a', 1000, false, 'tcp', '20-30'), rule('d', 1000, true, 'tcp', '22')]),
    ).toEqual([
      { range: { protocol: 'tcp', from: 20, to: 21 }, rule: 'a' },
      { range: { protocol: 'tcp', from: 23, to: 30 }, rule: 'a' },
    ]);
  });

  test('protocol all opens every port of tcp and udp; numbers name protocols', () => {
    const out = allowedRanges([rule('any', 1000, false, 'all')]);
    expect(out.map((o) => `${o.range.protocol}:${o.range.from}-${o.range.to}`)).toEqual([
      'tcp:0-65535',
      'udp:0-65535',
    ]);
    expect(protocolName('6')).toBe('tcp');
    expect(parsePorts('tcp', '80,443,8000-8080')).toHaveLength(3);
  });
});
