import { buildService } from './bootstrap.ts'
import { ConfigError, loadConfig } from './config.ts'
import { createLogger } from './logger.ts'
import { onShutdownSignal } from './server/lifecycle.ts'
import { serve } from './server/serve.ts'

/**
 * Production entry point (Node; `main.deno.ts` runs the same under Deno): configuration → database
 * → app → HTTP server. Never falls back to embedded parts: missing configuration stops start-up.
 */
export async function main(env: Record<string, string | undefined> = process.env): Promise<void> {
  const bootLogger = createLogger()
  let config: ReturnType<typeof loadConfig>
  try {
    config = loadConfig(env)
  } catch (error) {
    if (error instanceof ConfigError) {
      bootLogger.error(error.message, { problems: error.problems })
      process.exit(1)
    }
    throw error
  }
  const logger = createLogger({ level: config.logLevel })
  try {
    const service = await buildService(config, { logger })
    const server = await serve(service.app.fetch, { port: config.port })
    logger.info('Started', { port: server.port, database: service.db.dialect.name })
    service.listener?.start()
    onShutdownSignal(logger, config.shutdownGraceMs, async () => {
      // Stop taking requests and messages together; the pool closes after both have finished.
      await Promise.all([server.close(), service.listener?.stop()])
      await service.close()
    })
  } catch (error) {
    logger.error('Start-up failed', { error })
    process.exit(1)
  }
}

const entry = process.argv[1] ?? ''
if (import.meta.url === `file://${entry}` || /\/main\.(js|mjs|ts)$/.test(entry)) {
  await main()
}
