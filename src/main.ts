import { buildService } from './bootstrap.ts'
import { ConfigError, loadConfig } from './config.ts'
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
  let config: ReturnType<typeof loadConfig>
  let telemetryConfig: TelemetryConfig
  try {
    config = loadConfig(env)
    telemetryConfig = loadTelemetryConfig(env)
  } catch (error) {
    if (error instanceof ConfigError) {
      bootLogger.error(error.message, { problems: error.problems })
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
    logger.info('Started', {
      port: server.port,
      database: service.db.dialect.name,
      telemetry: telemetry.enabled,
    })
    service.listener?.start()
    onShutdownSignal(logger, config.shutdownGraceMs, async () => {
      const stopping = Date.now()
      // Stop taking requests and messages together; the pool closes after both have finished.
      await Promise.all([server.close(), service.listener?.stop()])
      await service.close()
      // What telemetry still holds goes out in what is left of the grace (never more than 5 s).
      const left = config.shutdownGraceMs - (Date.now() - stopping) - 500
      await telemetry?.shutdown(Math.min(TELEMETRY_FLUSH_MAX_MS, left))
    })
  } catch (error) {
    logger.error('Start-up failed', { error })
    telemetry?.exception(error, { phase: 'start-up' })
    await telemetry?.shutdown(2_000)
    process.exit(1)
  }
}

const entry = process.argv[1] ?? ''
if (import.meta.url === `file://${entry}` || /\/main\.(js|mjs|ts)$/.test(entry)) {
  await main()
}
