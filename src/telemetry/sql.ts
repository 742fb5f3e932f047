/**
 * A statement's operation and main table, read from its SQL text: what a database dependency is
 * named by. Never the statement itself (its literals could be anything) nor its bind values.
 */
export interface StatementSummary {
  /** `SELECT`, `INSERT`, `UPDATE`, `DELETE`, `MERGE`, ... */
  operation: string
  /** The first table the statement reads or writes, lower case; undefined when none is named. */
  table?: string
}

/** Where the main table follows, by operation. */
const TABLE_AFTER: Record<string, RegExp> = {
  SELECT: /\bfrom\s+"?([\w$#]+)"?/i,
  DELETE: /\bfrom\s+"?([\w$#]+)"?/i,
  INSERT: /\binto\s+"?([\w$#]+)"?/i,
  MERGE: /\binto\s+"?([\w$#]+)"?/i,
  UPDATE: /^\s*update\s+"?([\w$#]+)"?/i,
}

const OPERATION = /^\s*\(?\s*([a-z]+)/i

/** Summaries by SQL text: the service runs a few hundred distinct statements, over and over. */
const known = new Map<string, StatementSummary>()
const MAX_KNOWN = 1_000

export function summariseStatement(sql: string): StatementSummary {
  const cached = known.get(sql)
  if (cached) return cached
  let operation = OPERATION.exec(sql)?.[1]?.toUpperCase() ?? 'SQL'
  // A CTE names its real operation after the WITH clauses; the main table is the first one read.
  if (operation === 'WITH')
    operation = /\)\s*(select|insert|update|delete)\b/i.exec(sql)?.[1]?.toUpperCase() ?? 'SELECT'
  const table = TABLE_AFTER[operation]?.exec(sql)?.[1]?.toLowerCase()
  const summary: StatementSummary = table ? { operation, table } : { operation }
  if (known.size < MAX_KNOWN) known.set(sql, summary)
  return summary
}
