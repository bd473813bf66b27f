import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

interface ScratchImageOptions {
  /** Folder the image archive is written to (as `image.tar`); used as scratch space too. */
  dir: string;
  /** The name the image is imported under, `tracing-lab.local/pause:3.10.1` say. */
  ref: string;
  /** One static program, placed at `/<its file name>` and run as the entrypoint. */
  program: string;
  /** Numeric user the program runs as; PodSecurity "restricted" wants a non-root one. */
  user?: string;
}

/**
 * A single-layer image holding one static program (`FROM scratch` + `COPY`), written as the
 * archive `docker save` makes, which `ctr images import` reads. No image builder needed.
 *
 * @example await scratchImage({ dir, ref: 'tracing-lab.local/pause:3.10.1', program: 'pause' });
 */
export async function scratchImage({ dir, ref, program, user }: ScratchImageOptions) {
  const root = join(dir, 'rootfs');
  const archive = join(dir, 'archive');
  await mkdir(root, { recursive: true });
  await mkdir(archive, { recursive: true });
  const name = basename(program);
  await copyFile(program, join(root, name));
  const tarFlags = ['--numeric-owner', '--owner=0', '--group=0', '--mtime=@0', '--sort=name'];
  await run('tar', ['-C', root, ...tarFlags, '-cf', join(archive, 'layer.tar'), name]);
  const layer = await readFile(join(archive, 'layer.tar'));
  const diffId = `sha256:${createHash('sha256').update(layer).digest('hex')}`;
  const config = JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    config: { Entrypoint: [`/${name}`], ...(user && { User: user }) },
    rootfs: { type: 'layers', diff_ids: [diffId] },
  });
  const configName = `${createHash('sha256').update(config).digest('hex')}.json`;
  await writeFile(join(archive, configName), config);
  const manifest = [{ Config: configName, RepoTags: [ref], Layers: ['layer.tar'] }];
  await writeFile(join(archive, 'manifest.json'), JSON.stringify(manifest));
  const files = ['manifest.json', configName, 'layer.tar'];
  await run('tar', ['-C', archive, ...tarFlags, '-cf', join(dir, 'image.tar'), ...files]);
  await rm(root, { recursive: true });
  await rm(archive, { recursive: true });
}
