/**
 * The HTTP ceiling: a bare Hono app that answers the benchmarked routes with the same JSON from
 * memory (no auth, no database), served the way the service is (node-server or Deno.serve).
 * Run as its own process: `CEILING_RESPONSES=<file> PORT=<port> tsx|deno bench/lib/ceiling-server.ts`.
 */
import { readFileSync } from 'node:fs'
import { Hono } from 'hono'
import { serve } from '../../src/server/serve.ts'

export interface RecordedResponse {
  method: 'GET' | 'POST'
  path: string
  json: unknown
}

const responses = JSON.parse(readFileSync(process.env.CEILING_RESPONSES!, 'utf8')) as RecordedResponse[]
const app = new Hono()
app.get('/ready', (c) => c.text('ok'))
for (const { method, path, json } of responses) {
  if (method === 'GET') app.get(path, (c) => c.json(json as object))
  else
    app.post(path, async (c) => {
      await c.req.json()
      return c.json(json as object)
    })
}
await serve(app.fetch, { port: Number(process.env.PORT), hostname: '127.0.0.1' })
