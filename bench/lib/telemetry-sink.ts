/**
 * Section 7's telemetry back ends in a process of their own: Application Insights ingestion over
 * HTTPS (the exporter only speaks HTTPS) and a Sentry project over HTTP, each answering every
 * POST with success after reading its body, and counting requests and bytes (`GET /counts` on
 * the Sentry port). Nothing is unzipped or parsed: the real back ends are remote, so what the
 * bench should see is the service's own cost of sending, not a recorder's cost of reading it,
 * and not on the event loop that drives the load (the test stand-ins, which do parse, ran in the
 * bench process and halved autocannon's figures).
 *
 * `PORT` (Sentry and /counts), `INGESTION_PORT`, `TLS_KEY_FILE`, `TLS_CERT_FILE`.
 */
import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'

interface Counts {
  requests: number
  bytes: number
}

const counts: Record<'appInsights' | 'sentry', Counts> = {
  appInsights: { requests: 0, bytes: 0 },
  sentry: { requests: 0, bytes: 0 },
}

/** The track protocol's answer the exporter takes as "all accepted" (it only reads errors). */
const TRACK_ANSWER = JSON.stringify({ itemsReceived: 0, itemsAccepted: 0, errors: [] })

function sink(into: Counts, answer: string) {
  return (request: IncomingMessage, response: ServerResponse) => {
    into.requests++
    request.on('data', (chunk: Buffer) => {
      into.bytes += chunk.length
    })
    request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end(answer))
  }
}

const env = process.env
const ingestion = createHttpsServer(
  { key: readFileSync(env.TLS_KEY_FILE!), cert: readFileSync(env.TLS_CERT_FILE!) },
  sink(counts.appInsights, TRACK_ANSWER),
)
const sentry = sink(counts.sentry, '{}')
const main = createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/counts') {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(counts))
    return
  }
  sentry(request, response)
})
ingestion.listen(Number(env.INGESTION_PORT), '127.0.0.1')
main.listen(Number(env.PORT), '127.0.0.1')
