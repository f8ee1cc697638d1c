// The pipeline in an Electron utility process: the service (engine, stores, activities) runs
// here, off the main process, so a long ingest never freezes windows or menus.
import { createService, type Service } from '../pipeline/service/service.ts';
import { toServiceError } from '../pipeline/service/service-error.ts';
import { Workspace } from '../pipeline/workspace.ts';
import type { FromHost, ToHost } from './messages.ts';

interface ParentPort {
  on(event: 'message', listener: (e: { data: ToHost }) => void): void;
  postMessage(message: FromHost): void;
}

const port = (process as unknown as { parentPort: ParentPort }).parentPort;
let service: Service | undefined;

port.on('message', ({ data }) => {
  void (async () => {
    switch (data.type) {
      case 'init':
        try {
          const secretKey = Buffer.from(data.key, 'base64');
          (await Workspace.init(data.home, { secretKey })).workspace.close();
          service = createService({ home: data.home, secretKey });
          service.subscribe((event) => port.postMessage({ type: 'event', event }));
          port.postMessage({ type: 'ready' });
        } catch (error) {
          port.postMessage({ type: 'fatal', message: (error as Error).message });
        }
        return;
      case 'call':
        try {
          if (!service) throw new Error('The pipeline is still starting.');
          const result = await service.handle(data.name, data.input);
          port.postMessage({ type: 'result', id: data.id, envelope: { ok: true, result: result ?? null } });
        } catch (error) {
          port.postMessage({
            type: 'result',
            id: data.id,
            envelope: { ok: false, error: toServiceError(error).body() },
          });
        }
        return;
      case 'shutdown':
        await service?.close();
        process.exit(0);
    }
  })();
});
