/**
 * A safety net for clusters still running when the process goes away: on exit, and on SIGINT or
 * SIGTERM when nobody else handles them (a test runner interrupted, say), kill and remove
 * everything synchronously, then let the signal do what it would have done.
 */
const running = new Set<() => void>();
let installed = false;

export function onProcessExit(cleanup: () => void): () => void {
  running.add(cleanup);
  install();
  return () => running.delete(cleanup);
}

function cleanAll() {
  for (const cleanup of [...running]) {
    running.delete(cleanup);
    try {
      cleanup();
    } catch {
      // keep cleaning the others
    }
  }
}

function install() {
  if (installed) return;
  installed = true;
  process.on('exit', cleanAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const handler = () => {
      if (process.listenerCount(signal) > 1) return; // the application handles it
      cleanAll();
      process.off(signal, handler);
      process.kill(process.pid, signal);
    };
    process.on(signal, handler);
  }
}
