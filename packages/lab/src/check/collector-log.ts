/** An export the Collector reported as failed in its log. */
export interface ExportFailure {
  exporter: string;
  error: string;
  /** The gRPC exporter attempted TLS against a plaintext port. */
  tls: boolean;
}

const TLS = /authentication handshake failed|first record does not look like a TLS handshake/;

/**
 * The failed exports in a Collector log (`Exporting failed. Will retry...` or `... Dropping
 * data.`), last one first. Each line ends with a JSON object holding the component and error.
 *
 * @example exportFailures(log)[0]?.tls
 */
export function exportFailures(log: string): ExportFailure[] {
  const failures: ExportFailure[] = [];
  for (const line of log.split('\n')) {
    if (!line.includes('Exporting failed')) continue;
    let fields: Record<string, unknown> = {};
    try {
      fields = JSON.parse(line.slice(line.indexOf('{'))) as Record<string, unknown>;
    } catch {
      // A line cut short: the error is still somewhere in the text.
    }
    const error = String(fields.error ?? line);
    const exporter = String(fields['otelcol.component.id'] ?? fields.exporter ?? 'an exporter');
    failures.unshift({ exporter, error, tls: TLS.test(error) });
  }
  return failures;
}
