import {
  type Context,
  context,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api'
import { SeverityNumber } from '@opentelemetry/api-logs'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import { W3CTraceContextPropagator } from '@opentelemetry/core'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { BatchLogRecordProcessor, LoggerProvider, type LogRecordExporter } from '@opentelemetry/sdk-logs'
import {
  AlwaysOnSampler,
  BasicTracerProvider,
  BatchSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base'
import { TELEMETRY_DEFAULTS, type TelemetryConfig } from './config.ts'

/**
 * OpenTelemetry tracing and logs, exported to Application Insights (the maintained Azure Monitor
 * exporter: SERVER and CONSUMER spans become `requests`, CLIENT spans `dependencies`, exception
 * events `exceptions`, log records named `microsoft.custom_event.name` `customEvents`) and/or to an
 * OpenTelemetry Collector over OTLP/HTTP.
 *
 * Export never touches the request path: spans and records go to bounded in-memory queues (full
 * queues drop) and are sent in batches by a timer, each export bounded by a timeout; no offline
 * storage on disk. The provider is private to the service (not registered globally); only the
 * context manager is, so the active span follows async calls.
 */
export interface OpenTelemetry {
  readonly tracer: Tracer
  readonly propagator: W3CTraceContextPropagator
  /** A custom event (App Insights `customEvents`), linked to the active span. */
  emitEvent(name: string, properties: Record<string, string>): void
  /** An exception outside any request or message (App Insights `exceptions`). */
  emitException(error: Error, properties: Record<string, string>): void
  flush(): Promise<void>
  shutdown(): Promise<void>
}

/** Bounds on what waits in memory and how long one export may take. */
export const EXPORT_LIMITS = {
  maxQueueSize: 2048,
  maxExportBatchSize: 512,
  scheduledDelayMillis: 2_000,
  exportTimeoutMillis: 10_000,
} as const

/** The App Insights custom-event attribute the Azure exporter maps to `customEvents`. */
const CUSTOM_EVENT_NAME = 'microsoft.custom_event.name'

/** The Azure exporter's own usage reports ("statsbeat") go to Microsoft, not to our resource. */
const AZURE_EXPORTER_ENV = {
  APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
  APPLICATIONINSIGHTS_STATSBEAT_DISABLED: 'true',
  APPLICATIONINSIGHTS_SDKSTATS_DISABLED: 'true',
} as const

let contextManagerInstalled = false

/** One AsyncLocalStorage context manager per process (Node and Deno both have node:async_hooks). */
function installContextManager() {
  if (contextManagerInstalled) return
  contextManagerInstalled = context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable())
}

/** What the caller may add to the exporters' own configuration. */
export interface ExporterOptions {
  /**
   * Extra CA certificates (PEM) for the ingestion endpoint: the Azure exporter only speaks HTTPS,
   * so a private endpoint (the tests' loopback stand-in) needs its CA. In a process,
   * NODE_EXTRA_CA_CERTS does the same.
   */
  ingestionCa?: string
}

async function exportersFor(config: TelemetryConfig, exporterOptions: ExporterOptions) {
  const spans: SpanExporter[] = []
  const logs: LogRecordExporter[] = []
  if (config.appInsights) {
    for (const [name, value] of Object.entries(AZURE_EXPORTER_ENV)) process.env[name] ??= value
    const azure = await import('@azure/monitor-opentelemetry-exporter')
    const options = {
      connectionString: config.appInsights.connectionString,
      disableOfflineStorage: true,
      ...(exporterOptions.ingestionCa ? { tlsOptions: { ca: exporterOptions.ingestionCa } } : {}),
    }
    spans.push(new azure.AzureMonitorTraceExporter(options))
    logs.push(new azure.AzureMonitorLogExporter(options) as unknown as LogRecordExporter)
  }
  if (config.otlp) {
    const [{ OTLPTraceExporter }, { OTLPLogExporter }] = await Promise.all([
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/exporter-logs-otlp-http'),
    ])
    const timeoutMillis = EXPORT_LIMITS.exportTimeoutMillis
    spans.push(
      new OTLPTraceExporter({ url: `${config.otlp.endpoint}/v1/traces`, timeoutMillis }) as SpanExporter,
    )
    logs.push(
      new OTLPLogExporter({ url: `${config.otlp.endpoint}/v1/logs`, timeoutMillis }) as LogRecordExporter,
    )
  }
  return { spans, logs }
}

export async function startOpenTelemetry(
  config: TelemetryConfig,
  exporterOptions: ExporterOptions = {},
): Promise<OpenTelemetry> {
  installContextManager()
  const resource = resourceFromAttributes({
    'service.name': config.serviceName,
    'service.version': config.serviceVersion,
    'service.team': TELEMETRY_DEFAULTS.team,
  })
  const exporters = await exportersFor(config, exporterOptions)
  const tracerProvider = new BasicTracerProvider({
    resource,
    // Every request and message is kept, whatever the caller's sampling flag (the reference's 100 %).
    sampler: new AlwaysOnSampler(),
    spanProcessors: exporters.spans.map((exporter) => new BatchSpanProcessor(exporter, EXPORT_LIMITS)),
  })
  const loggerProvider = new LoggerProvider({
    resource,
    processors: exporters.logs.map((exporter) => new BatchLogRecordProcessor({ exporter, ...EXPORT_LIMITS })),
  })
  const tracer = tracerProvider.getTracer(config.serviceName, config.serviceVersion)
  const events = loggerProvider.getLogger(config.serviceName, config.serviceVersion)

  return {
    tracer,
    propagator: new W3CTraceContextPropagator(),
    emitEvent(name, properties) {
      events.emit({
        eventName: name,
        severityNumber: SeverityNumber.INFO,
        body: name,
        attributes: { ...properties, [CUSTOM_EVENT_NAME]: name },
      })
    },
    emitException(error, properties) {
      events.emit({
        severityNumber: SeverityNumber.ERROR,
        body: error.message,
        attributes: {
          ...properties,
          'exception.type': error.name,
          'exception.message': error.message,
          'exception.stacktrace': error.stack ?? `${error.name}: ${error.message}`,
        },
      })
    },
    flush: async () => {
      await Promise.allSettled([tracerProvider.forceFlush(), loggerProvider.forceFlush()])
    },
    shutdown: async () => {
      await Promise.allSettled([tracerProvider.shutdown(), loggerProvider.shutdown()])
    },
  }
}

/** Runs `work` with `span` active under `parent`. */
export function withSpan<T>(parent: Context, span: Span, work: () => Promise<T>): Promise<T> {
  return context.with(trace.setSpan(parent, span), work)
}

/** Marks a span failed with the error as its exception event (an App Insights exception item). */
export function recordFailure(span: Span, error: unknown) {
  span.recordException(error instanceof Error ? error : new Error(String(error)))
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : undefined })
}

export { SpanKind, SpanStatusCode }
