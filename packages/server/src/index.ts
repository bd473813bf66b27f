export { createApp } from './app.js';
export { ConfigError, parseServerConfig, type ServerConfig } from './config.js';
export {
  STORE_LATENCY_BOUNDS_MILLIS,
  storeLatency,
  storeLatencyBoundMillis,
} from './preferences-store.js';
export { type RunningServer, startServer } from './serve.js';
export { traceRejectedRequests } from './server-span.js';
export type { AppOptions } from './types.js';
