export { callServer } from './call-server.js';
export { runClientLoop } from './client-loop.js';
export { type ClientConfig, ConfigError, parseClientEnv } from './config.js';
export { executeRequest, helloUrlOf } from './execute-request.js';
export { createProgressLog, LOG_PREFIX } from './progress-log.js';
export type { CallOutcome, ClientLoopOptions, ExecuteRequestOptions } from './types.js';
