import { createRouter } from '../../http/router.ts'
import type { Services } from '../../services/index.ts'
import { appointmentsHandlers } from './appointments.handlers.ts'
import {
  createAppointmentsRoute,
  deleteAppointmentsRoute,
  searchAppointmentsRoute,
  updateAppointmentsRoute,
} from './appointments.routes.ts'

export function appointmentsRouter(services: Services) {
  const handlers = appointmentsHandlers(services)
  return createRouter()
    .openapi(searchAppointmentsRoute, handlers.search)
    .openapi(createAppointmentsRoute, handlers.create)
    .openapi(updateAppointmentsRoute, handlers.update)
    .openapi(deleteAppointmentsRoute, handlers.remove)
}
