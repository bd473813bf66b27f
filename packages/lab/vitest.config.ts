import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'lab',
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Each e2e file runs a whole cluster (Collector, Jaeger, server, client): side by side they
    // compete for CPU and make each other's readiness and latency measurements noisy.
    fileParallelism: false,
  },
});
