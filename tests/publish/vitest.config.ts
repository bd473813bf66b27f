import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'publish',
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Packing and `npm install` of the tarballs (third-party dependencies from the registry).
    hookTimeout: 240_000,
    testTimeout: 60_000,
  },
});
