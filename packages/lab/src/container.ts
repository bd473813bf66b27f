import { type ChildProcess, spawn } from 'node:child_process';
import { closeLog, openLog } from './logs.js';
import { type Dial, probeTiming, runProbe } from './probes.js';
import { signalGroup, terminate } from './process-group.js';
import type { Container, Probe } from './types.js';

export interface ContainerEvent {
  type: 'started' | 'ready' | 'not-ready' | 'exited' | 'liveness-failed';
  pod: string;
  container: string;
  detail?: string;
}

export interface ContainerStatus {
  name: string;
  state: 'waiting' | 'running' | 'terminated';
  ready: boolean;
  restartCount: number;
  pid: number | undefined;
  lastExit: string | undefined;
}

export interface ContainerOptions {
  pod: string;
  podAddress: string;
  container: Container;
  command: { command: string; args: string[] };
  env: Record<string, string>;
  logDir: string;
  dial: Dial;
  /** The kubelet's restart back-off: immediate, then `initialMs` doubling up to `maxMs`. */
  backoff: { initialMs: number; maxMs: number };
  /** terminationGracePeriodSeconds, used when a failing liveness probe kills the container. */
  graceMs: number;
  onEvent: (event: ContainerEvent) => void;
}

/**
 * One container under `restartPolicy: Always`: started as its own process group, restarted with
 * back-off whenever it exits, probed for readiness and liveness like the kubelet does.
 */
export function runContainer(options: ContainerOptions) {
  const { pod, container, onEvent } = options;
  const status: ContainerStatus = {
    name: container.name,
    state: 'waiting',
    ready: false,
    restartCount: 0,
    pid: undefined,
    lastExit: undefined,
  };
  const log = openLog(options.logDir, pod, container.name);
  const timers = new Set<NodeJS.Timeout>();
  let child: ChildProcess | undefined;
  let stopping = false;
  let crashes = 0;
  let startedAt = 0;
  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };
  const emit = (type: ContainerEvent['type'], detail?: string) =>
    onEvent({ type, pod, container: container.name, ...(detail ? { detail } : {}) });

  function start() {
    const { command, args } = options.command;
    const started = spawn(command, args, {
      detached: true,
      stdio: ['ignore', log, log],
      env: options.env,
    });
    child = started;
    startedAt = Date.now();
    Object.assign(status, { state: 'running', pid: started.pid, ready: !container.readinessProbe });
    emit('started', `pid ${started.pid}`);
    if (status.ready) emit('ready');
    started.on('error', (error) => emit('exited', error.message));
    started.on('exit', (code, signal) => {
      child = undefined;
      Object.assign(status, { state: 'terminated', ready: false, pid: undefined });
      status.lastExit = signal ? `signal ${signal}` : `exit code ${code}`;
      if (stopping) return;
      emit('exited', status.lastExit);
      status.restartCount++;
      // Like the kubelet, a container that ran for a while starts its back-off afresh.
      if (Date.now() - startedAt > 2 * options.backoff.maxMs) crashes = 0;
      later(backoffDelay(crashes++, options.backoff), () => !stopping && start());
    });
    if (container.readinessProbe) probeLoop(started, container.readinessProbe, onReadiness);
    if (container.livenessProbe) probeLoop(started, container.livenessProbe, onLiveness(started));
  }

  function probeLoop(
    owner: ChildProcess,
    probe: Probe,
    onResult: (ok: boolean, streak: number) => void,
  ) {
    const timing = probeTiming(probe);
    let last: boolean | undefined;
    let streak = 0;
    const tick = async () => {
      if (stopping || child !== owner) return;
      const ok = await runProbe(container, probe, options.podAddress, options.dial);
      if (stopping || child !== owner) return;
      streak = ok === last ? streak + 1 : 1;
      last = ok;
      onResult(ok, streak);
      later(timing.periodMs, tick);
    };
    later(timing.initialDelayMs, tick);
  }

  function onReadiness(ok: boolean, streak: number) {
    const { successThreshold, failureThreshold } = probeTiming(container.readinessProbe as Probe);
    if (ok && !status.ready && streak >= successThreshold) {
      status.ready = true;
      emit('ready');
    } else if (!ok && status.ready && streak >= failureThreshold) {
      status.ready = false;
      emit('not-ready');
    }
  }

  const onLiveness = (owner: ChildProcess) => (ok: boolean, streak: number) => {
    const { failureThreshold } = probeTiming(container.livenessProbe as Probe);
    if (ok || streak < failureThreshold) return;
    emit('liveness-failed', `${streak} failed probes: restarting`);
    void terminate(owner, options.graceMs);
  };

  start();
  return {
    status: (): ContainerStatus => ({ ...status }),
    /** SIGTERM, then SIGKILL after the grace period, as when a pod is deleted. */
    async stop(grace: number) {
      stopping = true;
      for (const timer of timers) clearTimeout(timer);
      if (child) await terminate(child, grace);
      closeLog(log);
    },
    /** Last resort on process exit: no waiting. */
    killSync() {
      stopping = true;
      if (child?.pid) signalGroup(child.pid, 'SIGKILL');
    },
  };
}

/** CrashLoopBackOff: the first restart is immediate, then initialMs doubling up to maxMs. */
const backoffDelay = (
  crashes: number,
  { initialMs, maxMs }: { initialMs: number; maxMs: number },
) => (crashes === 0 ? 0 : Math.min(initialMs * 2 ** (crashes - 1), maxMs));

export type RunningContainer = ReturnType<typeof runContainer>;
