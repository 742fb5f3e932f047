import type { RouteHandler } from '@hono/zod-openapi'
import type { AppEnv } from '../../http/env.ts'
import type { Services } from '../../services/index.ts'
import type { userAccessRoute, userTeamsRoute } from './user.routes.ts'

export function userHandlers({ userAccess, userTeams }: Services) {
  const access: RouteHandler<typeof userAccessRoute, AppEnv> = async (c) =>
    c.json(await userAccess.access(c.req.valid('param').username, c.req.valid('json')), 200)

  const teams: RouteHandler<typeof userTeamsRoute, AppEnv> = async (c) =>
    c.json(await userTeams.teams(c.req.valid('param').username), 200)

  return { access, teams }
}
