#!/usr/bin/env node
// Part of the release's version step (`pnpm run version-packages`, after `changeset version`): kustomize/base
// pins the server and client images at the packages' version, so the version pull request moves
// those tags with the packages. Rewrites only the newTag lines, keeping the file's comments.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The clone to update: this script's own by default, another one when given (tests use a copy).
const root = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..');
const file = join(root, 'kustomize/base/kustomization.yaml');
const { version } = JSON.parse(readFileSync(join(root, 'packages/server/package.json'), 'utf8'));
const ours = /(- name: ghcr\.io\/tracing-lab\/tracing-lab-(?:server|client)\n\s+newTag: )(\S+)/g;
const text = readFileSync(file, 'utf8');
const count = [...text.matchAll(ours)].length;
if (count !== 2) {
  console.error(
    `bump-image-tags: expected the server and client images in ${file}, found ${count}`,
  );
  process.exit(1);
}
writeFileSync(file, text.replace(ours, `$1${version}`));
console.error(`bump-image-tags: kustomize/base runs the server and client images at ${version}`);
