import { isDeno } from '../runtime.ts'
import type { TelemetryConfig } from './config.ts'

/**
 * Sentry through the maintained SDK of each runtime: @sentry/node under Node (its OpenTelemetry
 * set-up and automatic, load-time instrumentation switched off: the bundle would hide modules from
 * it, and our own spans go to App Insights), @sentry/deno under Deno. Only explicit captures and
 * transactions are sent, plus the runtime's unhandled errors; no request data, no bodies, no
 * tokens, no personal data beyond a CRN in a message's tags.
 */
export interface SentryReporter {
  capture(
    error: unknown,
    tags: Record<string, string | number | undefined>,
    extra: Record<string, unknown>,
  ): void
  /** A finished transaction (sampled at SENTRY_TRACES_SAMPLE_RATE by the SDK). */
  transaction(t: {
    name: string
    op: string
    startMs: number
    endMs: number
    failed: boolean
    attributes: Record<string, string | number | undefined>
  }): void
  flush(timeoutMs: number): Promise<void>
  close(timeoutMs: number): Promise<void>
}

/** Transactions never sent: probes (helm-defaults.yml drops health transactions). */
export const DROPPED_TRANSACTIONS = /\s\/(health|info)(\/|$)/

/** The parts both SDKs share (@sentry/core's API); typed here since their core versions differ. */
interface SentrySdk {
  init(options: Record<string, unknown>): unknown
  captureException(error: unknown, context?: Record<string, unknown>): string
  startInactiveSpan(options: Record<string, unknown>): {
    setStatus(status: { code: number; message?: string }): unknown
    end(endTime?: number): void
  }
  flush(timeoutMs?: number): PromiseLike<boolean>
  close(timeoutMs?: number): PromiseLike<boolean>
  eventFiltersIntegration(): unknown
  dedupeIntegration(): unknown
  linkedErrorsIntegration(): unknown
}

interface NodeSdk extends SentrySdk {
  onUncaughtExceptionIntegration(): unknown
  onUnhandledRejectionIntegration(options?: Record<string, unknown>): unknown
}
interface DenoSdk extends SentrySdk {
  globalHandlersIntegration(): unknown
}

type Event = { transaction?: string; request?: unknown; user?: unknown }

export async function startSentry(config: NonNullable<TelemetryConfig['sentry']>): Promise<SentryReporter> {
  let sdk: SentrySdk
  let runtimeIntegrations: unknown[]
  if (isDeno) {
    const deno = (await import('@sentry/deno')) as unknown as DenoSdk
    sdk = deno
    runtimeIntegrations = [deno.globalHandlersIntegration()]
  } else {
    const node = (await import('@sentry/node')) as unknown as NodeSdk
    sdk = node
    runtimeIntegrations = [
      node.onUncaughtExceptionIntegration(),
      node.onUnhandledRejectionIntegration({ mode: 'warn' }),
    ]
  }
  sdk.init({
    dsn: config.dsn,
    environment: config.environment,
    release: config.release,
    tracesSampleRate: config.tracesSampleRate,
    sendDefaultPii: false,
    skipOpenTelemetrySetup: true,
    // Whole transactions (so beforeSendTransaction applies), not streamed spans (@sentry/node 11).
    traceLifecycle: 'static',
    defaultIntegrations: false,
    integrations: [
      sdk.eventFiltersIntegration(),
      sdk.dedupeIntegration(),
      sdk.linkedErrorsIntegration(),
      ...runtimeIntegrations,
    ],
    // Bounded: at most this many envelopes wait for the network.
    transportOptions: { bufferSize: 64 },
    beforeSend: (event: Event) => {
      delete event.request
      delete event.user
      return event
    },
    beforeSendTransaction: (event: Event) =>
      DROPPED_TRANSACTIONS.test(` ${event.transaction ?? ''}`) ? null : event,
  })

  const settle = async (promise: PromiseLike<unknown>, timeoutMs: number) => {
    let timer: ReturnType<typeof setTimeout> | undefined
    await Promise.race([
      Promise.resolve(promise).catch(() => {}),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs)
      }),
    ])
    clearTimeout(timer)
  }

  return {
    capture(error, tags, extra) {
      sdk.captureException(error, { tags: stringsOnly(tags), extra })
    },
    transaction({ name, op, startMs, endMs, failed, attributes }) {
      if (config.tracesSampleRate === 0) return
      const span = sdk.startInactiveSpan({
        name,
        op,
        startTime: startMs / 1000,
        forceTransaction: true,
        attributes: { ...definedOnly(attributes), 'sentry.source': 'route' },
      })
      span.setStatus(failed ? { code: 2, message: 'internal_error' } : { code: 1 })
      span.end(endMs / 1000)
    },
    flush: (timeoutMs) => settle(sdk.flush(timeoutMs), timeoutMs),
    close: (timeoutMs) => settle(sdk.close(timeoutMs), timeoutMs),
  }
}

/** Sentry tags are strings. */
function stringsOnly(record: Record<string, string | number | undefined>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(record)) if (value !== undefined) out[key] = String(value)
  return out
}

function definedOnly<T>(record: Record<string, T | undefined>): Record<string, T> {
  const out: Record<string, T> = {}
  for (const [key, value] of Object.entries(record)) if (value !== undefined) out[key] = value
  return out
}
