import type { PoolClient } from 'pg'

/**
 * Named (prepared) statements for the PostgreSQL server.
 *
 * PostgreSQL plans every unnamed statement afresh: the 10-table personal-details join costs ~4 ms of
 * planning for 0.6 ms of execution on the 2-core dev machine, on every request. A named statement is
 * parsed once per connection and, after five executions, runs on a cached generic plan. Oracle, the
 * production database, does the same for bind-variable SQL with its shared cursor cache.
 *
 * Kysely's PostgresDialect always sends unnamed statements, so each pooled client's `query(text,
 * values)` is wrapped to send `{ name, text, values }` instead. A name always stands for one text
 * (pg refuses a name reused with other text), and the set is bounded: IN lists of every length and
 * bulk inserts give many distinct texts, so only short statements get a name, and only the first
 * `maxStatements` of them; the rest stay unnamed, as before.
 */
export interface PreparedStatementOptions {
  /** Distinct statement texts given a name, per process (each connection prepares at most these). */
  maxStatements?: number
  /** Longer texts (bulk inserts, long IN lists) stay unnamed. */
  maxTextLength?: number
}

export type StatementNamer = (text: string) => string | undefined

export function statementNamer(options: PreparedStatementOptions = {}): StatementNamer {
  const maxStatements = options.maxStatements ?? 200
  const maxTextLength = options.maxTextLength ?? 8_000
  const names = new Map<string, string>()
  return (text) => {
    const known = names.get(text)
    if (known !== undefined || text.length > maxTextLength || names.size >= maxStatements) return known
    const name = `apd_${names.size + 1}`
    names.set(text, name)
    return name
  }
}

/** Makes `client` send parameterised `query(text, values)` calls as named statements. */
export function usePreparedStatements(client: PoolClient, nameOf: StatementNamer): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown
  // Statements without parameters (begin, commit, rollback, savepoints) stay unnamed: nothing to plan.
  client.query = ((...args: unknown[]) => {
    const [text, values] = args
    if (typeof text === 'string' && Array.isArray(values) && values.length > 0 && args.length === 2) {
      const name = nameOf(text)
      if (name !== undefined) return query({ name, text, values })
    }
    return query(...args)
  }) as PoolClient['query']
}
