import pg from 'pg'
import type { BenchContext } from './context.ts'
import type { BenchDatabase } from './databases.ts'
import { startInProcess } from './in-process.ts'

/**
 * What PostgreSQL alone answers for one request's statements: the statements a request to `path`
 * runs (recorded from the service built in-process, with their values) are replayed one after the
 * other as named statements on `connections` pg clients for `seconds`. No HTTP, token, Kysely or
 * JSON: the figure is the database's share of a request, the most any service on it could reach.
 */
export interface DatabaseAloneResult {
  /** Whole requests' statement sets per second. */
  rps: number
  statements: number
}

export async function databaseAlone(
  ctx: BenchContext,
  database: BenchDatabase,
  request: { path: string; method: 'GET' | 'POST'; body?: unknown },
  connections: number,
  seconds: number,
): Promise<DatabaseAloneResult> {
  const statements = await recordStatements(ctx, database, request)
  const clients = await Promise.all(
    Array.from({ length: connections }, async () => {
      const client = new pg.Client({ connectionString: database.url })
      await client.connect()
      return client
    }),
  )
  try {
    const replay = async (client: pg.Client) => {
      for (const [i, statement] of statements.entries()) {
        await client.query({
          name: `bench_alone_${i}`,
          text: statement.sql,
          values: [...statement.parameters],
        })
      }
    }
    // Warm-up: past PostgreSQL's five custom plans, so the generic plan is cached as in the service.
    for (const client of clients) for (let i = 0; i < 10; i++) await replay(client)
    let completed = 0
    const endAt = performance.now() + seconds * 1000
    const started = performance.now()
    await Promise.all(
      clients.map(async (client) => {
        while (performance.now() < endAt) {
          await replay(client)
          completed++
        }
      }),
    )
    return { rps: completed / ((performance.now() - started) / 1000), statements: statements.length }
  } finally {
    await Promise.all(clients.map((client) => client.end()))
  }
}

async function recordStatements(
  ctx: BenchContext,
  database: BenchDatabase,
  request: { path: string; method: 'GET' | 'POST'; body?: unknown },
) {
  const recorded: { sql: string; parameters: readonly unknown[] }[] = []
  let recording = false
  const service = await startInProcess(ctx, database, (query) => {
    if (recording) recorded.push(query)
  })
  try {
    // The first request also runs start-up lookups; the second is the request itself.
    await service.request(request.path, { method: request.method, body: request.body })
    recording = true
    const response = await service.request(request.path, { method: request.method, body: request.body })
    recording = false
    if (response.status !== 200) throw new Error(`${request.path} answered ${response.status}`)
    return recorded
  } finally {
    await service.close()
  }
}
