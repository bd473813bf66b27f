import { freePort } from './free-port.js';
import { start, waitFor200 } from './processes.js';
import { type Endpoints, type VariantName, variantCommand } from './variants.js';

/** Milliseconds from spawn to the first 200 on /healthz, for one fresh process. */
async function timeToFirst200(variant: VariantName, endpoints: Endpoints): Promise<number> {
  const port = await freePort();
  const { script, env } = variantCommand(variant, port, endpoints);
  const server = start(process.execPath, [script], env);
  try {
    return await waitFor200(server, port, '/healthz');
  } finally {
    await server.stop();
  }
}

/** Startup of our server (Collector up) against the bare app, in alternating pairs. */
export async function measureStartup(
  endpoints: Endpoints,
  pairs: number,
): Promise<{ bareMillis: number[]; oursMillis: number[] }> {
  const bareMillis: number[] = [];
  const oursMillis: number[] = [];
  for (let i = 0; i < pairs; i++) {
    // Alternate which goes first so a warming file cache favours neither.
    const order: VariantName[] = i % 2 === 0 ? ['bare', 'ours'] : ['ours', 'bare'];
    for (const variant of order) {
      const millis = await timeToFirst200(variant, endpoints);
      (variant === 'bare' ? bareMillis : oursMillis).push(millis);
    }
  }
  return { bareMillis, oursMillis };
}
