import type { Logger } from '../logger.ts'
import { type TelemetryConfig, telemetryEnabled } from './config.ts'
import type { ExporterOptions } from './open-telemetry.ts'
import { noTelemetry, type Telemetry } from './types.ts'

/**
 * Telemetry (Application Insights, OTLP, Sentry): configured by its own environment variables
 * (./config.ts), off (`noTelemetry`, no SDK imported) when none is set. The SDKs are imported only
 * here, lazily, so an instance without telemetry never loads them.
 */
export async function createTelemetry(
  config: TelemetryConfig,
  options: ExporterOptions = {},
): Promise<Telemetry> {
  if (!telemetryEnabled(config)) return noTelemetry
  const { startTelemetry } = await import('./service-telemetry.ts')
  return startTelemetry(config, options)
}

/**
 * A logger whose business events (`logger.event`: NotificationReceived, StatusChanged, ...) are
 * also custom events with the same name and properties; its children too.
 */
export function withTelemetryEvents(logger: Logger, telemetry: Telemetry): Logger {
  if (!telemetry.enabled) return logger
  return {
    debug: (message, fields) => logger.debug(message, fields),
    info: (message, fields) => logger.info(message, fields),
    warn: (message, fields) => logger.warn(message, fields),
    error: (message, fields) => logger.error(message, fields),
    event(name, properties) {
      logger.event(name, properties)
      telemetry.event(name, properties)
    },
    child: (fields) => withTelemetryEvents(logger.child(fields), telemetry),
  }
}

export { loadTelemetryConfig, type TelemetryConfig } from './config.ts'
export { noTelemetry, type Telemetry } from './types.ts'
