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
  return new Promise((resolve) => {
    const server = nodeServe({ fetch, port: options.port, hostname }, (info) => {
      resolve({
        port: info.port,
        hostname,
        close: () =>
          new Promise<void>((done) => {
            // Stop accepting; keep-alive connections that are idle go now, busy ones after their response.
            server.close(() => done())
            ;(server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.()
          }),
      })
    })
  })
}
