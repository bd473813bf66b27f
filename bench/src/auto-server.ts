#!/usr/bin/env node
import { register } from 'node:module';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NodeSDK } from '@opentelemetry/sdk-node';

// Auto-instrumentation as its documentation sets it up for ES modules: the loader hook that lets
// instrumentations patch what is imported, the SDK configured by the standard OTEL_* variables the
// suite passes, then the application, loaded only once the SDK has started.
register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
const sdk = new NodeSDK({ instrumentations: [new HttpInstrumentation()] });
sdk.start();
const { serveBare } = await import('./serve-bare.js');
const server = serveBare(process.env);
process.once('SIGTERM', async () => {
  await server.stop();
  await sdk.shutdown().catch(() => {});
  process.exit(0);
});
