import { machineCpuTicks, processCpuTicks, TICKS_PER_SECOND } from './proc.js';

export interface Pressure {
  /** CPU the rest of the machine used during the window, in cores (steal counts as used). */
  foreignCores: number;
}

/**
 * Watches how much CPU the machine spends on anything other than the given processes (the
 * server, the Collector, the suite itself with its load generator). A round during which other
 * work took CPU competed for the same cores and is not comparable with its pair.
 */
export function watchPressure(ownPids: () => (number | 'self')[]): { stop(): Pressure } {
  const own = () => ownPids().reduce<number>((sum, pid) => sum + safeTicks(pid), 0);
  const startedAt = performance.now();
  const machineBefore = machineCpuTicks().busy;
  const ownBefore = own();
  return {
    stop() {
      const seconds = (performance.now() - startedAt) / 1000;
      const foreignTicks = machineCpuTicks().busy - machineBefore - (own() - ownBefore);
      return { foreignCores: Math.max(0, foreignTicks) / TICKS_PER_SECOND / seconds };
    },
  };
}

function safeTicks(pid: number | 'self'): number {
  try {
    return processCpuTicks(pid);
  } catch {
    return 0; // the process is gone; its ticks no longer matter to the difference
  }
}
