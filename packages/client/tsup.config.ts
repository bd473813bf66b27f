import { defineConfig } from 'tsup';

export default defineConfig([
  // The library: dependencies stay imports, so an application shares one @opentelemetry/api.
  {
    entry: ['src/index.ts'],
    format: 'esm',
    target: 'node22',
    sourcemap: true,
    clean: ['!bin.*'],
  },
  // The executable: one file, so startup reads one module instead of several hundred. grpc-js
  // stays apart (it loads its own files at run time); `require` serves the CommonJS bundled in.
  {
    entry: ['src/bin.ts'],
    format: 'esm',
    target: 'node22',
    sourcemap: true,
    noExternal: [/^(?!@grpc\/grpc-js)/],
    splitting: false,
    banner: {
      js: "import { createRequire as bundledCreateRequire } from 'node:module';\nconst require = bundledCreateRequire(import.meta.url);",
    },
  },
]);
