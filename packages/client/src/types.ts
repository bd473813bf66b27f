/** What one call to the server ended with; the loop logs it, tests read it. */
export type CallOutcome =
  | { ok: true; url: string; traceId: string; durationMs: number; status: number }
  | {
      ok: false;
      url: string;
      traceId: string;
      durationMs: number;
      /** Short value also written to the span's `error.type`: a status code, `TimeoutError`, `ECONNREFUSED`... */
      errorType: string;
      /** One-line human reason, e.g. `connect ECONNREFUSED 127.0.0.1:8080`. */
      reason: string;
    };

/** Options of {@link executeRequest}. */
export interface ExecuteRequestOptions {
  /** Base URL of the server, e.g. `http://server:8080`; the client calls `<serverUrl>/hello`. */
  serverUrl: string;
  /** A call taking longer than this is aborted and recorded as a timeout. */
  timeoutMs: number;
  /** Aborting it gives the call in flight up at once, recorded as an `AbortError`. */
  signal?: AbortSignal;
}

/** Options of {@link runClientLoop}. */
export interface ClientLoopOptions extends ExecuteRequestOptions {
  /** Time between the starts of two calls; a slower call is followed at once by the next. */
  intervalMs: number;
  /** Aborting it ends the loop at once, giving up the call in flight, if any. */
  signal: AbortSignal;
  /** Where progress lines go (a summary now and then, never one line per call). */
  log?: (line: string) => void;
  /** Where failure lines go. */
  logError?: (line: string) => void;
  /** Called after every call, for callers that want every outcome (tests do). */
  onOutcome?: (outcome: CallOutcome) => void;
}
