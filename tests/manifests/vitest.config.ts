import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'manifests',
    include: ['test/**/*.test.ts'],
    // Builds tools/kube-check (Go) once per run, into the cache outside the clone.
    globalSetup: ['test/global-setup.ts'],
  },
});
