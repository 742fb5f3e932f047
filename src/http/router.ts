import { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from './env.ts'
import { validationHook } from './validation.ts'

/** A resource router with the shared validation hook (400 in the standard error body). */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
}
