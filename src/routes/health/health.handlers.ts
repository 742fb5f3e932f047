import type { RouteHandler } from '@hono/zod-openapi'
import type { Db } from '../../db/database.ts'
import type { AppEnv } from '../../http/env.ts'
import { checkDatabase } from '../../services/health.ts'
import type { healthRoute, infoRoute, livenessRoute, readinessRoute } from './health.routes.ts'

export interface BuildInfo {
  version: string
  commit?: string
}

export function healthHandlers(db: Db, build: BuildInfo) {
  const health: RouteHandler<typeof healthRoute, AppEnv> = async (c) => {
    const report = await checkDatabase(db)
    return report.status === 'UP' ? c.json(report, 200) : c.json(report, 503)
  }
  const liveness: RouteHandler<typeof livenessRoute, AppEnv> = (c) => c.json({ status: 'UP' as const }, 200)
  const readiness: RouteHandler<typeof readinessRoute, AppEnv> = async (c) => {
    const report = await checkDatabase(db)
    return report.status === 'UP' ? c.json(report, 200) : c.json(report, 503)
  }
  const info: RouteHandler<typeof infoRoute, AppEnv> = (c) =>
    c.json(
      {
        build: { name: 'accredited-programmes-and-delius', version: build.version },
        ...(build.commit ? { git: { commit: build.commit } } : {}),
        productId: 'HMPPS518',
      },
      200,
    )
  return { health, liveness, readiness, info }
}
