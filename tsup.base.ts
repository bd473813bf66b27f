import type { Options } from 'tsup';

const common: Options = { format: 'esm', target: 'node22', sourcemap: true };

/** tsup builds of a package with a library entry and an executable named `bin`. */
export function libraryAndBin({ library, bin }: { library: string; bin: string }): Options[] {
  return [
    // The library: dependencies stay imports, so an application shares one @opentelemetry/api.
    { ...common, entry: [library], clean: ['!bin.*'] },
    // The executable: one file, so startup reads one module instead of several hundred. grpc-js
    // stays apart (it loads its own files at run time); `require` serves the CommonJS bundled in.
    {
      ...common,
      entry: { bin },
      noExternal: [/^(?!@grpc\/grpc-js)/],
      splitting: false,
      banner: {
        js: "import { createRequire as bundledCreateRequire } from 'node:module';\nconst require = bundledCreateRequire(import.meta.url);",
      },
    },
  ];
}
