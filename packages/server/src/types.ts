/** Options of {@link createApp}. */
export interface AppOptions {
  /** Multiplies the response time of the preferences store; 0 makes it instant. */
  hotspotScale?: number;
  /** Clock in milliseconds (the store's response time depends on the current second). */
  now?: () => number;
  /** Uniform random number in [0, 1) (the store's response time is drawn from it). */
  random?: () => number;
  /** Receives the one line logged when a request fails unexpectedly. */
  log?: (line: string) => void;
}

/** What the preferences store needs to decide its response time. */
export interface StoreSettings {
  scale: number;
  now: () => number;
  random: () => number;
}
