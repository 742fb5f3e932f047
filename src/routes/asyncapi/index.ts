import { Hono } from 'hono'
import type { AppEnv } from '../../http/env.ts'
import { asyncApiDocument } from './asyncapi.document.ts'

/** Where the document is served: ours, and the reference's path (the platform's docs job fetches it). */
export const ASYNCAPI_PATHS = ['/asyncapi.json', '/docs/asyncapi'] as const

/**
 * GET /asyncapi.json and /docs/asyncapi: the queue's AsyncAPI document. Open like the OpenAPI
 * document, and not in it (it describes messages, not HTTP).
 */
export function asyncApiRouter() {
  let document: ReturnType<typeof asyncApiDocument> | undefined
  const router = new Hono<AppEnv>()
  for (const path of ASYNCAPI_PATHS) {
    router.get(path, (c) => {
      document ??= asyncApiDocument()
      return c.json(document)
    })
  }
  return router
}
