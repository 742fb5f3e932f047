import type { Logger } from '../logger.ts'
import { isDeno } from '../runtime.ts'

/**
 * Graceful shutdown on SIGTERM/SIGINT: run the stop steps in order (stop accepting, finish
 * in-flight work, close the pool), bounded by a grace period, then exit.
 */
export function onShutdownSignal(
  logger: Logger,
  graceMs: number,
  stop: () => Promise<void>,
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  let stopping = false
  const handler = (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info('Shutting down', { signal, graceMs })
    const timer = setTimeout(() => {
      logger.error('Shutdown grace period exceeded; exiting', { graceMs })
      exit(1)
    }, graceMs)
    stop()
      .then(() => {
        clearTimeout(timer)
        logger.info('Stopped')
        exit(0)
      })
      .catch((error: unknown) => {
        clearTimeout(timer)
        logger.error('Shutdown failed', { error })
        exit(1)
      })
  }
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    if (isDeno) {
      const deno = (globalThis as unknown as { Deno: { addSignalListener(s: string, f: () => void): void } })
        .Deno
      deno.addSignalListener(signal, () => handler(signal))
    } else {
      process.on(signal, () => handler(signal))
    }
  }
}
