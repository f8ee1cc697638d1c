import { readFileSync } from 'node:fs';

/** The running Hotpot version, recorded with each migration it applies. */
export const HOTPOT_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
