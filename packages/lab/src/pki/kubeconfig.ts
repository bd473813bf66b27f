import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';

/**
 * A kubeconfig for one user of the cluster, the CA and the user's certificate embedded, so the
 * file alone is enough (a pod can mount just it).
 *
 * @example await writeKubeconfig({ pki, user: 'admin', server: 'https://127.0.0.1:6443', path });
 */
export async function writeKubeconfig(options: {
  /** Folder `makeCertificates` filled. */
  pki: string;
  /** Stem of the user's certificate files. */
  user: string;
  server: string;
  path: string;
}): Promise<string> {
  const { pki, user, server, path } = options;
  const base64 = async (file: string) => (await readFile(join(pki, file))).toString('base64');
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'tracing-lab',
        cluster: { server, 'certificate-authority-data': await base64('ca.crt') },
      },
    ],
    users: [
      {
        name: user,
        user: {
          'client-certificate-data': await base64(`${user}.crt`),
          'client-key-data': await base64(`${user}.key`),
        },
      },
    ],
    contexts: [{ name: 'tracing-lab', context: { cluster: 'tracing-lab', user } }],
    'current-context': 'tracing-lab',
  };
  await writeFile(path, stringify(config), { mode: 0o600 });
  return path;
}
