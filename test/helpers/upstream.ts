import { Hono } from 'hono'
import { type LocalUpstream, startLocalUpstream, upstreamRoutes } from '../../src/dev/upstream.ts'

/**
 * The dev stack's local Accredited Programmes API (real HTTP on loopback) with a recorder and
 * scripted faults in front: the next answers for a path can be forced (a status, a body, a delay).
 */
export interface RecordedRequest {
  path: string
  authorization: string | undefined
}

export interface Scripted {
  status?: number
  body?: unknown
  delayMs?: number
}

export interface TestUpstream extends LocalUpstream {
  readonly requests: RecordedRequest[]
  /** The next answers for `path` (`/accredited-programmes-api/...`), in order, before the real ones. */
  script(path: string, ...answers: Scripted[]): void
  /** Every answer for `path` from now on. */
  always(path: string, answer: Scripted): void
}

export async function startTestUpstream(): Promise<TestUpstream> {
  const requests: RecordedRequest[] = []
  const scripts = new Map<string, Scripted[]>()
  const fixed = new Map<string, Scripted>()
  const app = new Hono()
  app.use(async (c, next) => {
    requests.push({ path: c.req.path, authorization: c.req.header('authorization') })
    const answer = scripts.get(c.req.path)?.shift() ?? fixed.get(c.req.path)
    if (!answer) return next()
    if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs))
    if (answer.body === undefined && answer.status === undefined) return next()
    return c.json((answer.body ?? { status: answer.status }) as object, (answer.status ?? 200) as 200)
  })
  app.route('/', upstreamRoutes())
  const upstream = await startLocalUpstream({ app })
  return {
    ...upstream,
    requests,
    script(path, ...answers) {
      scripts.set(path, [...(scripts.get(path) ?? []), ...answers])
    },
    always(path, answer) {
      fixed.set(path, answer)
    },
  }
}
