#!/usr/bin/env node
import { otlpEndpointsFromEnv, setupTelemetry } from '@tracing-lab/telemetry';
// Bundled at build time: only the version string lands in dist/bin.js.
import { version } from '../package.json';
import { createApp } from './app.js';
import { ConfigError, parseServerConfig } from './config.js';
import { listenErrorReason, startServer } from './serve.js';

const NAME = 'tracing-lab-server';
// Kubernetes waits 30 s before SIGKILL; finish well before, and say so if something hangs.
const STOP_DEADLINE_MILLIS = 10_000;

function fail(message: string): never {
  console.error(`${NAME}: ${message}`);
  process.exit(2);
}

let config: ReturnType<typeof parseServerConfig>;
try {
  config = parseServerConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}

const telemetry = setupTelemetry({
  serviceName: 'server',
  serviceVersion: version,
  endpoints: otlpEndpointsFromEnv(process.env),
});
const app = createApp({ hotspotScale: config.hotspotScale });

const listening = startServer({ fetch: app.fetch, port: config.port, host: config.host });
// Handlers go in before the startup line, since whoever reads that line may signal at once.
// Being explicit also matters as PID 1 in a container, where Node would ignore SIGTERM.
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));

const server = await listening.catch((error: NodeJS.ErrnoException) =>
  fail(`cannot listen on ${config.host}:${config.port}: ${listenErrorReason(error)} (HOST, PORT)`),
);
console.error(
  `${NAME} listening on http://${config.host}:${server.port} (hotspot scale ${config.hotspotScale})`,
);

let stopping = false;
async function stop(signal: NodeJS.Signals): Promise<void> {
  if (stopping) return;
  stopping = true;
  setTimeout(() => {
    console.error(
      `${NAME}: still stopping ${STOP_DEADLINE_MILLIS / 1000} s after ${signal}, exiting now`,
    );
    process.exit(1);
  }, STOP_DEADLINE_MILLIS).unref();
  await (await listening).stop();
  await telemetry.shutdown();
  process.exit(0);
}
