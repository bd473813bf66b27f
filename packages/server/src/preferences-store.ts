import { setTimeout as sleep } from 'node:timers/promises';
import { SpanStatusCode } from '@opentelemetry/api';
import { tracer } from './scope.js';
import type { StoreSettings } from './types.js';

/** Upper bounds (ms) of the store's response time, picked by the current second modulo 5. */
export const STORE_LATENCY_BOUNDS_MILLIS = [2000, 15, 917, 87, 1173] as const;

/** The upper bound of the response time at a given instant: `unix_seconds % 5` selects it. */
export function storeLatencyBoundMillis(nowMillis: number): number {
  const unixSeconds = Math.floor(nowMillis / 1000);
  return STORE_LATENCY_BOUNDS_MILLIS[unixSeconds % STORE_LATENCY_BOUNDS_MILLIS.length] ?? 0;
}

/** A uniform random time in [0, bound) scaled by `scale`: mean ~420 ms, max ~2 s at scale 1. */
export function storeLatency({ scale, now, random }: StoreSettings) {
  const boundMillis = storeLatencyBoundMillis(now());
  return { boundMillis, delayMillis: random() * boundMillis * scale };
}

export interface Preferences {
  greeting: string;
}

/** Reads the caller's greeting preferences from the preferences store. */
export async function fetchPreferences(settings: StoreSettings): Promise<Preferences> {
  return tracer().startActiveSpan('fetch-preferences', async (span) => {
    try {
      const { delayMillis } = storeLatency(settings);
      // With the hotspot off (scale 0) there is nothing to wait for: no timer, no extra tick.
      if (delayMillis > 0) await sleep(delayMillis);
      return { greeting: 'hello' };
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}
