// Node-side entry of the service: the handlers, both transports' server sides, and the contract.
export * from './contract.ts';
export * from './client.ts';
export * from './events.ts';
export {
  createService,
  handlers,
  ServiceError,
  toServiceError,
  type Service,
  type ServiceOptions,
} from './service.ts';
export { startHttpTransport, type HttpTransport, type HttpTransportOptions } from './http/server.ts';
export { httpTransport, type HttpClientOptions } from './http/client.ts';
export { newToken, isLoopbackAddress, CSP } from './http/security.ts';
export { registerIpcTransport, type IpcTransportOptions } from './ipc/main.ts';
export { bridgeTransport, createBridge } from './ipc/renderer.ts';
export * from './ipc/channels.ts';
