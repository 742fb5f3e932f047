import { Hono } from 'hono'
import { secureHeaders } from 'hono/secure-headers'

/**
 * The security headers of every answer: hono/secure-headers with these options, used by the app's
 * middleware (app.ts) and, through `securityHeaders()`, by the answers the HTTP server gives
 * before a request reaches the app (a 431 for oversized headers, serve.ts).
 */
export const SECURE_HEADERS_OPTIONS: Parameters<typeof secureHeaders>[0] = {}

let headers: Promise<[string, string][]> | undefined

/** The headers the middleware sets, worked out once by running it. */
export function securityHeaders(): Promise<[string, string][]> {
  headers ??= Promise.resolve(
    new Hono()
      .use(secureHeaders(SECURE_HEADERS_OPTIONS))
      .get('/', (c) => c.body(null))
      .request('/'),
  ).then((response) => [...response.headers])
  return headers
}
