import { readFileSync } from 'node:fs';

// /proc reports CPU time in USER_HZ ticks, which Linux fixes at 100 per second for user space.
export const TICKS_PER_SECOND = 100;
export const MICROS_PER_TICK = 1_000_000 / TICKS_PER_SECOND;

/** User + system CPU ticks a process has used so far (all its threads), from /proc/<pid>/stat. */
export function processCpuTicks(pid: number | 'self'): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may hold spaces and parentheses: fields are counted from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
}

/** Current and peak resident memory of a process in MB (VmRSS, VmHWM of /proc/<pid>/status). */
export function processMemoryMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** Machine-wide CPU ticks from the first line of /proc/stat: busy (steal included) and steal. */
export function machineCpuTicks(): { busy: number; steal: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  const [user, nice, system, , , irq, softirq, steal] = line.split(/\s+/).slice(1).map(Number);
  const stolen = steal ?? 0;
  return {
    busy: (user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + stolen,
    steal: stolen,
  };
}
