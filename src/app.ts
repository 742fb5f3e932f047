import { OpenAPIHono } from '@hono/zod-openapi'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import { requestId } from 'hono/request-id'
import { secureHeaders } from 'hono/secure-headers'
import { stringify } from 'yaml'
import type { JwtVerifier } from './auth/jwt.ts'
import { requireRole } from './auth/middleware.ts'
import { DEFAULT_PRODUCT_ID, type InfoDocument, SERVICE_NAME } from './build-info.ts'
import type { Db } from './db/database.ts'
import { isDatabaseError } from './db/driver-errors.ts'
import { isDatabaseUnavailable } from './db/unavailable.ts'
import { AppError } from './errors.ts'
import type { AppEnv } from './http/env.ts'
import { errorResponse } from './http/error-body.ts'
import { rejectNul } from './http/reject-nul.ts'
import { SECURE_HEADERS_OPTIONS } from './http/security-headers.ts'
import { swaggerUi } from './http/swagger-ui.ts'
import { validationHook } from './http/validation.ts'
import type { Logger } from './logger.ts'
import { healthRouter } from './routes/health/index.ts'
import { registerRoutes } from './routes/index.ts'
import { isDeno } from './runtime.ts'
import type { Services } from './services/index.ts'
import type { Telemetry } from './telemetry/types.ts'
import type { Clock } from './time.ts'

export interface AppDeps {
  db: Db
  clock: Clock
  logger: Logger
  verifier: JwtVerifier
  services: Services
  /** `info`: the /info document (default: name and product id only). */
  config: { bodyLimitBytes: number; info?: InfoDocument }
  /** Request spans and transactions (src/telemetry); none when absent or off. */
  telemetry?: Telemetry
}

/** Paths anyone may call (events.md §B.2); everything else needs the role. */
const OPEN_PATHS = [
  /^\/health(\/.*)?$/,
  /^\/info(\/.*)?$/,
  /^\/v3\/api-docs(\/.*|\.yaml)?$/,
  /^\/swagger-ui(\/.*)?$/,
  /^\/asyncapi\.json$/,
  /^\/docs\/asyncapi$/,
]

/** Requests logged at debug only. */
const PROBE_PATH = /^\/(health|info)(\/|$)/

export const SECURITY_SCHEME = 'hmpps-auth-token'

export function createApp(deps: AppDeps) {
  const { logger } = deps
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })

  app.use(requestId({ headerName: 'X-Request-Id' }))
  if (deps.telemetry?.middleware) app.use(deps.telemetry.middleware)
  app.use(secureHeaders(SECURE_HEADERS_OPTIONS))
  app.use(async (c, next) => {
    const started = performance.now()
    await next()
    // The route pattern, not the URL: URLs carry CRNs and user names.
    // Probes and monitors call health and info several times a minute per pod: debug, not info.
    const log = PROBE_PATH.test(c.req.path) ? logger.debug : logger.info
    log('request', {
      requestId: c.get('requestId'),
      method: c.req.method,
      route: c.req.routePath,
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    })
  })
  const limitBody = bodyLimit({
    maxSize: deps.config.bodyLimitBytes,
    onError: () => errorResponse(413, `Request body exceeds ${deps.config.bodyLimitBytes} bytes`),
  })
  // GET and HEAD have no body; asking for one makes node-server build a full Request per call.
  app.use((c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next)))
  const guard = requireRole(deps.verifier, logger)
  app.use(async (c, next) => {
    if (OPEN_PATHS.some((pattern) => pattern.test(c.req.path))) return next()
    return guard(c, next)
  })
  app.use(rejectNul())

  const info = deps.config.info ?? {
    build: { artifact: SERVICE_NAME, name: SERVICE_NAME },
    productId: DEFAULT_PRODUCT_ID,
  }
  app.route('/', healthRouter(deps.services.health, info))
  registerRoutes(app, deps.services)

  app.openAPIRegistry.registerComponent('securitySchemes', SECURITY_SCHEME, {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'HMPPS Auth token with ROLE_PROBATION_API__ACCREDITED_PROGRAMMES__CASE_DETAIL',
  })
  const document = {
    openapi: '3.1.0',
    info: {
      title: 'API Reference',
      version: '1.0',
      description:
        'Accredited Programmes and Delius: case information and programme appointments for the Accredited Programmes service.',
    },
    servers: [{ url: '/' }],
    security: [{ [SECURITY_SCHEME]: [] }],
  }
  app.doc31('/v3/api-docs', document)
  // The same document as YAML (springdoc's second path; the platform's docs job fetches it).
  let yamlDocument: string | undefined
  app.get('/v3/api-docs.yaml', (c) => {
    yamlDocument ??= stringify(app.getOpenAPI31Document(document), { aliasDuplicateObjects: false })
    return c.body(yamlDocument, 200, { 'content-type': 'application/yaml; charset=utf-8' })
  })
  const ui = swaggerUi({ base: '/swagger-ui', documentUrl: '/v3/api-docs' })
  app.get('/swagger-ui', ui.page)
  app.get('/swagger-ui/index.html', ui.page)
  app.get('/swagger-ui/:file', ui.asset)

  app.notFound((c) => {
    const method = c.req.method
    const allowed = app.routes.filter(
      (r) => r.method !== 'ALL' && r.method !== method && matches(r.path, c.req.path),
    )
    if (allowed.length > 0) {
      return errorResponse(405, `Method ${method} is not supported`, {
        headers: { Allow: [...new Set(allowed.map((r) => r.method))].join(', ') },
      })
    }
    return errorResponse(404, 'Not found')
  })

  app.onError((error, c) => {
    if (error instanceof AppError && error.status < 500) return errorResponse(error.status, error.message)
    if (error instanceof HTTPException && error.status < 500) {
      return errorResponse(error.status, error.message || statusText(error.status))
    }
    const requestId = c.get('requestId')
    if (!isDatabaseError(error) && clientClosedConnection(error, c.req.raw)) {
      // The client gave up half-way through its body: its business, not a fault of ours. Nobody
      // reads this answer; the log says what happened without a warning or an error.
      logger.info('Request body not received: the client closed the connection', {
        requestId,
        route: c.req.routePath,
      })
      return errorResponse(400, 'Request body not received in full')
    }
    if (isDatabaseUnavailable(error)) {
      // An outage, not a bug: a 503 the caller may retry, and one warning rather than an error each.
      logger.warn('Database unavailable', { requestId, route: c.req.routePath, error: errorSummary(error) })
      return errorResponse(503, 'Service unavailable', {
        headers: { 'X-Request-Id': requestId, 'Retry-After': '5' },
      })
    }
    logger.error('Unhandled error', { requestId, route: c.req.routePath, error })
    // Invariant messages are the reference's own texts ("Person does not have an active manager");
    // anything else could carry SQL or internals, so it stays in the log.
    const message = error instanceof AppError ? error.message : 'Internal Server Error'
    return errorResponse(500, message, { headers: { 'X-Request-Id': requestId } })
  })

  return app
}

export type App = ReturnType<typeof createApp>

function matches(pattern: string, path: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .split('/')
      .map((part) =>
        part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
      )
      .join('/')}/?$`,
  )
  return regex.test(path)
}

/**
 * Whether reading the request failed because its client went away: Node's IncomingMessage fails
 * with `aborted` (code ECONNRESET) when the socket closes before the body is complete, and the
 * request's signal is aborted once the connection is gone. Deno.serve fails the body read with a
 * `Deno.errors.Http` ("unexpected EOF while reading HTTP/1 body"), its signal still unaborted.
 */
function clientClosedConnection(error: Error, request: Request): boolean {
  const code = (error as { code?: unknown }).code
  return (
    (code === 'ECONNRESET' && error.message === 'aborted') ||
    (isDeno && error.name === 'Http') ||
    request.signal?.aborted === true
  )
}

/** Name, code and message only: a driver error's other fields can hold the SQL and its values. */
function errorSummary(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) }
  return { name: error.name, code: (error as { code?: unknown }).code, message: error.message }
}

function statusText(status: number): string {
  return status === 400
    ? 'Bad Request'
    : status === 401
      ? 'Unauthorized'
      : status === 403
        ? 'Forbidden'
        : 'Error'
}
