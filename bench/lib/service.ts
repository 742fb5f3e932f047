import { join } from 'node:path'
import type { BenchDatabase } from './databases.ts'
import type { Runtime } from './options.ts'
import { freePort, type RunningProcess, serviceCommand, startProcess } from './processes.ts'

/** Starts the service's production entry on a bench database, with HMPPS Auth pointing at ours. */
export async function startService(options: {
  runtime: Runtime
  database: BenchDatabase
  authUrl: string
  logDir: string
  name: string
  env?: Record<string, string>
  cpuProfileDir?: string
}): Promise<RunningProcess> {
  const port = await freePort()
  return startProcess({
    command: serviceCommand(options.runtime, options.cpuProfileDir),
    env: { DATABASE_URL: options.database.url, HMPPS_AUTH_URL: options.authUrl, ...options.env },
    port,
    readyPath: '/health/readiness',
    logPath: join(options.logDir, `${options.name}.log`),
  })
}

/** Operations the running instance documents, as `get /case/{crn}/personal-details`. */
export async function documentedOperations(
  fetchDocs: () => Promise<Response> | Response,
): Promise<Set<string>> {
  const response = await fetchDocs()
  if (response.status !== 200) return new Set()
  const doc = (await response.json()) as { paths?: Record<string, Record<string, unknown>> }
  const operations = new Set<string>()
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of Object.keys(item)) operations.add(`${method.toLowerCase()} ${path}`)
  }
  return operations
}
