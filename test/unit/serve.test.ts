import http from 'node:http'
import { describe, expect, it } from 'vitest'
import { serve } from '../../src/server/serve.ts'

/** GET over a keep-alive agent: status, the Connection header and the body. */
function get(port: number, agent: http.Agent, path: string) {
  return new Promise<{ status: number; connection: string | undefined; body: string }>((resolve, reject) => {
    const request = http.request({ port, agent, path }, (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk) => {
        body += chunk
      })
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, connection: response.headers.connection, body }),
      )
    })
    request.on('error', reject)
    request.end()
  })
}

describe('serve', () => {
  it('answers keep-alive while running, and Connection: close to a request in flight when it stops', async () => {
    const server = await serve(
      async (request) => {
        const slow = new URL(request.url).pathname === '/slow'
        if (slow) await new Promise((resolve) => setTimeout(resolve, 300))
        // An immutable-headers response must get the header too.
        return slow ? Response.redirect('http://localhost/elsewhere', 302) : new Response('quick')
      },
      { port: 0, hostname: '127.0.0.1' },
    )
    const agent = new http.Agent({ keepAlive: true })
    try {
      const running = await get(server.port, agent, '/quick')
      expect(running).toMatchObject({ status: 200, body: 'quick' })
      // Node says keep-alive; Deno says nothing, which in HTTP/1.1 means the same.
      expect(running.connection ?? 'keep-alive').toBe('keep-alive')

      const inFlight = get(server.port, agent, '/slow')
      await new Promise((resolve) => setTimeout(resolve, 100))
      const closed = server.close()
      const answer = await inFlight
      expect(answer.status).toBe(302)
      expect(answer.connection).toBe('close')
      await closed
      // Nothing is listening any more: a new request is refused, not reset half-way.
      await expect(get(server.port, agent, '/quick')).rejects.toMatchObject({ code: 'ECONNREFUSED' })
    } finally {
      agent.destroy()
    }
  })
})
