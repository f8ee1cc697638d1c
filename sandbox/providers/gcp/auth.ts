/**
 * Credentials the sandbox issues for its simulated Google APIs. Accepted bearer tokens:
 * - the static access token printed on the first stdout line;
 * - access tokens minted by POST /token (JWT-bearer grant signed with the issued service-account
 *   key), for clients that honour the key's `token_uri`;
 * - self-signed JWTs signed with the issued key (google-auth-library's JWTAccess path, used by
 *   its JWT client when no scopes are set or with useJWTAccessWithScope). google-auth-library 11
 *   sends the OAuth exchange to https://oauth2.googleapis.com/token regardless of token_uri, so
 *   this is how the real library authenticates against the sandbox without network access.
 */
import { createVerify, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';

export interface ServiceAccountKey {
  type: 'service_account';
  project_id: string;
  private_key_id: string;
  private_key: string;
  client_email: string;
  client_id: string;
  auth_uri: string;
  token_uri: string;
}

function b64urlJson(part: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export class GcpAuth {
  readonly staticToken = `ya29.sandbox-${randomBytes(16).toString('hex')}`;
  readonly clientEmail = 'hotpot-reader@acme-sandbox.iam.gserviceaccount.com';
  readonly keyId = randomBytes(20).toString('hex');
  private readonly publicKey: KeyObject;
  private readonly privatePem: string;
  private readonly issued = new Map<string, number>();

  constructor() {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.publicKey = publicKey;
    this.privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  }

  serviceAccountKey(baseUrl: string): ServiceAccountKey {
    return {
      type: 'service_account',
      project_id: 'acme-sandbox',
      private_key_id: this.keyId,
      private_key: this.privatePem,
      client_email: this.clientEmail,
      client_id: '109876543210987654321',
      auth_uri: `${baseUrl}/o/oauth2/auth`,
      token_uri: `${baseUrl}/token`,
    };
  }

  /** Verifies an RS256 JWT signed with the issued key; returns its claims or a reason. */
  verifyJwt(jwt: string): { claims?: Record<string, unknown>; reason?: string } {
    const parts = jwt.split('.');
    if (parts.length !== 3) return { reason: 'not a JWT' };
    const [h, p, sig] = parts as [string, string, string];
    const header = b64urlJson(h);
    const claims = b64urlJson(p);
    if (!header || !claims) return { reason: 'malformed JWT' };
    if (header.alg !== 'RS256') return { reason: `unsupported alg ${String(header.alg)}` };
    const verifier = createVerify('RSA-SHA256');
    verifier.update(`${h}.${p}`);
    if (!verifier.verify(this.publicKey, Buffer.from(sig, 'base64url')))
      return { reason: 'invalid JWT signature' };
    if (claims.iss !== this.clientEmail) return { reason: `unknown issuer ${String(claims.iss)}` };
    const exp = Number(claims.exp);
    if (!Number.isFinite(exp) || exp * 1000 < Date.now()) return { reason: 'JWT expired' };
    return { claims };
  }

  /** Undefined when the Authorization header carries an accepted credential, else why not. */
  check(authorization: string | undefined): string | undefined {
    if (!authorization) return 'Missing Authorization header.';
    const m = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!m?.[1]) return 'Authorization header is not a Bearer token.';
    const token = m[1];
    if (token === this.staticToken) return undefined;
    const expires = this.issued.get(token);
    if (expires !== undefined) return expires > Date.now() ? undefined : 'Access token expired.';
    if (token.split('.').length === 3) return this.verifyJwt(token).reason;
    return 'Unknown access token.';
  }

  /** POST /token: OAuth 2.0 JWT-bearer grant (RFC 7523), form-encoded like Google's endpoint. */
  exchange(formBody: string): { status: number; body: Record<string, unknown> } {
    const form = new URLSearchParams(formBody);
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
      return {
        status: 400,
        body: {
          error: 'unsupported_grant_type',
          error_description: 'Invalid grant_type: expected urn:ietf:params:oauth:grant-type:jwt-bearer',
        },
      };
    }
    const { reason } = this.verifyJwt(form.get('assertion') ?? '');
    if (reason) return { status: 400, body: { error: 'invalid_grant', error_description: reason } };
    const token = `ya29.sandbox-${randomBytes(24).toString('hex')}`;
    this.issued.set(token, Date.now() + 3_600_000);
    return { status: 200, body: { access_token: token, expires_in: 3599, token_type: 'Bearer' } };
  }
}
