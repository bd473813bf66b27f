export { createApp } from './app.js';
export { ConfigError, parseServerConfig, type ServerConfig } from './config.js';
export { HOTSPOT_BOUNDS_MILLIS, hotspotBoundMillis, hotspotDelay } from './hotspot.js';
export { type RunningServer, startServer } from './serve.js';
export type { AppOptions } from './types.js';
