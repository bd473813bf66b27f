import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';

export interface HangingDns {
  /** Command prefix that runs a program inside the namespace. */
  wrapper: string[];
  close(): Promise<void>;
}

const NAMESERVER = '127.0.0.53';

/**
 * A network namespace whose only DNS server reads every query and never answers, as a dead
 * cluster DNS would: any name outside its hosts file hangs in the resolver until it times out.
 * `ip netns exec` mounts /etc/netns/<name>/{hosts,resolv.conf} over /etc for programs run in it.
 * Needs root; nothing leaves the namespace (loopback only).
 */
export async function startHangingDns(): Promise<HangingDns> {
  const name = `tl-dns-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const etc = `/etc/netns/${name}`;
  execFileSync('ip', ['netns', 'add', name]);
  let listener: ChildProcess | undefined;
  const close = async () => {
    if (listener && listener.exitCode === null) {
      listener.kill('SIGKILL');
      await once(listener, 'exit');
    }
    execFileSync('ip', ['netns', 'del', name]);
    rmSync(etc, { recursive: true, force: true });
  };
  try {
    mkdirSync(etc, { recursive: true });
    writeFileSync(`${etc}/hosts`, '127.0.0.1\tlocalhost\n');
    writeFileSync(`${etc}/resolv.conf`, `nameserver ${NAMESERVER}\n`);
    execFileSync('ip', ['netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up']);
    const script = `const s = require('node:dgram').createSocket('udp4');
      s.on('message', () => {}); s.bind(53, '${NAMESERVER}', () => console.log('ready'));`;
    listener = spawn('ip', ['netns', 'exec', name, process.execPath, '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await once(listener.stdout as NodeJS.ReadableStream, 'data');
  } catch (error) {
    await close();
    throw error;
  }
  return { wrapper: ['ip', 'netns', 'exec', name], close };
}
