/** Control API: /_sandbox/truth, /_sandbox/mutate, /_sandbox/faults. Never faulted, no auth. */
import type { ServerResponse } from 'node:http';
import { formatFaultSpec, parseFaultSpec } from './faults.ts';
import type { SandboxHarness } from './harness.ts';
import { send } from './harness.ts';
import { writeJsonStream } from './json-stream.ts';
import type { SandboxRequest } from './types.ts';

export async function handleControl(
  h: SandboxHarness,
  req: SandboxRequest,
  res: ServerResponse,
): Promise<void> {
  const route = `${req.method} ${req.path}`;
  switch (route) {
    case 'GET /_sandbox/truth': {
      const truth = h.truth();
      const providers = Object.fromEntries(h.plugins.map((p) => [p.name, p.truthExtras?.() ?? {}]));
      const full: Record<string, unknown> = { ...truth, providers };
      const sections = req.query.get('sections');
      const value = sections ? Object.fromEntries(sections.split(',').map((s) => [s, full[s]])) : full;
      res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
      await writeJsonStream(res, value);
      return;
    }
    case 'POST /_sandbox/mutate': {
      const w = h.advance();
      send(res, { status: 200, body: w.lastMutation ?? { generation: w.generation } });
      return;
    }
    case 'GET /_sandbox/faults':
      send(res, { status: 200, body: { spec: formatFaultSpec(h.faults.spec), injected: h.faults.injected } });
      return;
    case 'POST /_sandbox/faults': {
      let text = req.body.trim();
      if (text.startsWith('{')) {
        const parsed = JSON.parse(text) as { spec?: unknown };
        text = typeof parsed.spec === 'string' ? parsed.spec : '';
      }
      try {
        h.faults.reset(parseFaultSpec(text));
      } catch (err) {
        send(res, { status: 400, body: { error: err instanceof Error ? err.message : String(err) } });
        return;
      }
      send(res, { status: 200, body: { spec: formatFaultSpec(h.faults.spec) } });
      return;
    }
    default: {
      // Plug-ins may expose their own control settings under /_sandbox/<provider>/...
      for (const p of h.plugins) {
        const prefix = `/_sandbox/${p.name}/`;
        if (req.path.startsWith(prefix) && p.control) {
          send(res, await p.control(req.method, req.path.slice(prefix.length), req.body));
          return;
        }
      }
      send(res, {
        status: 404,
        body: {
          error: `unknown control route ${route}; known: GET /_sandbox/truth, POST /_sandbox/mutate, GET|POST /_sandbox/faults`,
        },
      });
    }
  }
}
