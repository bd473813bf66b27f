import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'workflows',
    include: ['test/**/*.test.ts'],
    // The first run builds actionlint from the Go module proxy (about a minute).
    testTimeout: 300_000,
  },
});
