import { createRouter } from '../../http/router.ts'
import type { Services } from '../../services/index.ts'
import { userHandlers } from './user.handlers.ts'
import { userAccessRoute, userTeamsRoute } from './user.routes.ts'

export function userRouter(services: Services) {
  const handlers = userHandlers(services)
  return createRouter().openapi(userAccessRoute, handlers.access).openapi(userTeamsRoute, handlers.teams)
}
