/**
 * A local stand-in for the Accredited Programmes API's detail endpoints (events.md §A.5, the
 * reference's WireMock simulation), used by the dev stack and the tests. Each document is built
 * from the last path segment, the Delius component id. Never part of a production start.
 */
import type { AddressInfo } from 'node:net'
import { type ServerType, serve } from '@hono/node-server'
import { Hono } from 'hono'

export const UPSTREAM_PATH = '/accredited-programmes-api'

type Document = (id: string) => Record<string, unknown>

const status =
  (newStatus: string, sourcedFromEntityType: string, notes: string, extra: Record<string, unknown> = {}) =>
  (id: string) => ({
    newStatus,
    sourcedFromEntityType,
    sourcedFromEntityId: Number(id),
    notes,
    description: 'Some description',
    ...extra,
  })

const completion = (sourcedFromEntityType: string, completedAt: string) => (id: string) => ({
  licReqId: id,
  // The publisher's format: a local date-time with a literal Z that means nothing (events.md §A.5).
  licReqCompletedAt: `${completedAt}.000Z`,
  sourcedFromEntityType,
})

/** Detail documents by path segment, as the reference's WireMock mappings give them. */
export const UPSTREAM_DOCUMENTS: Record<string, Document> = {
  'status-breach': status('BREACH', 'LICENCE_CONDITION', 'Some notes about the breach of the LC', {
    username: 'testuser',
  }),
  'status-on-programme': status('ON_PROGRAMME', 'REQUIREMENT', 'Some notes about the being on the programme'),
  'status-programme-complete-requirement': status(
    'PROGRAMME_COMPLETE',
    'REQUIREMENT',
    'Programme completed successfully',
  ),
  'status-programme-complete-licence-condition': status(
    'PROGRAMME_COMPLETE',
    'LICENCE_CONDITION',
    'Programme completed successfully',
  ),
  'programme-complete-requirement': completion('REQUIREMENT', '2025-06-01T14:30:00'),
  'programme-complete-licence-condition': completion('LICENCE_CONDITION', '2025-06-01T14:30:00'),
  'programme-complete-requirement-updated': completion('REQUIREMENT', '2026-01-01T12:00:00'),
  'programme-complete-requirement-before-start': completion('REQUIREMENT', '2024-01-01T14:30:00'),
}

/** The routes alone, so a test server can put its own middleware in front. */
export function upstreamRoutes(): Hono {
  const app = new Hono()
  app.get(`${UPSTREAM_PATH}/:document/:id{[0-9]+}`, (c) => {
    if (!/^Bearer \S+$/.test(c.req.header('authorization') ?? '')) {
      return c.json({ status: 401, message: 'Unauthorised' }, 401)
    }
    const document = UPSTREAM_DOCUMENTS[c.req.param('document')]
    if (!document) return c.json({ status: 404, message: 'Not found' }, 404)
    return c.json(document(c.req.param('id')))
  })
  app.notFound((c) => c.json({ status: 404, message: 'Not found' }, 404))
  return app
}

export interface LocalUpstream {
  /** `http://127.0.0.1:PORT`: the allowed detail URL base. */
  base: string
  port: number
  /** `${base}/accredited-programmes-api/<document>/<id>` */
  url(document: string, id: number | string): string
  stop(): Promise<void>
}

export async function startLocalUpstream(
  options: { port?: number; host?: string; app?: Hono } = {},
): Promise<LocalUpstream> {
  const host = options.host ?? '127.0.0.1'
  const app = options.app ?? upstreamRoutes()
  const { server, port } = await new Promise<{ server: ServerType; port: number }>((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, port: options.port ?? 0, hostname: host, overrideGlobalObjects: false },
      (info: AddressInfo) => resolve({ server, port: info.port }),
    )
    server.once('error', reject)
  })
  const base = `http://${host}:${port}`
  return {
    base,
    port,
    url: (document, id) => `${base}${UPSTREAM_PATH}/${document}/${id}`,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        if ('closeAllConnections' in server) server.closeAllConnections()
      }),
  }
}
