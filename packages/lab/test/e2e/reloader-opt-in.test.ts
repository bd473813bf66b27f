import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FacilitatorRoom,
  facilitatorRoom,
  ONLY_LABEL,
  OWN_ONLY,
} from '../facilitator/room.js';

/*
 * The Reloader opt-in contract of the facilitator kit, on the real API server, with the
 * attendee's own kubeconfig: the label tracing-lab.dev/reloader on their own namespace, and
 * nothing else.
 */

let room: FacilitatorRoom;

beforeAll(async () => {
  room = await facilitatorRoom();
}, 1_800_000);

afterAll(() => room?.remove());

const labelsOf = async (namespace: string) =>
  JSON.parse(
    await room.admin(['get', 'namespace', namespace, '-o', 'jsonpath={.metadata.labels}']),
  );
const refusal = (args: string[]) =>
  room.attendee(args).then(
    () => 'allowed',
    (error: Error) => error.message,
  );

describe("the Reloader opt-in label, with an attendee's credentials", () => {
  it('the attendee may set and remove tracing-lab.dev/reloader on their own namespace', async () => {
    await room.attendee(['label', 'namespace', room.own, 'tracing-lab.dev/reloader=enabled']);
    expect((await labelsOf(room.own))['tracing-lab.dev/reloader']).toBe('enabled');
    await room.attendee(['label', 'namespace', room.own, 'tracing-lab.dev/reloader-']);
    expect(await labelsOf(room.own)).not.toHaveProperty('tracing-lab.dev/reloader');
  });

  it('any other label is refused with the policy message, Pod Security included', async () => {
    expect(await refusal(['label', 'namespace', room.own, 'team=blue'])).toContain(ONLY_LABEL);
    const podSecurity = 'pod-security.kubernetes.io/enforce=privileged';
    expect(await refusal(['label', 'namespace', room.own, podSecurity, '--overwrite'])).toContain(
      ONLY_LABEL,
    );
    expect((await labelsOf(room.own))['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  it("another attendee's namespace is refused with the policy message", async () => {
    const message = await refusal([
      'label',
      'namespace',
      room.other,
      'tracing-lab.dev/reloader=enabled',
    ]);
    expect(message).toContain(OWN_ONLY);
    expect(await labelsOf(room.other)).not.toHaveProperty('tracing-lab.dev/reloader');
  });
});
