import { defineConfig } from 'tsup';
import { libraryAndBin } from '../../tsup.base.js';

export default defineConfig(libraryAndBin({ library: 'src/index.ts', bin: 'src/bin.ts' }));
