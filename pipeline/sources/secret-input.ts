import { readFileSync } from 'node:fs';
import { HotpotError } from '../../db/errors.ts';

/**
 * Reads a secret from a file, or from standard input for `-`. Secrets never come from the command
 * line itself, where other users of the machine could read them in the process list.
 */
export function readSecretFile(path: string, what: string): string {
  try {
    const text = readFileSync(path === '-' ? 0 : path, 'utf8').trim();
    if (!text) throw new Error('it is empty');
    return text;
  } catch (error) {
    throw new HotpotError(
      `Cannot read the ${what} from ${path === '-' ? 'standard input' : path}: ${(error as Error).message}.`,
      'SECRET_INPUT',
    );
  }
}
