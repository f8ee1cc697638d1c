// Connection URLs kept in workspace settings (the PostgreSQL store, the central publish target)
// often carry a password. The settings table is plain SQLite that exports and backups copy, so the
// password is split off into the encrypted secret store and only the rest of the URL is a setting.
import type { AppState } from './app-state.ts';
import type { SecretStore } from './secrets.ts';

const passwordRef = (key: string): string => `setting:${key}:password`;

/** The URL and its (still percent-encoded) password, when the value is a URL with one. */
function splitPassword(value: string): { bare: string; password: string } | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (!url.password) return undefined;
  const password = url.password;
  url.password = '';
  return { bare: url.toString(), password };
}

export class UrlSettings {
  constructor(
    private readonly state: AppState,
    private readonly secrets: SecretStore,
  ) {}

  set(key: string, value: string | undefined): void {
    if (value === undefined || value === '') {
      this.state.deleteSetting(key);
      this.secrets.delete(passwordRef(key));
      return;
    }
    const split = splitPassword(value);
    if (split) this.secrets.set(passwordRef(key), split.password);
    else this.secrets.delete(passwordRef(key));
    this.state.setSetting(key, split ? split.bare : value);
  }

  /** The full URL, password included; moves a password saved by an older version into secrets. */
  get(key: string): string | undefined {
    const stored = this.state.getSetting<string>(key);
    if (stored === undefined) return undefined;
    if (splitPassword(stored)) {
      this.set(key, stored);
      return stored;
    }
    const password = this.secrets.get(passwordRef(key));
    if (password === undefined) return stored;
    const url = new URL(stored);
    url.password = password;
    return url.toString();
  }
}
