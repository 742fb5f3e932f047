import type { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../http/env.ts'
import type { Services } from '../services/index.ts'
import { appointmentsRouter } from './appointments/index.ts'
import { asyncApiRouter } from './asyncapi/index.ts'
import { caseRouter } from './case/index.ts'
import { regionsRouter } from './regions/index.ts'
import { userRouter } from './user/index.ts'

/** Every resource router of the API. Add a line per resource. */
export function registerRoutes(app: OpenAPIHono<AppEnv>, services: Services): void {
  app.route('/', caseRouter(services))
  app.route('/', userRouter(services))
  app.route('/', regionsRouter(services))
  app.route('/', appointmentsRouter(services))
  app.route('/', asyncApiRouter())
}
