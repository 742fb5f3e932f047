import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { onCleanup } from './cleanup.ts'

/**
 * The local Accredited Programmes API: status-change details for any requirement id, with the
 * run's label as description so each run's contacts can be counted.
 */
export interface DetailServer {
  baseUrl: string
  detailUrl(requirementId: number): string
  label: string
  requests: number
  stop(): Promise<void>
}

export async function startDetailServer(): Promise<DetailServer> {
  const state = { label: '', requests: 0 }
  const app = new Hono()
  app.get('/referral/:id/status-change-details', (c) => {
    state.requests++
    return c.json({
      newStatus: 'ON_PROGRAMME',
      sourcedFromEntityType: 'REQUIREMENT',
      sourcedFromEntityId: Number(c.req.param('id')),
      notes: 'Bench status change',
      description: state.label,
    })
  })
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>(
    (resolve) => {
      const server = serve(
        { fetch: app.fetch, port: 0, hostname: '127.0.0.1', overrideGlobalObjects: false },
        (info: AddressInfo) => resolve({ server, port: info.port }),
      )
    },
  )
  const baseUrl = `http://127.0.0.1:${port}`
  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve())
      if ('closeAllConnections' in server) server.closeAllConnections()
    })
  onCleanup(stop)
  return {
    baseUrl,
    detailUrl: (id) => `${baseUrl}/referral/${id}/status-change-details`,
    get label() {
      return state.label
    },
    set label(value: string) {
      state.label = value
    },
    get requests() {
      return state.requests
    },
    stop,
  }
}
