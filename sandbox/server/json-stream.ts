/** Writes large JSON values to a response in chunks, honouring backpressure. */
import type { ServerResponse } from 'node:http';

/** Containers with more entries than this are emitted entry by entry. */
const SPLIT_ABOVE = 256;

function* chunks(value: unknown): Generator<string> {
  if (Array.isArray(value) && value.length > SPLIT_ABOVE) {
    yield '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) yield ',';
      yield* chunks(value[i]);
    }
    yield ']';
    return;
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length > 8 || entries.some(([, v]) => v !== null && typeof v === 'object')) {
      yield '{';
      let first = true;
      for (const [k, v] of entries) {
        yield `${first ? '' : ','}${JSON.stringify(k)}:`;
        first = false;
        if (
          v !== null &&
          typeof v === 'object' &&
          (Array.isArray(v) ? v.length > SPLIT_ABOVE : Object.keys(v).length > SPLIT_ABOVE)
        )
          yield* chunks(v);
        else yield JSON.stringify(v) ?? 'null';
      }
      yield '}';
      return;
    }
  }
  yield JSON.stringify(value) ?? 'null';
}

export async function writeJsonStream(res: ServerResponse, value: unknown): Promise<void> {
  let buffer = '';
  for (const piece of chunks(value)) {
    buffer += piece;
    if (buffer.length >= 65_536) {
      const ok = res.write(buffer);
      buffer = '';
      if (!ok) await new Promise<void>((resolve) => res.once('drain', resolve));
    }
  }
  res.end(buffer);
}
