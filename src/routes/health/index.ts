import type { InfoDocument } from '../../build-info.ts'
import { createRouter } from '../../http/router.ts'
import type { HealthService } from '../../services/health.ts'
import { healthHandlers } from './health.handlers.ts'
import { componentRoute, healthRoute, infoRoute, livenessRoute, readinessRoute } from './health.routes.ts'

export function healthRouter(health: HealthService, info: InfoDocument) {
  const handlers = healthHandlers(health, info)
  return createRouter()
    .openapi(healthRoute, handlers.overall)
    .openapi(livenessRoute, handlers.liveness)
    .openapi(readinessRoute, handlers.readiness)
    .openapi(componentRoute, handlers.component)
    .openapi(infoRoute, handlers.info)
}
