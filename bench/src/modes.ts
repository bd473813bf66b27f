import type { PacingSettings } from './pacing.js';
import type { RunSettings } from './round.js';

export interface Mode extends RunSettings {
  name: 'full' | 'quick' | 'smoke';
  /** Paired rounds wanted without CPU pressure, and the most the suite will run to get them. */
  rounds: number;
  maxRounds: number;
  startupPairs: number;
  /** How long the client runs at full load before its peak memory is read. */
  clientSeconds: number;
  pacing: PacingSettings;
}

export const MODES: Record<Mode['name'], Mode> = {
  full: {
    name: 'full',
    rounds: 10,
    maxRounds: 20,
    warmupSeconds: 2,
    seconds: 10,
    idleMillis: 1000,
    startupPairs: 10,
    clientSeconds: 30,
    pacing: { startRate: 10_000, trialSeconds: 5, maxTrials: 8 },
  },
  // Within 5 minutes on 2 cores, even when every round has to be run.
  quick: {
    name: 'quick',
    rounds: 3,
    maxRounds: 6,
    warmupSeconds: 1,
    seconds: 3,
    idleMillis: 500,
    startupPairs: 4,
    clientSeconds: 10,
    pacing: { startRate: 10_000, trialSeconds: 2, maxTrials: 5 },
  },
  // Proves the suite works end to end; its numbers mean little.
  smoke: {
    name: 'smoke',
    rounds: 1,
    maxRounds: 1,
    warmupSeconds: 0.3,
    seconds: 1,
    idleMillis: 200,
    startupPairs: 1,
    clientSeconds: 2,
    pacing: { startRate: 2_000, trialSeconds: 0.5, maxTrials: 2 },
  },
};
