/**
 * Serves a fetch handler on Node (@hono/node-server) or Deno (Deno.serve) from the same code.
 * `close()` stops accepting connections and resolves once in-flight requests have finished.
 */
import type { Duplex } from 'node:stream'
import { securityHeaders } from '../http/security-headers.ts'

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
 * What the Node server answers to a request it cannot parse, before the app sees it (the
 * `clientError` event): the standard error body and the security headers, where Node would write
 * a bare status line. Header fields (and the URL with them) are limited to Node's 16 KB
 * (`--max-http-header-size`), kept deliberately: HMPPS tokens are ~2 KB.
 */
const CLIENT_ERRORS: Record<string, [status: number, reason: string, message: string]> = {
  HPE_HEADER_OVERFLOW: [
    431,
    'Request Header Fields Too Large',
    'Request header fields too large: the URL and headers together must be under 16 KB',
  ],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'Request timeout'],
}
const BAD_REQUEST: [number, string, string] = [400, 'Bad Request', 'Malformed HTTP request']

/** The raw HTTP/1.1 answer to a client error; the connection is closed after it. */
function clientErrorAnswer(code: string | undefined, security: readonly [string, string][]): string {
  const [status, reason, message] = (code && CLIENT_ERRORS[code]) || BAD_REQUEST
  const body = JSON.stringify({ status, message })
  const headers: [string, string][] = [
    ['Content-Type', 'application/json'],
    ['Content-Length', String(Buffer.byteLength(body))],
    ['Connection', 'close'],
    ...security,
  ]
  return `HTTP/1.1 ${status} ${reason}\r\n${headers.map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n${body}`
}

/** How long a stop lets requests already on their way reach the server before it stops accepting. */
const CLOSE_DRAIN_MS = 50

export const isDeno = typeof (globalThis as { Deno?: unknown }).Deno !== 'undefined'

export async function serve(
  fetch: FetchHandler,
  options: { port: number; hostname?: string },
): Promise<RunningServer> {
  const hostname = options.hostname ?? '0.0.0.0'
  if (isDeno) {
    const deno = (globalThis as unknown as { Deno: DenoGlobal }).Deno
    const server = deno.serve({ port: options.port, hostname, onListen: () => {} }, fetch)
    return { port: server.addr.port, hostname, close: () => server.shutdown() }
  }
  const { serve: nodeServe } = await import('@hono/node-server')
  const security = await securityHeaders()
  let stopping = false
  // Once stopping, every answer says `Connection: close`: Node would otherwise answer keep-alive and
  // then close the socket, and a client that reused it in between would see its request reset.
  const answer: FetchHandler = async (request) => {
    const response = await fetch(request)
    return stopping ? closingConnection(response) : response
  }
  return new Promise((resolve) => {
    const server = nodeServe({ fetch: answer, port: options.port, hostname }, (info) => {
      resolve({
        port: info.port,
        hostname,
        close: () =>
          new Promise<void>((done) => {
            stopping = true
            const http = server as unknown as { closeIdleConnections?: () => void }
            // Requests already sent can still be unread in socket buffers (or connections waiting to
            // be accepted) while the event loop is busy; such a connection looks idle, and closing
            // it now would reset a request the caller has made. So the close waits for a poll phase
            // (timer, then setImmediate) that reads them: they are then busy and get their answers.
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
          }),
      })
    })
    server.on('clientError', (error: Error & { code?: string }, socket: Duplex) => {
      // A reset connection, or one already answered, cannot take an answer.
      if (error.code === 'ECONNRESET' || !socket.writable) {
        socket.destroy()
        return
      }
      socket.end(clientErrorAnswer(error.code, security))
    })
  })
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
