import type { Message, SQSClient } from '@aws-sdk/client-sqs'
import type { MiddlewareHandler } from 'hono'
import type { LogEvent } from 'kysely'
import type { DialectName } from '../db/dialect.ts'
import type { LogFields } from '../logger.ts'

/**
 * What the service asks of telemetry. Every instrumentation point is explicit (a Hono middleware,
 * the Kysely statement log, an SQS client middleware, wrapped fetch functions, a scope around each
 * message) rather than modules patched at load time, which would not see the bundled code nor run
 * under Deno. `noTelemetry` is the same interface doing nothing: the service calls it unconditionally.
 */
export type FetchKind = 'detail' | 'token'

/** Runs around one message's handling; rethrows the handler's failure unchanged. */
export type MessageScope = (message: Message, handle: () => Promise<void>) => Promise<void>

export interface Telemetry {
  readonly enabled: boolean
  /** Request spans and transactions; undefined when off (nothing added to the chain). */
  readonly middleware?: MiddlewareHandler
  /** The Kysely `log` option: one dependency per statement; undefined when off. */
  databaseLog(dialect: DialectName): ((event: LogEvent) => void) | undefined
  /** A business event (an App Insights custom event), as `logger.event` logs it. */
  event(name: string, properties: LogFields): void
  /** An error the service answered or dropped (5xx, failed message): exception item, Sentry event. */
  exception(error: unknown, context: LogFields): void
  /** Adds SQS call dependencies to a client (idempotent). */
  instrumentSqs(client: SQSClient): void
  /** A fetch that records an outbound HTTP dependency and passes the trace on. */
  fetch(kind: FetchKind, fetchImpl?: typeof globalThis.fetch): typeof globalThis.fetch
  /** The consumer span of a queue's messages. */
  messageScope(queue: string): MessageScope
  /** Sends what is buffered, waiting at most `timeoutMs`; never rejects. */
  flush(timeoutMs: number): Promise<void>
  /** Flushes and stops the exporters, at most `timeoutMs`; never rejects. */
  shutdown(timeoutMs: number): Promise<void>
}

const passThrough: MessageScope = (_message, handle) => handle()

export const noTelemetry: Telemetry = Object.freeze({
  enabled: false,
  databaseLog: () => undefined,
  event() {},
  exception() {},
  instrumentSqs() {},
  fetch: (_kind: FetchKind, fetchImpl?: typeof globalThis.fetch) => fetchImpl ?? globalThis.fetch,
  messageScope: () => passThrough,
  flush: async () => {},
  shutdown: async () => {},
})
