import { defineConfig } from 'tsup';

export default defineConfig({
  // The suite, and the three programs it starts besides the server's own bin.
  entry: ['src/bin.ts', 'src/bare-server.ts', 'src/auto-server.ts', 'src/span-pump.ts'],
  format: 'esm',
  target: 'node22',
  sourcemap: true,
  clean: true,
});
