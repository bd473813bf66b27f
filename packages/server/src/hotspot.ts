import { setTimeout as sleep } from 'node:timers/promises';
import { trace } from '@opentelemetry/api';
import { type HotspotSettings, TRACER_NAME } from './types.js';

/** Upper bounds (ms) of the random delay, picked by the current second modulo 5 (as upstream). */
export const HOTSPOT_BOUNDS_MILLIS = [2000, 15, 917, 87, 1173] as const;

/** The upper bound of the delay at a given instant: `unix_seconds % 5` selects it. */
export function hotspotBoundMillis(nowMillis: number): number {
  const unixSeconds = Math.floor(nowMillis / 1000);
  return HOTSPOT_BOUNDS_MILLIS[unixSeconds % HOTSPOT_BOUNDS_MILLIS.length] ?? 0;
}

/** A uniform random delay in [0, bound) scaled by `scale`: mean ~420 ms, max ~2 s at scale 1. */
export function hotspotDelay({ scale, now, random }: HotspotSettings) {
  const boundMillis = hotspotBoundMillis(now());
  return { boundMillis, delayMillis: random() * boundMillis * scale };
}

/**
 * THE LATENCY HOTSPOT of the workshop, in its own span so a trace shows where the time goes.
 * It stands for a slow dependency (a database, another service) that attendees must find.
 */
export async function callSlowDependency(settings: HotspotSettings): Promise<void> {
  const tracer = trace.getTracer(TRACER_NAME);
  await tracer.startActiveSpan('slow-dependency', async (span) => {
    try {
      const { boundMillis, delayMillis } = hotspotDelay(settings);
      span.setAttributes({
        'hotspot.bound_ms': boundMillis,
        'hotspot.delay_ms': Math.round(delayMillis),
        'hotspot.scale': settings.scale,
      });
      await sleep(delayMillis); // <- the line that makes GET /hello slow
    } finally {
      span.end();
    }
  });
}
