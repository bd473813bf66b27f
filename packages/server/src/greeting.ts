export const MAX_NAME_LENGTH = 64;

export type NameQuery = { ok: true; name: string | undefined } | { ok: false; error: string };

/**
 * Validates `?name=`: optional, given once, 1 to 64 printable characters. Hono leaves a `%XX`
 * sequence that is not valid UTF-8 undecoded (`?name=%FF` arrives as "%FF"): refuse it rather
 * than greet the raw escape.
 */
export function parseNameQuery(values: string[] | undefined): NameQuery {
  if (values === undefined) return { ok: true, name: undefined };
  if (values.length > 1) return { ok: false, error: 'query parameter "name" must be given once' };
  const [name = ''] = values;
  if (/%[\da-f]{2}/i.test(name)) {
    return {
      ok: false,
      error: 'invalid query parameter "name": its percent-encoding does not decode to UTF-8 text',
    };
  }
  const length = [...name].length;
  if (length < 1 || length > MAX_NAME_LENGTH || /\p{C}/u.test(name)) {
    return {
      ok: false,
      error: `invalid query parameter "name": expected 1 to ${MAX_NAME_LENGTH} printable characters`,
    };
  }
  return { ok: true, name };
}

/** Builds the answer's message from the stored greeting. */
export function buildGreeting(greeting: string, name: string | undefined): string {
  return name === undefined ? greeting : `${greeting}, ${name}`;
}
