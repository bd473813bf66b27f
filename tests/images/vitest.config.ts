import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'images',
    include: ['test/**/*.test.ts'],
    // Builds the images (or finds them cached) once per run, before any test starts a container.
    globalSetup: ['test/global-setup.ts'],
    // Containers compete for the same CPUs; stop-time measurements need them one file at a time.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
