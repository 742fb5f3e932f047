import type { RouteHandler } from '@hono/zod-openapi'
import type { InfoDocument } from '../../build-info.ts'
import type { AppEnv } from '../../http/env.ts'
import { errorBody } from '../../http/error-body.ts'
import type { HealthReport, HealthService } from '../../services/health.ts'
import type {
  componentRoute,
  healthRoute,
  infoRoute,
  livenessRoute,
  readinessRoute,
} from './health.routes.ts'

/** 200 when UP, 503 otherwise (DOWN or OUT_OF_SERVICE), as Spring Boot maps them. */
const statusOf = (report: HealthReport) => (report.status === 'UP' ? 200 : 503)

export function healthHandlers(health: HealthService, info: InfoDocument) {
  const overall: RouteHandler<typeof healthRoute, AppEnv> = async (c) => {
    const report = await health.overall()
    return statusOf(report) === 200 ? c.json(report, 200) : c.json(report, 503)
  }
  const group =
    (name: 'liveness' | 'readiness'): RouteHandler<typeof livenessRoute | typeof readinessRoute, AppEnv> =>
    async (c) => {
      const report = (await health.component(name))!
      return statusOf(report) === 200 ? c.json(report, 200) : c.json(report, 503)
    }
  const component: RouteHandler<typeof componentRoute, AppEnv> = async (c) => {
    const report = await health.component(c.req.valid('param').component)
    if (!report) return c.json(errorBody(404, 'Not found'), 404)
    return statusOf(report) === 200 ? c.json(report, 200) : c.json(report, 503)
  }
  const infoHandler: RouteHandler<typeof infoRoute, AppEnv> = (c) => c.json(info, 200)
  return { overall, liveness: group('liveness'), readiness: group('readiness'), component, info: infoHandler }
}
