import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A certificate the cluster's CA signs: who it names, and where it is valid. */
export interface CertificateRequest {
  /** File name stem: `<name>.crt` and `<name>.key`. */
  name: string;
  /** Common name: the user (or node) Kubernetes authenticates. */
  cn: string;
  /** Organisation: the group, `system:masters` or `system:nodes`, say. */
  o?: string;
  /** Subject alternative names for serving certificates: `IP:127.0.0.1`, `DNS:kubernetes`. */
  san?: string[];
}

const DAYS = '365';

async function openssl(dir: string, args: string[]): Promise<void> {
  await run('openssl', args, { cwd: dir });
}

/**
 * A fresh CA for one cluster, and every certificate signed by it. Nothing is shared between
 * clusters or taken from the machine, so `down` deleting the folder revokes everything.
 *
 * @example await makeCertificates(dir, [{ name: 'admin', cn: 'admin', o: 'system:masters' }]);
 */
export async function makeCertificates(dir: string, requests: CertificateRequest[]) {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await openssl(dir, ['genrsa', '-out', 'ca.key', '2048']);
  await openssl(dir, [
    ...['req', '-x509', '-new', '-key', 'ca.key', '-sha256', '-days', DAYS],
    ...['-subj', '/CN=tracing-lab-ca', '-out', 'ca.crt'],
  ]);
  // Signs service-account tokens; the API server checks them with the public half.
  await openssl(dir, ['genrsa', '-out', 'service-account.key', '2048']);
  await openssl(dir, [
    'rsa',
    '-in',
    'service-account.key',
    '-pubout',
    '-out',
    'service-account.pub',
  ]);
  for (const { name, cn, o, san } of requests) {
    const subject = `/CN=${cn}${o ? `/O=${o}` : ''}`;
    await openssl(dir, ['genrsa', '-out', `${name}.key`, '2048']);
    await openssl(dir, [
      'req',
      '-new',
      '-key',
      `${name}.key`,
      '-subj',
      subject,
      '-out',
      `${name}.csr`,
    ]);
    const usage = san ? 'serverAuth,clientAuth' : 'clientAuth';
    const extensions = [
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      `extendedKeyUsage=${usage}`,
      ...(san ? [`subjectAltName=${san.join(',')}`] : []),
    ];
    await writeFile(join(dir, `${name}.ext`), `${extensions.join('\n')}\n`);
    await openssl(dir, [
      ...['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key'],
      ...['-CAcreateserial', '-days', DAYS, '-sha256', '-extfile', `${name}.ext`],
      ...['-out', `${name}.crt`],
    ]);
  }
}
