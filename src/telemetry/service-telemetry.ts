import type { Message, SQSClient } from '@aws-sdk/client-sqs'
import { type Context, context as otelContext, ROOT_CONTEXT, type Span, trace } from '@opentelemetry/api'
import type { Context as HonoContext, MiddlewareHandler } from 'hono'
import { matchedRoutes } from 'hono/route'
import type { LogEvent } from 'kysely'
import type { DialectName } from '../db/dialect.ts'
import type { AppEnv } from '../http/env.ts'
import type { LogFields } from '../logger.ts'
import type { TelemetryConfig } from './config.ts'
import {
  type ExporterOptions,
  type OpenTelemetry,
  recordFailure,
  SpanKind,
  startOpenTelemetry,
  withSpan,
} from './open-telemetry.ts'
import { type SentryReporter, startSentry } from './sentry.ts'
import { summariseStatement } from './sql.ts'
import type { FetchKind, MessageScope, Telemetry } from './types.ts'

/**
 * The service's telemetry when something is configured: each instrumentation point feeds
 * OpenTelemetry (App Insights / OTLP) and Sentry, whichever are on. Loaded only then.
 */

/** Probes are never traced (the reference samples `/health…` and `/info…` at 0 %). */
const UNTRACED_PATHS = /^\/(health|info)(\/|$)/

/** Kysely dialects as OpenTelemetry `db.system.name` values. */
const DB_SYSTEM: Record<DialectName, string> = {
  oracle: 'oracle',
  postgres: 'postgresql',
  pglite: 'postgresql',
}

/** SQS calls worth a dependency: an empty long poll every 20 s per instance is not. */
const isEmptyReceive = (command: string, output: unknown) =>
  command === 'ReceiveMessage' && !((output as { Messages?: unknown[] })?.Messages?.length ?? 0)

const SQS_MIDDLEWARE = 'telemetryDependencies'

type Carrier = Record<string, string>
const carrierGetter = {
  get: (carrier: Carrier, key: string) => carrier[key],
  keys: (carrier: Carrier) => Object.keys(carrier),
}
const carrierSetter = { set: (carrier: Carrier, key: string, value: string) => (carrier[key] = value) }

export async function startTelemetry(
  config: TelemetryConfig,
  options: ExporterOptions = {},
): Promise<Telemetry> {
  const [otel, sentry] = await Promise.all([
    config.appInsights || config.otlp ? startOpenTelemetry(config, options) : undefined,
    config.sentry ? startSentry(config.sentry) : undefined,
  ])
  return createServiceTelemetry(otel, sentry, { selectSamplingPercentage: config.selectSamplingPercentage })
}

/**
 * Whether a trace's successful SELECT statements are kept: decided by the trace id (its last 8 hex
 * digits as a fraction), so a kept request shows all its reads and every instance agrees; without
 * a trace, at random.
 */
export function keepsSelects(traceId: string | undefined, percentage: number): boolean {
  if (percentage >= 100) return true
  if (percentage <= 0) return false
  const fraction = traceId ? Number.parseInt(traceId.slice(-8), 16) / 2 ** 32 : Math.random()
  return fraction < percentage / 100
}

/** The trace the running request or message belongs to, if any. */
const activeTraceId = () => trace.getSpan(otelContext.active())?.spanContext().traceId

/** The Azure exporter's attribute for an item's sampling (App Insights counts it 100/rate times). */
const SAMPLE_RATE_ATTRIBUTE = 'microsoft.sample_rate'

export function createServiceTelemetry(
  otel: OpenTelemetry | undefined,
  sentry: SentryReporter | undefined,
  { selectSamplingPercentage }: { selectSamplingPercentage: number } = { selectSamplingPercentage: 100 },
): Telemetry {
  const tracer = otel?.tracer

  const extract = (carrier: Carrier): Context =>
    otel && carrier.traceparent ? otel.propagator.extract(ROOT_CONTEXT, carrier, carrierGetter) : ROOT_CONTEXT

  /** A span already finished (its duration known): database statements and SQS calls. */
  const finishedSpan = (
    name: string,
    startMs: number,
    endMs: number,
    attributes: Record<string, string | number | undefined>,
    failure?: string,
  ) => {
    if (!tracer) return
    const span = tracer.startSpan(name, { kind: SpanKind.CLIENT, startTime: startMs, attributes })
    if (failure !== undefined) span.setStatus({ code: 2, message: failure })
    span.end(endMs)
  }

  const middleware: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (UNTRACED_PATHS.test(c.req.path)) return next()
    const startMs = Date.now()
    const method = c.req.method
    let span: Span | undefined
    let parent = ROOT_CONTEXT
    if (tracer) {
      const traceparent = c.req.header('traceparent')
      if (traceparent) parent = extract({ traceparent, tracestate: c.req.header('tracestate') ?? '' })
      span = tracer.startSpan(
        method,
        { kind: SpanKind.SERVER, attributes: { 'http.request.method': method } },
        parent,
      )
    }
    try {
      await (span ? withSpan(parent, span, next) : next())
    } finally {
      // Hono's matched route pattern, never the URL (URLs carry CRNs and user names).
      const route = routeOf(c)
      const status = c.res.status
      const name = `${method} ${route}`
      const clientId = c.get('auth')?.clientId
      const requestId = c.get('requestId')
      const failed = status >= 500
      const error = failed ? (c.error ?? new Error(`HTTP ${status}`)) : undefined
      if (span) {
        span.updateName(name)
        span.setAttributes({ 'http.route': route, 'http.response.status_code': status, requestId })
        if (clientId) span.setAttribute('clientId', clientId)
        if (error) recordFailure(span, error)
        span.end()
      }
      if (sentry) {
        if (error) sentry.capture(error, { route, method, status, clientId }, { requestId })
        sentry.transaction({
          name,
          op: 'http.server',
          startMs,
          endMs: Date.now(),
          failed,
          attributes: { 'http.route': route, 'http.response.status_code': status, clientId },
        })
      }
    }
  }

  const databaseLog = (dialect: DialectName) => {
    if (!tracer) return undefined
    const system = DB_SYSTEM[dialect]
    return (event: LogEvent) => {
      const { operation, table } = summariseStatement(event.query.sql)
      const sampled = operation === 'SELECT' && event.level !== 'error'
      if (sampled && !keepsSelects(activeTraceId(), selectSamplingPercentage)) return
      const endMs = Date.now()
      finishedSpan(
        table ? `${operation} ${table}` : operation,
        endMs - event.queryDurationMillis,
        endMs,
        {
          'db.system.name': system,
          'db.operation.name': operation,
          'db.collection.name': table,
          [SAMPLE_RATE_ATTRIBUTE]: sampled ? selectSamplingPercentage : undefined,
        },
        // The driver's message can quote the statement: only the error's name travels.
        event.level === 'error' ? errorName(event.error) : undefined,
      )
    }
  }

  const instrumentSqs = (client: SQSClient) => {
    if (!tracer) return
    client.middlewareStack.remove(SQS_MIDDLEWARE)
    client.middlewareStack.add(
      (next, handlerContext) => async (args) => {
        const command = String(handlerContext.commandName ?? 'Command').replace(/Command$/, '')
        const startMs = Date.now()
        const attributes = { 'rpc.service': 'SQS', 'rpc.method': command, 'messaging.system': 'aws_sqs' }
        try {
          const result = await next(args)
          if (!isEmptyReceive(command, result.output))
            finishedSpan(`SQS.${command}`, startMs, Date.now(), attributes)
          return result
        } catch (error) {
          // A stop aborts the long poll: not a failure of SQS.
          if (errorName(error) !== 'AbortError') {
            finishedSpan(`SQS.${command}`, startMs, Date.now(), attributes, errorName(error))
          }
          throw error
        }
      },
      { step: 'initialize', name: SQS_MIDDLEWARE },
    )
  }

  const instrumentedFetch = (kind: FetchKind, fetchImpl: typeof globalThis.fetch = globalThis.fetch) => {
    if (!tracer || !otel) return fetchImpl
    const traced: typeof globalThis.fetch = async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input))
      const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase()
      const span = tracer.startSpan(`${method} ${url.pathname}`, {
        kind: SpanKind.CLIENT,
        attributes: {
          'http.request.method': method,
          // Origin and path: query strings are left out.
          'url.full': `${url.origin}${url.pathname}`,
          'server.address': url.hostname,
          'peer.service': kind === 'token' ? 'hmpps-auth' : 'accredited-programmes-api',
        },
      })
      const headers = new Headers(init?.headers)
      const carrier: Carrier = {}
      otel.propagator.inject(trace.setSpan(otelContext.active(), span), carrier, carrierSetter)
      for (const [key, value] of Object.entries(carrier)) headers.set(key, value)
      try {
        const response = await fetchImpl(input, { ...init, headers })
        span.setAttribute('http.response.status_code', response.status)
        if (response.status >= 400) span.setStatus({ code: 2 })
        return response
      } catch (error) {
        span.setStatus({ code: 2, message: errorName(error) })
        throw error
      } finally {
        span.end()
      }
    }
    return traced
  }

  const messageScope = (queue: string): MessageScope => {
    const queueName = queue.replace(/\/+$/, '').split('/').pop() ?? queue
    return async (message, handle) => {
      const startMs = Date.now()
      const { eventType, notificationId, carrier } = messageAttributes(message)
      const name = `RECEIVE ${eventType ?? 'unknown'}`
      const parent = extract(carrier)
      const span = tracer?.startSpan(
        name,
        {
          kind: SpanKind.CONSUMER,
          attributes: {
            'messaging.system': 'aws_sqs',
            'messaging.operation.type': 'process',
            'messaging.destination.name': queueName,
            'messaging.message.id': message.MessageId,
            eventType,
            notificationId,
            // The request name of a CONSUMER span in App Insights (SERVER spans take theirs from the route).
            'ai.operation.name': name,
          },
        },
        parent,
      )
      let failure: unknown
      try {
        await (span ? withSpan(parent, span, handle) : handle())
      } catch (error) {
        failure = error
        throw error
      } finally {
        if (failure !== undefined) {
          // The handler's MessageProcessingError names the event and person; report its cause.
          const context = (failure as { context?: LogFields }).context ?? {}
          const cause = (failure as { error?: unknown }).error ?? failure
          if (span) recordFailure(span, cause)
          sentry?.capture(
            cause,
            { eventType: stringOf(context.eventType ?? eventType), queue: queueName },
            { messageId: message.MessageId, notificationId: context.notificationId, crn: context.crn },
          )
        }
        span?.end()
        sentry?.transaction({
          name,
          op: 'queue.process',
          startMs,
          endMs: Date.now(),
          failed: failure !== undefined,
          attributes: { 'messaging.destination.name': queueName, 'messaging.message.id': message.MessageId },
        })
      }
    }
  }

  const settle = async (work: Promise<unknown>, timeoutMs: number) => {
    let timer: ReturnType<typeof setTimeout> | undefined
    await Promise.race([
      work.catch(() => {}),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, Math.max(0, timeoutMs))
      }),
    ])
    clearTimeout(timer)
  }

  return {
    enabled: true,
    middleware: middleware as MiddlewareHandler,
    databaseLog,
    event(name, properties) {
      otel?.emitEvent(name, stringProperties(properties))
    },
    exception(error, context) {
      otel?.emitException(
        error instanceof Error ? error : new Error(String(error)),
        stringProperties(context),
      )
      sentry?.capture(error, {}, context)
    },
    instrumentSqs,
    fetch: instrumentedFetch,
    messageScope,
    flush: (timeoutMs) => settle(Promise.allSettled([otel?.flush(), sentry?.flush(timeoutMs)]), timeoutMs),
    shutdown: (timeoutMs) =>
      settle(Promise.allSettled([otel?.shutdown(), sentry?.close(timeoutMs)]), timeoutMs),
  }
}

/** The event type and W3C trace context, from raw SQS attributes or the SNS envelope in the body. */
function messageAttributes(message: Message): {
  eventType?: string
  notificationId?: string
  carrier: Carrier
} {
  const carrier: Carrier = {}
  let eventType = message.MessageAttributes?.eventType?.StringValue
  let notificationId: string | undefined
  for (const key of ['traceparent', 'tracestate']) {
    const value = message.MessageAttributes?.[key]?.StringValue
    if (value) carrier[key] = value
  }
  try {
    const notification = JSON.parse(message.Body ?? '') as {
      MessageId?: unknown
      MessageAttributes?: Record<string, { Value?: unknown }>
    }
    if (typeof notification?.MessageId === 'string') notificationId = notification.MessageId
    const attributes = notification?.MessageAttributes
    const value = (key: string) =>
      typeof attributes?.[key]?.Value === 'string' ? (attributes[key].Value as string) : undefined
    eventType ??= value('eventType')
    for (const key of ['traceparent', 'tracestate']) {
      const found = value(key)
      if (found && !carrier[key]) carrier[key] = found
    }
  } catch {
    // A malformed body fails in the handler, which reports it; the span just has no parent.
  }
  return { eventType, notificationId, carrier }
}

/**
 * The route the request was for: the last matched route that is not middleware, so a request the
 * guard answered (401) is named like the ones it let through; `/*` for a path no route has.
 */
function routeOf(c: HonoContext): string {
  const routes = matchedRoutes(c)
  for (let i = routes.length - 1; i >= 0; i--) {
    const route = routes[i]!
    if (route.method !== 'ALL') return route.path
  }
  return '/*'
}

function stringProperties(properties: LogFields): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(properties)) {
    if (value === undefined || value === null) continue
    out[key] =
      typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value)
  }
  return out
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'Error'
}
