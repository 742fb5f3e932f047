import { connect, createServer, type Server, type Socket } from 'node:net'

/**
 * A TCP proxy on loopback in front of the database server: the service's pool connects through
 * it, and the test takes the "database" down (connections cut, new ones refused) and brings it back
 * on the same port, which is what a failover or a network partition looks like from the service.
 */
export interface TcpProxy {
  readonly port: number
  /** Connections currently open through the proxy. */
  readonly connections: number
  /** Cuts every connection and refuses new ones. */
  down(): Promise<void>
  /** Accepts connections again on the same port. */
  up(): Promise<void>
  /**
   * Cuts every connection, then accepts new ones but never answers on them: a server that hangs
   * (or a network that drops packets) rather than one that refuses.
   */
  stall(): Promise<void>
  close(): Promise<void>
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>()
  let server: Server | undefined
  let stalled = false
  const listen = (port: number) =>
    new Promise<Server>((resolve, reject) => {
      const s = createServer((client) => {
        if (stalled) {
          sockets.add(client)
          client.on('close', () => sockets.delete(client))
          client.on('error', () => client.destroy())
          return
        }
        const upstream = connect(target.port, target.host)
        for (const socket of [client, upstream]) {
          sockets.add(socket)
          socket.on('close', () => sockets.delete(socket))
          socket.on('error', () => {
            client.destroy()
            upstream.destroy()
          })
        }
        client.pipe(upstream)
        upstream.pipe(client)
      })
      s.once('error', reject)
      s.listen(port, '127.0.0.1', () => resolve(s))
    })
  server = await listen(0)
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('proxy did not listen on TCP')
  const port = address.port
  const stop = async () => {
    const current = server
    server = undefined
    for (const socket of sockets) socket.destroy()
    if (current) await new Promise<void>((resolve) => current.close(() => resolve()))
  }
  return {
    port,
    get connections() {
      return sockets.size / 2
    },
    down: stop,
    async up() {
      stalled = false
      for (const socket of sockets) socket.destroy()
      server ??= await listen(port)
    },
    async stall() {
      stalled = true
      for (const socket of sockets) socket.destroy()
      server ??= await listen(port)
    },
    close: stop,
  }
}
