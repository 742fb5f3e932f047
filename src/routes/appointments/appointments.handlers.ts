import type { RouteHandler } from '@hono/zod-openapi'
import type { AppEnv } from '../../http/env.ts'
import type { Services } from '../../services/index.ts'
import type {
  createAppointmentsRoute,
  deleteAppointmentsRoute,
  searchAppointmentsRoute,
  updateAppointmentsRoute,
} from './appointments.routes.ts'

export function appointmentsHandlers({ appointments }: Services) {
  const search: RouteHandler<typeof searchAppointmentsRoute, AppEnv> = async (c) =>
    c.json({ content: await appointments.search(c.req.valid('json')) }, 200)

  const create: RouteHandler<typeof createAppointmentsRoute, AppEnv> = async (c) => {
    await appointments.create(c.req.valid('json').appointments)
    return c.body(null, 201)
  }

  const update: RouteHandler<typeof updateAppointmentsRoute, AppEnv> = async (c) => {
    await appointments.update(c.req.valid('json').appointments)
    return c.body(null, 204)
  }

  const remove: RouteHandler<typeof deleteAppointmentsRoute, AppEnv> = async (c) => {
    await appointments.delete(c.req.valid('json').appointments)
    return c.body(null, 204)
  }

  return { search, create, update, remove }
}
