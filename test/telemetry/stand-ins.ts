import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'

/**
 * Loopback stand-ins for the telemetry back ends, recording what the real SDKs send:
 * - Application Insights ingestion (the connection string's IngestionEndpoint): the track
 *   protocol, gzip JSON arrays of envelopes POSTed to /v2.1/track, over HTTPS (the exporter turns
 *   an http:// endpoint into https://) with a self-signed certificate made here (`ca`, `caFile`);
 * - a Sentry project (the DSN `http://key@127.0.0.1:PORT/1`): envelopes POSTed to /api/1/envelope/.
 * Either can be told to fail: answer 500, or never answer (a slow, hanging back end).
 */
export type Behaviour = 'ok' | 'error' | 'hang'

export interface AppInsightsEnvelope {
  name: string
  time: string
  iKey: string
  tags: Record<string, string>
  data: { baseType: string; baseData: Record<string, unknown> & { properties?: Record<string, string> } }
}

export interface StandIn {
  readonly port: number
  behaviour: Behaviour
  /** Requests received (whatever was answered). */
  readonly received: number
  close(): Promise<void>
}

export interface IngestionStandIn extends StandIn {
  readonly connectionString: string
  /** The stand-in's certificate (PEM), to be trusted by the exporter; `caFile` holds it too. */
  readonly ca: string
  readonly caFile: string
  readonly envelopes: AppInsightsEnvelope[]
  /** Envelopes of one kind: `RequestData`, `RemoteDependencyData`, `EventData`, `ExceptionData`. */
  of(baseType: string): AppInsightsEnvelope[]
}

export interface SentryItem {
  type: string
  payload: Record<string, unknown> & {
    tags?: Record<string, string>
    extra?: Record<string, unknown>
    transaction?: string
    exception?: { values: { type: string; value: string }[] }
    contexts?: { trace?: { op?: string; trace_id?: string } }
  }
}

export interface SentryStandIn extends StandIn {
  readonly dsn: string
  readonly items: SentryItem[]
  of(type: 'event' | 'transaction'): SentryItem['payload'][]
}

export const INSTRUMENTATION_KEY = '00000000-0000-4000-8000-000000000016'

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  const raw = Buffer.concat(chunks)
  return (request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8')
}

let certificate: { key: string; cert: string; certFile: string; keyFile: string } | undefined

/** A self-signed certificate for 127.0.0.1, made once per process with openssl. */
export function loopbackCertificate() {
  if (certificate) return certificate
  const dir = mkdtempSync(join(tmpdir(), 'apd-telemetry-'))
  const keyFile = join(dir, 'key.pem')
  const certFile = join(dir, 'cert.pem')
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'ignore' },
  )
  certificate = {
    key: readFileSync(keyFile, 'utf8'),
    cert: readFileSync(certFile, 'utf8'),
    certFile,
    keyFile,
  }
  return certificate
}

async function listen(
  handle: (request: IncomingMessage, body: string) => string,
  tls?: { key: string; cert: string },
): Promise<{ server: Server; port: number; state: { behaviour: Behaviour; received: number } }> {
  const state = { behaviour: 'ok' as Behaviour, received: 0 }
  const hanging = new Set<ServerResponse>()
  const onRequest = (request: IncomingMessage, response: ServerResponse) => {
    state.received++
    bodyOf(request).then(
      (body) => {
        if (state.behaviour === 'hang') {
          hanging.add(response)
          return
        }
        if (state.behaviour === 'error') {
          response.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"stand-in failure"}')
          return
        }
        const answer = handle(request, body)
        response.writeHead(200, { 'content-type': 'application/json' }).end(answer)
      },
      () => response.writeHead(400).end(),
    )
  }
  const server: Server = tls ? createHttpsServer(tls, onRequest) : createServer(onRequest)
  server.on('close', () => {
    for (const response of hanging) response.destroy()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const close = server.close.bind(server)
  server.close = ((callback?: (error?: Error) => void) => {
    for (const response of hanging) response.destroy()
    server.closeAllConnections()
    return close(callback)
  }) as typeof server.close
  return { server, port: (server.address() as AddressInfo).port, state }
}

export async function startIngestionStandIn(): Promise<IngestionStandIn> {
  const envelopes: AppInsightsEnvelope[] = []
  const tls = loopbackCertificate()
  const { server, port, state } = await listen((request, body) => {
    if (!request.url?.startsWith('/v2.1/track')) return '{}'
    const items = JSON.parse(body) as AppInsightsEnvelope[]
    envelopes.push(...items)
    return JSON.stringify({ itemsReceived: items.length, itemsAccepted: items.length, errors: [] })
  }, tls)
  return {
    port,
    connectionString: `InstrumentationKey=${INSTRUMENTATION_KEY};IngestionEndpoint=https://127.0.0.1:${port}/`,
    ca: tls.cert,
    caFile: tls.certFile,
    envelopes,
    of: (baseType) => envelopes.filter((envelope) => envelope.data.baseType === baseType),
    get behaviour() {
      return state.behaviour
    },
    set behaviour(value) {
      state.behaviour = value
    },
    get received() {
      return state.received
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

export async function startSentryStandIn(): Promise<SentryStandIn> {
  const items: SentryItem[] = []
  const { server, port, state } = await listen((request, body) => {
    if (!request.url?.startsWith('/api/1/envelope/')) return '{}'
    // An envelope: a header line, then item header and payload lines in pairs.
    const lines = body.split('\n').filter((line) => line.length > 0)
    for (let i = 1; i + 1 < lines.length; i += 2) {
      const header = JSON.parse(lines[i]!) as { type: string }
      items.push({ type: header.type, payload: JSON.parse(lines[i + 1]!) })
    }
    return '{}'
  })
  return {
    port,
    dsn: `http://key@127.0.0.1:${port}/1`,
    items,
    of: (type) => items.filter((item) => item.type === type).map((item) => item.payload),
    get behaviour() {
      return state.behaviour
    },
    set behaviour(value) {
      state.behaviour = value
    },
    get received() {
      return state.received
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
