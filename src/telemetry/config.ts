import { z } from 'zod'
import { ConfigError } from '../config.ts'

/**
 * Telemetry's own slice of the environment, validated like the rest (a malformed value stops
 * start-up naming the variable). Kept apart from src/config.ts so telemetry stays one module.
 *
 * - `APPLICATIONINSIGHTS_CONNECTION_STRING`: Application Insights through OpenTelemetry;
 * - `OTEL_EXPORTER_OTLP_ENDPOINT`: the same spans and events to an OpenTelemetry Collector (OTLP/HTTP);
 * - `SENTRY_DSN` (+ `SENTRY_ENVIRONMENT`, `SENTRY_TRACES_SAMPLE_RATE`): errors and sampled transactions;
 * - `APPLICATIONINSIGHTS_SELECT_SAMPLING_PERCENTAGE` (default 10): SELECT dependencies kept.
 *
 * With none of them set telemetry is off: no SDK is loaded and nothing leaves the process.
 */
const optional = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === '' ? undefined : v))

/** What App Insights needs at least: an instrumentation key (the ingestion endpoint has a default). */
const connectionString = optional.refine(
  (v) => v === undefined || /(^|;)\s*InstrumentationKey=[^;]+/i.test(v),
  {
    message: 'must contain InstrumentationKey=...',
  },
)

const percentage = optional
  .transform((v) => (v === undefined ? undefined : Number(v)))
  .pipe(z.number({ error: 'must be a number from 0 to 100' }).min(0).max(100).optional())

const sampleRate = optional
  .transform((v) => (v === undefined ? undefined : Number(v)))
  .pipe(z.number({ error: 'must be a number from 0 to 1' }).min(0).max(1).optional())

export const TelemetryEnvSchema = z.object({
  APPLICATIONINSIGHTS_CONNECTION_STRING: connectionString,
  OTEL_EXPORTER_OTLP_ENDPOINT: optional.pipe(z.string().url().optional()),
  SENTRY_DSN: optional.pipe(z.string().url().optional()),
  SENTRY_ENVIRONMENT: optional,
  SENTRY_TRACES_SAMPLE_RATE: sampleRate,
  /** Share of successful SELECT dependencies kept, by trace (the reference's override: 10 %). */
  APPLICATIONINSIGHTS_SELECT_SAMPLING_PERCENTAGE: percentage,
  /** The reference's `service.version` (applicationinsights.json: `${VERSION}`). */
  VERSION: optional,
})

export interface TelemetryConfig {
  /** The App Insights cloud role name and OpenTelemetry `service.name`. */
  serviceName: string
  serviceVersion: string
  /** Percentage of traces whose successful SELECT statements become dependencies (0–100). */
  selectSamplingPercentage: number
  appInsights?: { connectionString: string }
  otlp?: { endpoint: string }
  sentry?: { dsn: string; environment?: string; tracesSampleRate: number; release: string }
}

/** Defaults as the HMPPS Helm templates set them (helm-defaults.yml: 0.05 of transactions). */
export const TELEMETRY_DEFAULTS = {
  serviceName: 'accredited-programmes-and-delius',
  team: 'probation-integration',
  tracesSampleRate: 0.05,
  /**
   * The reference's applicationinsights.json keeps 10 % of `db.operation == SELECT` dependencies
   * (every request, every write and every failed statement is kept): reads are most statements.
   */
  selectSamplingPercentage: 10,
} as const

export function loadTelemetryConfig(env: Record<string, string | undefined>): TelemetryConfig {
  const parsed = TelemetryEnvSchema.safeParse(env)
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${String(issue.path[0])} ${issue.message}`))
  }
  const e = parsed.data
  const serviceVersion = e.VERSION ?? '0.1.0'
  return {
    serviceName: TELEMETRY_DEFAULTS.serviceName,
    serviceVersion,
    selectSamplingPercentage:
      e.APPLICATIONINSIGHTS_SELECT_SAMPLING_PERCENTAGE ?? TELEMETRY_DEFAULTS.selectSamplingPercentage,
    appInsights: e.APPLICATIONINSIGHTS_CONNECTION_STRING
      ? { connectionString: e.APPLICATIONINSIGHTS_CONNECTION_STRING }
      : undefined,
    otlp: e.OTEL_EXPORTER_OTLP_ENDPOINT
      ? { endpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '') }
      : undefined,
    sentry: e.SENTRY_DSN
      ? {
          dsn: e.SENTRY_DSN,
          environment: e.SENTRY_ENVIRONMENT,
          tracesSampleRate: e.SENTRY_TRACES_SAMPLE_RATE ?? TELEMETRY_DEFAULTS.tracesSampleRate,
          release: serviceVersion,
        }
      : undefined,
  }
}

export function telemetryEnabled(config: TelemetryConfig): boolean {
  return Boolean(config.appInsights || config.otlp || config.sentry)
}
