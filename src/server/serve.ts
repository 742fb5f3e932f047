/**
 * Serves a fetch handler on Node (@hono/node-server) or Deno (Deno.serve) from the same code.
 * `close()` stops accepting connections and resolves once in-flight requests have finished.
 */
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
