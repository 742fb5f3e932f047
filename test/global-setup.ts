import type { TestProject } from 'vitest/node'
import type { TestDbKind } from './helpers/db.ts'
import { createPostgresTemplate, ensurePgliteTemplate, withAdmin } from './helpers/template.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    testDb: TestDbKind
    pgliteTemplate: string
    postgresTemplate: string
    runId: string
  }
}

const KINDS: readonly TestDbKind[] = ['pglite', 'postgres', 'oracle', 'oracle-server']

/**
 * Builds the database template once per run. TEST_DB=postgres runs the same suites against the
 * PostgreSQL server (a fresh template database per run, dropped afterwards); TEST_DB=oracle runs them
 * through the production Oracle configuration on that server (test/helpers/oracle-on-postgres.ts).
 */
export default async function setup(project: TestProject) {
  const requested = (process.env.TEST_DB ?? 'pglite') as TestDbKind
  if (!KINDS.includes(requested)) throw new Error(`TEST_DB must be one of ${KINDS.join(', ')}`)
  const testDb = requested
  const runId = `${process.pid}_${Date.now().toString(36)}`
  project.provide('testDb', testDb)
  project.provide('runId', runId)
  project.provide('pgliteTemplate', testDb === 'pglite' ? await ensurePgliteTemplate() : '')
  if (testDb === 'postgres' || testDb === 'oracle') {
    const template = `apd_template_${runId}`
    await createPostgresTemplate(template, testDb)
    project.provide('postgresTemplate', template)
    return async () => {
      await withAdmin(async (admin) => {
        const { rows } = await admin.query<{ datname: string }>(
          `select datname from pg_database where datname like $1`,
          [`apd_%_${runId}%`],
        )
        for (const { datname } of rows) {
          await admin.query(`drop database if exists ${datname} with (force)`)
        }
      })
    }
  }
  project.provide('postgresTemplate', '')
}
