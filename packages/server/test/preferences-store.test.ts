import { describe, expect, it } from 'vitest';
import {
  fetchPreferences,
  STORE_LATENCY_BOUNDS_MILLIS,
  storeLatency,
  storeLatencyBoundMillis,
} from '../src/preferences-store.js';

const atSecond = (unixSeconds: number) => () => unixSeconds * 1000 + 999;

describe("preferences store latency (the workshop's hotspot)", () => {
  it('picks its upper bound from unix_seconds % 5, as the original server did', () => {
    expect(STORE_LATENCY_BOUNDS_MILLIS).toEqual([2000, 15, 917, 87, 1173]);
    const bounds = [0, 1, 2, 3, 4, 5, 6, 1_764_000_003].map((s) =>
      storeLatencyBoundMillis(atSecond(s)()),
    );
    expect(bounds).toEqual([2000, 15, 917, 87, 1173, 2000, 15, 87]);
  });

  it('draws a uniform delay below the bound, multiplied by the scale', () => {
    const delay = (unixSeconds: number, random: number, scale: number) =>
      storeLatency({ now: atSecond(unixSeconds), random: () => random, scale }).delayMillis;
    expect(delay(10, 0.5, 1)).toBe(1000);
    expect(delay(10, 0, 1)).toBe(0);
    expect(delay(12, 0.5, 2)).toBe(917);
    expect(delay(14, 0.25, 0.5)).toBeCloseTo(146.625);
  });

  it('never sleeps at scale 0', () => {
    for (let second = 0; second < 5; second++) {
      const { delayMillis } = storeLatency({ now: atSecond(second), random: () => 0.99, scale: 0 });
      expect(delayMillis).toBe(0);
    }
  });

  it('starts no timer when the delay is 0, and one when it is not', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    const off = fetchPreferences({ now: atSecond(0), random: () => 0.5, scale: 0 });
    expect(timers()).toBe(before);
    const on = fetchPreferences({ now: atSecond(1), random: () => 0.1, scale: 1 });
    expect(timers()).toBe(before + 1);
    await Promise.all([off, on]);
  });
});
