import type { RouteHandler } from '@hono/zod-openapi'
import type { AppEnv } from '../../http/env.ts'
import type { Services } from '../../services/index.ts'
import type { personalDetailsRoute } from './case.routes.ts'

export function caseHandlers({ caseDetails }: Services) {
  const personalDetails: RouteHandler<typeof personalDetailsRoute, AppEnv> = async (c) =>
    c.json(await caseDetails.personalDetails(c.req.valid('param').crn), 200)
  return { personalDetails }
}
