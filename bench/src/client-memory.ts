import type { Collector } from './collector.js';
import { freePort } from './free-port.js';
import { manifestNodeOptions } from './memory-limits.js';
import { processMemoryMb } from './proc.js';
import { start, waitFor200 } from './processes.js';
import { CLIENT_BIN, type Endpoints, repoRoot, variantCommand } from './variants.js';

// The shortest interval the client accepts: one call at a time, up to 100 calls a second.
const FULL_LOAD_INTERVAL_MS = '10';
// Spans the client makes per call: ExecuteRequest and its CLIENT child.
const SPANS_PER_CALL = 2;

export interface ClientMemory {
  peakMb: number;
  callsPerSecond: number;
}

/**
 * Our client at full load, with the V8 settings of its pod, exporting to the real Collector: it
 * calls the bare server (the fastest to answer) for `seconds`, then its peak RSS is read.
 */
export async function clientPeakUnderLoad(
  collector: Collector,
  endpoints: Endpoints,
  seconds: number,
): Promise<ClientMemory> {
  const port = await freePort();
  const bare = variantCommand('bare', port, endpoints);
  const server = start(process.execPath, [bare.script], bare.env);
  try {
    await waitFor200(server, port, '/healthz');
    const nodeOptions = manifestNodeOptions(repoRoot, 'client');
    const spansBefore = await collector.acceptedSpans();
    const client = start(process.execPath, [CLIENT_BIN], {
      PATH: process.env.PATH,
      ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
      SERVER_URL: `http://127.0.0.1:${port}`,
      INTERVAL_MS: FULL_LOAD_INTERVAL_MS,
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoints.collector,
    });
    const began = performance.now();
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    if (client.child.exitCode !== null) {
      throw new Error(`the client exited with code ${client.child.exitCode}: ${client.output()}`);
    }
    const { peak } = processMemoryMb(client.pid);
    // Until it has stopped: the call in flight at SIGTERM is finished and exported.
    await client.stop();
    const elapsed = (performance.now() - began) / 1000;
    const spans = (await collector.settledSpans()) - spansBefore;
    if (spans === 0)
      throw new Error(`the Collector received no span from the client: ${client.output()}`);
    return { peakMb: peak, callsPerSecond: spans / SPANS_PER_CALL / elapsed };
  } finally {
    await server.stop();
  }
}
