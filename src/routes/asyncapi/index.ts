import { Hono } from 'hono'
import type { AppEnv } from '../../http/env.ts'
import { asyncApiDocument } from './asyncapi.document.ts'

/**
 * GET /asyncapi.json: the queue's AsyncAPI document. Open like the OpenAPI document, and not in it
 * (it describes messages, not HTTP).
 */
export function asyncApiRouter() {
  let document: ReturnType<typeof asyncApiDocument> | undefined
  return new Hono<AppEnv>().get('/asyncapi.json', (c) => {
    document ??= asyncApiDocument()
    return c.json(document)
  })
}
