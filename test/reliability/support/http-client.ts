import { type Agent, request } from 'node:http'

/**
 * A plain node:http client for the process tests: a fresh connection per request by default
 * (`Connection: close`), or a keep-alive agent's pooled ones (the soak).
 */
export interface Outcome {
  status?: number
  /** Network failure (refused, reset) instead of a response. */
  error?: string
  body: string
  startedAt: number
  endedAt: number
}

export function send(
  url: string,
  init: { method?: string; token?: string; body?: unknown; agent?: Agent; timeoutMs?: number } = {},
): Promise<Outcome> {
  const startedAt = Date.now()
  const payload = init.body === undefined ? undefined : JSON.stringify(init.body)
  const headers: Record<string, string> = {}
  if (init.token) headers.authorization = `Bearer ${init.token}`
  if (payload !== undefined) {
    headers['content-type'] = 'application/json'
    headers['content-length'] = String(Buffer.byteLength(payload))
  }
  if (!init.agent) headers.connection = 'close'
  return new Promise((resolve) => {
    const req = request(url, { method: init.method ?? 'GET', headers, agent: init.agent ?? false }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        body += chunk
      })
      res.on('end', () => resolve({ status: res.statusCode, body, startedAt, endedAt: Date.now() }))
      res.on('error', (error) => resolve({ error: error.message, body, startedAt, endedAt: Date.now() }))
    })
    req.setTimeout(init.timeoutMs ?? 30_000, () => req.destroy(new Error('client timeout')))
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ error: error.code ?? error.message, body: '', startedAt, endedAt: Date.now() }),
    )
    req.end(payload)
  })
}
