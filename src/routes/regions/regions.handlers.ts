import type { RouteHandler } from '@hono/zod-openapi'
import type { AppEnv } from '../../http/env.ts'
import type { Services } from '../../services/index.ts'
import type {
  pduOfficeLocationsRoute,
  programmeLocalAdminUnitMembersRoute,
  regionMembersRoute,
} from './regions.routes.ts'

export function regionsHandlers({ regions }: Services) {
  const members: RouteHandler<typeof regionMembersRoute, AppEnv> = async (c) =>
    c.json(await regions.members(c.req.valid('param').code), 200)

  const officeLocations: RouteHandler<typeof pduOfficeLocationsRoute, AppEnv> = async (c) =>
    c.json(await regions.officeLocations(c.req.valid('param').pdu), 200)

  const programmeMembers: RouteHandler<typeof programmeLocalAdminUnitMembersRoute, AppEnv> = async (c) =>
    c.json(await regions.programmeLocalAdminUnitMembers(c.req.valid('param').code), 200)

  return { members, officeLocations, programmeMembers }
}
