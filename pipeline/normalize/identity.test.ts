import { describe, expect, test } from 'vitest';
import { gceMacOf, isIdentityMac, normalizeMac, shortHostname } from './identity.ts';

describe('identity values', () => {
  test('MACs normalise from any common notation', () => {
    expect(normalizeMac('3C-58-C2-DA-A1-A8')).toBe('3c:58:c2:da:a1:a8');
    expect(normalizeMac('3c58.c2da.a1a8')).toBe('3c:58:c2:da:a1:a8');
    expect(normalizeMac('not a mac')).toBeUndefined();
  });

  test('virtual, VPN, docker, multicast and randomised MACs are not identity', () => {
    expect(isIdentityMac('02:42:ac:11:00:02')).toBe(false); // docker0
    expect(isIdentityMac('00:09:0f:aa:00:01')).toBe(false); // FortiClient adapter
    expect(isIdentityMac('00:05:9a:3c:7a:00')).toBe(false); // AnyConnect adapter
    expect(isIdentityMac('01:00:5e:00:00:01')).toBe(false); // multicast
    expect(isIdentityMac('02:fe:00:00:01:aa')).toBe(false); // locally administered
    expect(isIdentityMac('3c:58:c2:da:a1:a8', 'vEthernet (WSL)')).toBe(false);
    expect(isIdentityMac('3c:58:c2:da:a1:a8', 'Wi-Fi')).toBe(true);
    // GCE and OpenStack MACs are locally administered but per machine.
    expect(isIdentityMac('42:01:0a:0a:00:02')).toBe(true);
    expect(isIdentityMac('fa:16:3e:37:00:3e')).toBe(true);
  });

  test('GCE MACs derive from the internal IP', () => {
    expect(gceMacOf('10.15.16.4')).toBe('42:01:0a:0f:10:04');
    expect(gceMacOf('bad')).toBeUndefined();
  });

  test('hostnames compare as short lower-case names', () => {
    expect(shortHostname('DB-Prod-3.payments.acme.internal')).toBe('db-prod-3');
    expect(shortHostname('localhost')).toBeUndefined();
    expect(shortHostname('')).toBeUndefined();
  });
});
