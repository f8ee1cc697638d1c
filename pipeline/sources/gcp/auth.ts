import { GoogleAuth, JWT, OAuth2Client, type AuthClient } from 'google-auth-library';
import { ConfigError } from '../common/config-error.ts';
import type { GcpConfig } from './config.ts';

const CLOUD_PLATFORM = 'https://www.googleapis.com/auth/cloud-platform';

interface ServiceAccountKey {
  client_email?: string;
  private_key?: string;
  private_key_id?: string;
}

/** The credential name used in messages (never its value). */
export function credentialName(config: GcpConfig): string {
  return config.credential;
}

/**
 * Builds the auth client for a source. Service-account keys sign their own JWT access tokens
 * (no token exchange round trip), which also works against private endpoints.
 */
export async function buildAuthClient(
  sourceId: string,
  config: GcpConfig,
  secret: (name: string) => string | undefined,
): Promise<AuthClient> {
  if (config.credential === 'accessToken') {
    const token = secret('accessToken');
    if (!token)
      throw new ConfigError(
        `source ${sourceId}: no accessToken is stored; add it with "hotpot sources add gcp".`,
      );
    const client = new OAuth2Client();
    client.setCredentials({ access_token: token });
    return client;
  }
  if (config.credential === 'serviceAccountKey') {
    const text = secret('serviceAccountKey');
    if (!text)
      throw new ConfigError(
        `source ${sourceId}: no serviceAccountKey is stored; add it with "hotpot sources add gcp".`,
      );
    let key: ServiceAccountKey;
    try {
      key = JSON.parse(text) as ServiceAccountKey;
    } catch {
      throw new ConfigError(`source ${sourceId}: the stored serviceAccountKey is not JSON.`);
    }
    if (!key.client_email || !key.private_key) {
      throw new ConfigError(`source ${sourceId}: the serviceAccountKey lacks client_email or private_key.`);
    }
    const jwt = new JWT({
      email: key.client_email,
      key: key.private_key,
      ...(key.private_key_id ? { keyId: key.private_key_id } : {}),
      scopes: [CLOUD_PLATFORM],
    });
    jwt.useJWTAccessWithScope = true;
    return jwt;
  }
  return (await new GoogleAuth({ scopes: [CLOUD_PLATFORM] }).getClient()) as AuthClient;
}
