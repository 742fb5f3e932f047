/**
 * Serves a fetch handler on Node (@hono/node-server) or Deno (Deno.serve) from the same code.
 * `close()` stops accepting connections and resolves once in-flight requests have finished.
 */
import type { Duplex } from 'node:stream'
import type { ServerType } from '@hono/node-server'
import { securityHeaders } from '../http/security-headers.ts'
import { isDeno } from '../runtime.ts'

export interface RunningServer {
  readonly port: number
  readonly hostname: string
  close(): Promise<void>
}

export type FetchHandler = (request: Request) => Response | Promise<Response>

interface DenoServer {
  addr: { port: number; hostname: string }
  shutdown(): Promise<void>
  finished: Promise<void>
}
interface DenoGlobal {
  serve(options: { port: number; hostname: string; onListen?: () => void }, handler: FetchHandler): DenoServer
}

/**
 * What the server answers to a request it cannot take, before the app sees it: the standard error
 * body and the security headers, where the runtime would write a bare status line. Header fields
 * (and the URL with them) are limited to Node's 16 KB (`--max-http-header-size`), kept deliberately
 * (HMPPS tokens are ~2 KB) and applied under Deno too, whose own limit is far larger.
 */
const MAX_HEADER_BYTES = 16 * 1024
const CLIENT_ERRORS: Record<string, ClientError> = {
  HPE_HEADER_OVERFLOW: [
    431,
    'Request Header Fields Too Large',
    'Request header fields too large: the URL and headers together must be under 16 KB',
  ],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'Request timeout'],
}
type ClientError = [status: number, reason: string, message: string]
const BAD_REQUEST: ClientError = [400, 'Bad Request', 'Malformed HTTP request']

/** How long a stop lets requests already on their way reach the server before it stops accepting. */
const CLOSE_DRAIN_MS = 50

export async function serve(
  fetch: FetchHandler,
  options: { port: number; hostname?: string },
): Promise<RunningServer> {
  const hostname = options.hostname ?? '0.0.0.0'
  const security = await securityHeaders()
  let stopping = false
  // Once stopping, every answer says `Connection: close`: the server would otherwise answer
  // keep-alive and then close the socket, and a client that reused it in between would see its
  // request reset.
  const answer: FetchHandler = async (request) => {
    const response = await fetch(request)
    return stopping ? closingConnection(response) : response
  }
  const running = isDeno
    ? serveOnDeno(answer, options.port, hostname, security)
    : await serveOnNode(answer, options.port, hostname, security)
  return {
    port: running.port,
    hostname,
    close: () => {
      stopping = true
      return running.close()
    },
  }
}

/** Deno.serve, with the Node server's header limit and error body (Deno's own answers are bare). */
function serveOnDeno(
  fetch: FetchHandler,
  port: number,
  hostname: string,
  security: readonly [string, string][],
): Omit<RunningServer, 'hostname'> {
  const deno = (globalThis as unknown as { Deno: DenoGlobal }).Deno
  const limited: FetchHandler = (request) =>
    headerSectionBytes(request) > MAX_HEADER_BYTES
      ? clientErrorResponse(CLIENT_ERRORS.HPE_HEADER_OVERFLOW!, security)
      : fetch(request)
  const server = deno.serve({ port, hostname, onListen: () => {} }, limited)
  return {
    port: server.addr.port,
    // As on Node, requests already on their way get their answers before it stops accepting.
    close: async () => {
      await new Promise((resolve) => setTimeout(resolve, CLOSE_DRAIN_MS))
      await server.shutdown()
    },
  }
}

/** The request line and header fields as they came over HTTP/1.1, in bytes (what Node limits). */
function headerSectionBytes(request: Request): number {
  const url = new URL(request.url)
  let bytes = Buffer.byteLength(`${request.method} ${url.pathname}${url.search} HTTP/1.1\r\n\r\n`)
  for (const [name, value] of request.headers) bytes += name.length + Buffer.byteLength(value) + 4
  return bytes
}

function clientErrorResponse([status, , message]: ClientError, security: readonly [string, string][]) {
  const headers = new Headers(security as [string, string][])
  headers.set('content-type', 'application/json')
  headers.set('connection', 'close')
  return new Response(JSON.stringify({ status, message }), { status, headers })
}

function serveOnNode(
  fetch: FetchHandler,
  port: number,
  hostname: string,
  security: readonly [string, string][],
): Promise<Omit<RunningServer, 'hostname'>> {
  return import('@hono/node-server').then(
    ({ serve: nodeServe }) =>
      new Promise((resolve) => {
        const server = nodeServe({ fetch, port, hostname }, (info) => {
          resolve({ port: info.port, close: () => closeNodeServer(server) })
        })
        server.on('clientError', (error: Error & { code?: string }, socket: Duplex) => {
          // A reset connection, or one already answered, cannot take an answer.
          if (error.code === 'ECONNRESET' || !socket.writable) {
            socket.destroy()
            return
          }
          socket.end(clientErrorAnswer((error.code && CLIENT_ERRORS[error.code]) || BAD_REQUEST, security))
        })
      }),
  )
}

function closeNodeServer(server: ServerType): Promise<void> {
  return new Promise<void>((done) => {
    const http = server as unknown as { closeIdleConnections?: () => void }
    // Requests already sent can still be unread in socket buffers (or connections waiting to be
    // accepted) while the event loop is busy; such a connection looks idle, and closing it now
    // would reset a request the caller has made. So the close waits for a poll phase (timer, then
    // setImmediate) that reads them: they are then busy and get their answers.
    setTimeout(() => {
      setImmediate(() => {
        // Stop accepting; idle keep-alive connections go now, busy ones after their response.
        const sweeper = setInterval(() => http.closeIdleConnections?.(), 100)
        server.close(() => {
          clearInterval(sweeper)
          done()
        })
        http.closeIdleConnections?.()
      })
    }, CLOSE_DRAIN_MS)
  })
}

/** The raw HTTP/1.1 answer to a client error; the connection is closed after it. */
function clientErrorAnswer(
  [status, reason, message]: ClientError,
  security: readonly [string, string][],
): string {
  const body = JSON.stringify({ status, message })
  const headers: [string, string][] = [
    ['Content-Type', 'application/json'],
    ['Content-Length', String(Buffer.byteLength(body))],
    ['Connection', 'close'],
    ...security,
  ]
  return `HTTP/1.1 ${status} ${reason}\r\n${headers.map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n${body}`
}

function closingConnection(response: Response): Response {
  try {
    response.headers.set('connection', 'close')
    return response
  } catch {
    // Immutable headers (a Response from fetch or Response.redirect): copy them.
    const headers = new Headers(response.headers)
    headers.set('connection', 'close')
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers })
  }
}
