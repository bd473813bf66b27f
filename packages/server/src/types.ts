// Tracers are fetched per use, not cached in a module constant: a cached tracer would keep
// pointing at a provider that a test (or a restart of telemetry) has since shut down.
export const TRACER_NAME = '@tracing-lab/server';

/** Options of {@link createApp}. */
export interface AppOptions {
  /** Multiplies the deliberate latency of GET /hello; 0 turns it off. */
  hotspotScale?: number;
  /** Clock in milliseconds (the hotspot picks its bound from the current second). */
  now?: () => number;
  /** Uniform random number in [0, 1) (the hotspot draws its delay from it). */
  random?: () => number;
  /** Receives the one line logged when a request fails unexpectedly. */
  log?: (line: string) => void;
}

/** What the hotspot needs to decide and apply its delay. */
export interface HotspotSettings {
  scale: number;
  now: () => number;
  random: () => number;
}
