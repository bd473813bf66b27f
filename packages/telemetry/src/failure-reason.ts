// gRPC errors carry long, nested messages ("14 UNAVAILABLE: No connection established. Last
// error: ..."); attendees need the cause in a few words, plus a hint where one is obvious.
const REASONS: ReadonlyArray<[RegExp, string]> = [
  [/ECONNREFUSED/, 'connection refused (nothing listens there)'],
  [/Name resolution failed|ENOTFOUND|EAI_AGAIN/, 'DNS name not resolved'],
  [
    /SSL|TLS|wrong version number|handshake|certificate/i,
    'TLS handshake failed (plaintext endpoint? write http://host:port)',
  ],
  [/DEADLINE_EXCEEDED|Deadline exceeded/, 'deadline exceeded (no answer in time)'],
  [/ECONNRESET/, 'connection reset'],
  [/EHOSTUNREACH|ENETUNREACH/, 'host unreachable'],
  [/Protocol error/, 'protocol error (not a gRPC endpoint? OTLP gRPC listens on 4317)'],
  [/UNIMPLEMENTED/, 'endpoint does not implement OTLP gRPC (wrong port?)'],
  [/Channel closed/, 'channel closed after repeated timeouts (reconnecting)'],
  // grpc-js reports a channel still backing off from an earlier failure this way.
  [/No connection established/, 'no connection established (collector unreachable)'],
  [/Concurrent export limit reached/, 'too many exports in flight (collector too slow)'],
];

const MAX_LENGTH = 120;

/** Turns an export error into a short, human reason without any stack trace. */
export function shortReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error ?? 'unknown error');
  for (const [pattern, reason] of REASONS) {
    if (pattern.test(message)) return reason;
  }
  const firstLine = message.split('\n', 1)[0]?.trim() || 'unknown error';
  return firstLine.length > MAX_LENGTH ? `${firstLine.slice(0, MAX_LENGTH - 3)}...` : firstLine;
}
