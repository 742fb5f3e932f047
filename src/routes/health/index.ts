import type { Db } from '../../db/database.ts'
import { createRouter } from '../../http/router.ts'
import { type BuildInfo, healthHandlers } from './health.handlers.ts'
import { healthRoute, infoRoute, livenessRoute, readinessRoute } from './health.routes.ts'

export function healthRouter(db: Db, build: BuildInfo) {
  const handlers = healthHandlers(db, build)
  return createRouter()
    .openapi(healthRoute, handlers.health)
    .openapi(livenessRoute, handlers.liveness)
    .openapi(readinessRoute, handlers.readiness)
    .openapi(infoRoute, handlers.info)
}
