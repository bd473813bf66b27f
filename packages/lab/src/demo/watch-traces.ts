import { jaegerApi } from '../jaeger/query-api.js';
import { slowestTrace } from '../jaeger/trace-command.js';
import { renderWaterfall } from '../jaeger/waterfall.js';
import { type Clock, pause } from './clock.js';

/**
 * The solution's proof, printed as it happens: a line every 5 s with the number of traces in
 * Jaeger, the time to the first one, then the waterfall of the slowest whole trace.
 */
export async function watchTraces(jaegerUrl: string, clock: Clock, print: (line: string) => void) {
  const jaeger = jaegerApi(jaegerUrl);
  let firstSeen = false;
  let waterfallShown = false;
  let lastLine = 0;
  while (!clock.over()) {
    const count = await jaeger.traces('client', { limit: 2000, lookback: '1h' }).then(
      (traces) => traces.length,
      () => undefined,
    );
    if (count && !firstSeen) {
      firstSeen = true;
      print(`First trace visible in Jaeger ${clock.elapsed()} after start.`);
    } else if (firstSeen && !waterfallShown) {
      // Once a client -> server trace is whole: every service batches its spans before exporting.
      const options = { lookback: '5m', settledOnly: true, minServices: 2 };
      const trace = await slowestTrace(jaeger, options).catch(() => undefined);
      if (trace) {
        waterfallShown = true;
        print(
          `The slowest trace so far (tracing-lab trace <id> --url ${jaegerUrl} shows any other):\n${renderWaterfall(trace)}`,
        );
      }
    }
    if (Date.now() - lastLine >= 5000) {
      const shown = count === undefined ? 'query failed' : count === 2000 ? '2000+' : count;
      print(`Traces in Jaeger (service client): ${shown}`);
      lastLine = Date.now();
    }
    await pause(clock, firstSeen ? 5000 : 500);
  }
}
