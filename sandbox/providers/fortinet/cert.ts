/**
 * A self-signed X.509 v3 certificate built in pure Node (DER by hand, signed sha256WithRSA), so
 * the sandbox can serve HTTPS like a FortiGate with its factory certificate without an openssl
 * binary. Subject CN is the appliance serial; subjectAltName covers 127.0.0.1, ::1 and localhost.
 */
import { X509Certificate, createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';

function len(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), len(body.length), body]);
}

const seq = (...c: Buffer[]): Buffer => tlv(0x30, ...c);
const set = (...c: Buffer[]): Buffer => tlv(0x31, ...c);
const octets = (b: Buffer): Buffer => tlv(0x04, b);
const utf8 = (s: string): Buffer => tlv(0x0c, Buffer.from(s, 'utf8'));
const bool = (v: boolean): Buffer => tlv(0x01, Buffer.from([v ? 0xff : 0]));
const explicit = (n: number, c: Buffer): Buffer => tlv(0xa0 + n, c);

function integer(bytes: Buffer): Buffer {
  let b = bytes;
  while (b.length > 1 && b[0] === 0 && ((b[1] ?? 0) & 0x80) === 0) b = b.subarray(1);
  return tlv(0x02, (b[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
}

function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const out: number[] = [(parts[0] ?? 0) * 40 + (parts[1] ?? 0)];
  for (const p of parts.slice(2)) {
    const chunk: number[] = [p & 0x7f];
    for (let v = p >>> 7; v > 0; v >>>= 7) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

function time(d: Date): Buffer {
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  // UTCTime until 2049, GeneralizedTime after (RFC 5280 §4.1.2.5).
  return d.getUTCFullYear() < 2050
    ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`))
    : tlv(0x18, Buffer.from(`${iso}Z`));
}

function name(attrs: readonly (readonly [string, string])[]): Buffer {
  return seq(...attrs.map(([o, v]) => set(seq(oid(o), utf8(v)))));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return seq(oid(id), ...(critical ? [bool(true)] : []), octets(value));
}

export interface SelfSignedCert {
  certPem: string;
  keyPem: string;
  /** SHA-256 of the DER certificate, uppercase hex pairs joined by ':' (as Node prints it). */
  fingerprint256: string;
}

export function createSelfSignedCert(commonName: string, days = 3650): SelfSignedCert {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const sha256WithRsa = seq(oid('1.2.840.113549.1.1.11'), tlv(0x05));
  const subject = name([
    ['2.5.4.6', 'US'],
    ['2.5.4.10', 'Fortinet'],
    ['2.5.4.11', 'FortiGate'],
    ['2.5.4.3', commonName],
  ]);
  const now = Date.now();
  const san = seq(
    tlv(0x87, Buffer.from([127, 0, 0, 1])),
    tlv(0x87, Buffer.from([...Array(15).fill(0), 1] as number[])),
    tlv(0x82, Buffer.from('localhost')),
  );
  const keyId = createHash('sha1').update(spki).digest();
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))),
    integer(randomBytes(16)),
    sha256WithRsa,
    subject,
    seq(time(new Date(now - 86_400_000)), time(new Date(now + days * 86_400_000))),
    subject,
    spki,
    explicit(
      3,
      seq(
        extension('2.5.29.19', true, seq(bool(true))),
        // digitalSignature, keyEncipherment, keyCertSign.
        extension('2.5.29.15', true, tlv(0x03, Buffer.from([0x02, 0xa4]))),
        extension('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'))),
        extension('2.5.29.14', false, octets(keyId)),
        extension('2.5.29.17', false, san),
      ),
    ),
  );
  const signature = sign('sha256', tbs, privateKey);
  const der = seq(tbs, sha256WithRsa, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const body = der.toString('base64').replace(/(.{64})/g, '$1\n');
  const certPem = `-----BEGIN CERTIFICATE-----\n${body}${body.endsWith('\n') ? '' : '\n'}-----END CERTIFICATE-----\n`;
  const x509 = new X509Certificate(certPem);
  if (!x509.verify(publicKey)) throw new Error('self-signed certificate does not verify');
  return {
    certPem,
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    fingerprint256: x509.fingerprint256,
  };
}

let shared: SelfSignedCert | undefined;

/** One key pair per process: RSA generation costs ~100 ms and every sandbox can share it. */
export function sandboxCertificate(): SelfSignedCert {
  shared ??= createSelfSignedCert('FortiGate-sandbox');
  return shared;
}
