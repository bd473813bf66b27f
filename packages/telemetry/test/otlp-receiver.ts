import * as grpc from '@grpc/grpc-js';

const PATHS = {
  traces: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
  metrics: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
} as const;

type Signal = keyof typeof PATHS;

export interface OtlpReceiver {
  /** `http://127.0.0.1:<port>`, ready for OTEL_EXPORTER_OTLP_ENDPOINT. */
  endpoint: string;
  /** Raw protobuf bodies of every Export request received, per signal. */
  requests: Record<Signal, Buffer[]>;
  /** True once some request of that signal contains `text` (span names travel as plain UTF-8). */
  received(signal: Signal, text: string): boolean;
  close(): Promise<void>;
}

const raw = (buffer: Buffer) => buffer;

/**
 * A minimal OTLP gRPC receiver: accepts Export calls for traces and metrics, keeps the raw
 * bodies and answers with an empty (successful) response, as a collector would.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const requests: Record<Signal, Buffer[]> = { traces: [], metrics: [] };
  const server = new grpc.Server();
  for (const signal of Object.keys(PATHS) as Signal[]) {
    const definition = {
      Export: {
        path: PATHS[signal],
        requestStream: false,
        responseStream: false,
        requestSerialize: raw,
        requestDeserialize: raw,
        responseSerialize: raw,
        responseDeserialize: raw,
      },
    };
    server.addService(definition, {
      Export: (call: grpc.ServerUnaryCall<Buffer, Buffer>, reply: grpc.sendUnaryData<Buffer>) => {
        requests[signal].push(call.request);
        reply(null, Buffer.alloc(0));
      },
    });
  }
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    received: (signal, text) => requests[signal].some((body) => body.includes(text)),
    close: () => new Promise((resolve) => server.tryShutdown(() => resolve())),
  };
}
