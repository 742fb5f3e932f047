import type { TestProject } from 'vitest/node'
import { createPostgresTemplate, ensurePgliteTemplate, withAdmin } from './helpers/template.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    testDb: 'pglite' | 'postgres'
    pgliteTemplate: string
    postgresTemplate: string
    runId: string
  }
}

/**
 * Builds the database template once per run. TEST_DB=postgres runs the same suites against the
 * PostgreSQL server (a fresh template database per run, dropped afterwards).
 */
export default async function setup(project: TestProject) {
  const testDb = process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite'
  const runId = `${process.pid}_${Date.now().toString(36)}`
  project.provide('testDb', testDb)
  project.provide('runId', runId)
  project.provide('pgliteTemplate', testDb === 'pglite' ? await ensurePgliteTemplate() : '')
  if (testDb === 'postgres') {
    const template = `apd_template_${runId}`
    await createPostgresTemplate(template)
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
