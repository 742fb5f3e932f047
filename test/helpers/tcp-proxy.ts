import { connect, createServer, type Server, type Socket } from 'node:net'

/**
 * A TCP relay on loopback in front of a real server (PostgreSQL), which can be cut and restored on
 * the same port: while it is down connections are refused and open ones are reset, as in an outage.
 */
export interface TcpProxy {
  readonly port: number
  down(): Promise<void>
  up(): Promise<void>
  close(): Promise<void>
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>()
  const track = (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  }
  const newServer = () =>
    createServer((client) => {
      const upstream = connect(target.port, target.host)
      track(client)
      track(upstream)
      client.on('error', () => upstream.destroy())
      upstream.on('error', () => client.destroy())
      client.pipe(upstream).pipe(client)
    })
  const listen = (server: Server, port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => {
        const address = server.address()
        resolve(typeof address === 'object' && address ? address.port : port)
      })
    })

  let server: Server | undefined = newServer()
  const port = await listen(server, 0)
  const stop = async () => {
    const current = server
    server = undefined
    for (const socket of sockets) socket.destroy()
    if (current) await new Promise<void>((resolve) => current.close(() => resolve()))
  }
  return {
    port,
    down: stop,
    async up() {
      if (server) return
      server = newServer()
      await listen(server, port)
    },
    close: stop,
  }
}
