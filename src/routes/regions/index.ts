import { createRouter } from '../../http/router.ts'
import type { Services } from '../../services/index.ts'
import { regionsHandlers } from './regions.handlers.ts'
import {
  pduOfficeLocationsRoute,
  programmeLocalAdminUnitMembersRoute,
  regionMembersRoute,
} from './regions.routes.ts'

export function regionsRouter(services: Services) {
  const handlers = regionsHandlers(services)
  return createRouter()
    .openapi(pduOfficeLocationsRoute, handlers.officeLocations)
    .openapi(regionMembersRoute, handlers.members)
    .openapi(programmeLocalAdminUnitMembersRoute, handlers.programmeMembers)
}
