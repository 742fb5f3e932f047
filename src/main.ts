import { buildService } from './bootstrap.ts'
import { type Config, ConfigError, loadConfig } from './config.ts'
import { createLogger } from './logger.ts'
import { onShutdownSignal } from './server/lifecycle.ts'
import { serve } from './server/serve.ts'
import { createTelemetry, loadTelemetryConfig, type TelemetryConfig } from './telemetry/index.ts'
import type { Telemetry } from './telemetry/types.ts'

/** What the telemetry flush may take of the shutdown grace, at most. */
const TELEMETRY_FLUSH_MAX_MS = 5_000

/**
 * Production entry point (Node; `main.deno.ts` runs the same under Deno): configuration → database
 * → app → HTTP server. Never falls back to embedded parts: missing configuration stops start-up.
 */
export async function main(env: Record<string, string | undefined> = process.env): Promise<void> {
  const bootLogger = createLogger()
  let config: Config
  let telemetryConfig: TelemetryConfig
  try {
    config = loadConfig(env)
    telemetryConfig = loadTelemetryConfig(env)
  } catch (error) {
    if (error instanceof ConfigError) {
      bootLogger.error(error.message, { problems: error.problems })
      fatal(error.message)
      process.exit(1)
    }
    throw error
  }
  const logger = createLogger({ level: config.logLevel })
  let telemetry: Telemetry | undefined
  try {
    telemetry = await createTelemetry(telemetryConfig)
    const service = await buildService(config, { logger, telemetry })
    const server = await serve(service.app.fetch, { port: config.port })
    service.listener?.start()
    service.process.markStarted()
    logger.info('Started', {
      port: server.port,
      database: service.db.dialect.name,
      telemetry: telemetry.enabled,
    })
    onShutdownSignal(logger, config.shutdownGraceMs, async () => {
      const stopping = Date.now()
      // Readiness goes OUT_OF_SERVICE at once, before anything stops.
      service.process.markStopping()
      // Stop taking requests and messages together; the pool closes after both have finished.
      await Promise.all([server.close(), service.listener?.stop()])
      await service.close()
      // What telemetry still holds goes out in what is left of the grace (never more than 5 s).
      const left = config.shutdownGraceMs - (Date.now() - stopping) - 500
      await telemetry?.shutdown(Math.min(TELEMETRY_FLUSH_MAX_MS, left))
    })
  } catch (error) {
    // Names where it tried (host, port, service, user), never the password.
    const database = config.database.target
    const failure = redacted(error, secretsOf(config))
    logger.error('Start-up failed', { database, error: failure })
    fatal(`Start-up failed (database ${database}): ${failure.message}`)
    telemetry?.exception(error, { phase: 'start-up' })
    await telemetry?.shutdown(2_000)
    process.exit(1)
  }
}

/** The configured secret values, for scrubbing from anything printed about a failed start. */
function secretsOf(config: Config): string[] {
  const url = /^[a-z]+:\/\//.test(config.databaseUrl) ? new URL(config.databaseUrl) : undefined
  const values = [
    config.database.oracle?.password,
    url?.password ? decodeURIComponent(url.password) : undefined,
    config.client?.secret,
    config.ldap?.bindPassword,
  ]
  return values.filter((v): v is string => v !== undefined && v.length >= 4)
}

/** An error's name, message and stack with every secret value replaced (a driver might echo one). */
function redacted(error: unknown, secrets: string[]): { name: string; message: string; stack?: string } {
  const scrub = (text: string) => secrets.reduce((out, secret) => out.split(secret).join('****'), text)
  if (!(error instanceof Error)) return { name: 'Error', message: scrub(String(error)) }
  return { name: error.name, message: scrub(error.message), stack: error.stack && scrub(error.stack) }
}

/** One plain line on stderr as well as the JSON log, for whoever reads a crash-looping pod's output. */
function fatal(message: string): void {
  process.stderr.write(`${message}\n`)
}

const entry = process.argv[1] ?? ''
if (import.meta.url === `file://${entry}` || /\/main\.(js|mjs|ts)$/.test(entry)) {
  await main()
}
