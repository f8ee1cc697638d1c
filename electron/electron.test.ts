// The Electron side without the Electron binary: the window's hardening as declared in main,
// the app:// protocol, keychain-backed secrets (with a stand-in for safeStorage on a real SQLite
// app state), and the main ↔ utility-process service proxy.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { AppState } from '../db/state/app-state.ts';
import { Workspace } from '../pipeline/workspace.ts';
import { hostService, type HostChannel } from './host-client.ts';
import type { FromHost, ToHost } from './messages.ts';
import { appResponse, isAppUrl } from './protocol.ts';
import { SafeStorageSecretStore, unwrapWorkspaceKey, type SafeStorageLike } from './secrets.ts';

const dirs: string[] = [];
const temp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'hotpot-electron-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Reversible, non-identity "encryption" standing in for the OS keychain. */
const fakeKeychain: SafeStorageLike = {
  isEncryptionAvailable: () => true,
  encryptString: (s) => Buffer.from(Buffer.from(s, 'utf8').map((b) => b ^ 0x5a)),
  decryptString: (b) => Buffer.from(b.map((x) => x ^ 0x5a)).toString('utf8'),
};

describe('main process hardening', () => {
  const main = readFileSync(new URL('./main.ts', import.meta.url), 'utf8');
  it('creates windows isolated from Node', () => {
    expect(main).toMatch(/contextIsolation: true/);
    expect(main).toMatch(/sandbox: true/);
    expect(main).toMatch(/nodeIntegration: false/);
    expect(main).toMatch(/webviewTag: false/);
    expect(main).not.toMatch(
      /nodeIntegration: true|contextIsolation: false|sandbox: false|webSecurity: false/,
    );
  });
  it('denies new windows, foreign navigation, webviews and permissions; holds a single-instance lock', () => {
    expect(main).toMatch(/setWindowOpenHandler\([^]*?action: 'deny'/);
    expect(main).toMatch(/'will-navigate'[^]*?preventDefault/);
    expect(main).toMatch(/'will-attach-webview'[^]*?preventDefault/);
    expect(main).toMatch(/setPermissionRequestHandler\([^]*?callback\(false\)/);
    expect(main).toMatch(/requestSingleInstanceLock\(\)/);
    expect(main).toMatch(/utilityProcess\.fork\(/);
  });
  it('exposes exactly one preload object', () => {
    const preload = readFileSync(new URL('./preload.ts', import.meta.url), 'utf8');
    expect(preload.match(/exposeInMainWorld/g)).toHaveLength(1);
  });
});

describe('app:// protocol', () => {
  it('accepts only the app origin', () => {
    expect(isAppUrl('app://hotpot/index.html')).toBe(true);
    expect(isAppUrl('https://evil.example/')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl(undefined)).toBe(false);
  });
  it('serves the renderer with the strict CSP and never escapes its folder', async () => {
    const root = temp();
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<title>app</title>');
    writeFileSync(join(root, 'assets', 'a.js'), 'export {}');
    const js = await appResponse(root, 'app://hotpot/assets/a.js');
    expect(js.headers.get('content-type')).toContain('javascript');
    expect(js.headers.get('content-security-policy')).toContain("script-src 'self'");
    const escape = await appResponse(root, 'app://hotpot/..%2f..%2f..%2fetc%2fpasswd');
    expect(await escape.text()).toBe('<title>app</title>');
  });
});

describe('keychain secrets', () => {
  it('store values encrypted, bound to their reference', () => {
    const state = AppState.open(join(temp(), 'state.sqlite'));
    const store = new SafeStorageSecretStore(state, fakeKeychain);
    store.set('source:a:apiToken', 'tok-123-secret');
    expect(store.get('source:a:apiToken')).toBe('tok-123-secret');
    expect(store.has('source:a:apiToken')).toBe(true);
    const raw = state.db.prepare('SELECT ciphertext FROM secrets').get() as { ciphertext: Buffer };
    expect(raw.ciphertext.toString('utf8')).not.toContain('tok-123-secret');
    // A ciphertext copied to another reference is refused.
    state.db
      .prepare(
        `INSERT INTO secrets (ref, nonce, ciphertext, tag, updated_at) VALUES ('source:b:apiToken', x'', ?, x'', '')`,
      )
      .run(raw.ciphertext);
    expect(() => store.get('source:b:apiToken')).toThrow(/tampered/);
    store.delete('source:a:apiToken');
    expect(store.get('source:a:apiToken')).toBeUndefined();
    state.close();
  });
  it('refuse to work without a keychain', () => {
    const state = AppState.open(join(temp(), 'state.sqlite'));
    expect(
      () => new SafeStorageSecretStore(state, { ...fakeKeychain, isEncryptionAvailable: () => false }),
    ).toThrow(/keychain/);
    state.close();
  });
  it('wrap the workspace key once and unwrap the same key later', () => {
    const home = temp();
    const a = unwrapWorkspaceKey(home, fakeKeychain);
    expect(a).toHaveLength(32);
    expect(unwrapWorkspaceKey(home, fakeKeychain).equals(a)).toBe(true);
    expect(readFileSync(join(home, 'secret.key.keychain')).includes(a.toString('base64'))).toBe(false);
  });
  it('give the pipeline process a workspace whose secrets need no key file', async () => {
    const home = join(temp(), 'ws');
    const key = unwrapWorkspaceKey(home, fakeKeychain);
    const { workspace } = await Workspace.init(home, { secretKey: key });
    workspace.secrets.set('source:a:apiToken', 'tok-desktop');
    workspace.close();
    expect(existsSync(join(home, 'secret.key'))).toBe(false);
    const reopened = Workspace.open(home, { secretKey: unwrapWorkspaceKey(home, fakeKeychain) });
    expect(reopened.secrets.get('source:a:apiToken')).toBe('tok-desktop');
    reopened.close();
    const wrongKey = Workspace.open(home, { secretKey: Buffer.alloc(32, 1) });
    expect(() => wrongKey.secrets.get('source:a:apiToken')).toThrow(/cannot be decrypted/);
    wrongKey.close();
  });
  it('adopt the key file of a workspace first used from the CLI', async () => {
    const home = temp();
    const { workspace } = await Workspace.init(home);
    workspace.secrets.set('source:a:apiToken', 'tok-cli');
    workspace.close();
    const desktop = Workspace.open(home, { secretKey: unwrapWorkspaceKey(home, fakeKeychain) });
    expect(desktop.secrets.get('source:a:apiToken')).toBe('tok-cli');
    desktop.close();
  });
});

describe('utility-process service proxy', () => {
  it('forwards calls, results, errors and events', async () => {
    const emitter = new EventEmitter();
    const sent: ToHost[] = [];
    const channel: HostChannel = {
      postMessage: (m) => {
        sent.push(m);
        const reply = (r: FromHost): void => void setImmediate(() => emitter.emit('message', r));
        if (m.type === 'init') reply({ type: 'ready' });
        if (m.type === 'call')
          reply(
            m.name === 'ok'
              ? { type: 'result', id: m.id, envelope: { ok: true, result: { echoed: m.input } } }
              : {
                  type: 'result',
                  id: m.id,
                  envelope: { ok: false, error: { code: 'UNKNOWN_CALL', message: 'no' } },
                },
          );
      },
      on: ((event: string, listener: (m: never) => void) =>
        emitter.on(event, listener as (...args: unknown[]) => void)) as HostChannel['on'],
    };
    const key = Buffer.alloc(32, 7);
    const service = hostService(channel, '/tmp/home', key);
    expect(sent[0]).toEqual({ type: 'init', home: '/tmp/home', key: key.toString('base64') });
    expect(await service.handle('ok', { a: 1 })).toEqual({ echoed: { a: 1 } });
    await expect(service.handle('bad', {})).rejects.toMatchObject({ code: 'UNKNOWN_CALL' });
    const events: unknown[] = [];
    service.subscribe((e) => events.push(e));
    emitter.emit('message', { type: 'event', event: { kind: 'sources.changed' } } satisfies FromHost);
    expect(events).toEqual([{ kind: 'sources.changed' }]);
  });
});
