import type { Expression, ExpressionBuilder } from 'kysely'
import { clob } from '../../dialect.ts'

/** How a value is typed inside a CASE, so PostgreSQL (which would read bare parameters as text) and Oracle agree. */
export type ValueKind = 'number' | 'timestamp' | 'text' | 'clob'

/**
 * The new value of a column for each row of a bulk UPDATE, keyed by id:
 * `case <key> when :id1 then :v1 when :id2 then :v2 ... end` (no ELSE: the caller's WHERE lists
 * exactly these ids). One statement for any number of rows, valid on Oracle and PostgreSQL.
 *
 * - Every row has the same value → that plain value (no CASE).
 * - Nulls are the literal NULL, which takes the type of the other branches on both databases.
 * - Numbers and timestamps are CAST, because PostgreSQL types bare CASE parameters as text and
 *   refuses to assign text to bigint/timestamp columns; Oracle converts timestamps with the
 *   session's NLS_TIMESTAMP_FORMAT (`YYYY-MM-DD HH24:MI:SS`, src/db/oracle.ts).
 * - CLOB columns (notes) get CLOB binds (`clob`, src/db/dialect.ts) in every branch.
 */
export function valuesById<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  key: string,
  rows: readonly (readonly [id: number, value: string | number | null])[],
  kind: ValueKind,
  // biome-ignore lint/suspicious/noExplicitAny: a value for whichever column the caller sets
): Expression<any> {
  const first = rows[0]?.[1] ?? null
  const asClob = (value: string | number | null) => (value === null ? null : clob(String(value)))
  if (rows.every(([, value]) => value === first)) return eb.val(kind === 'clob' ? asClob(first) : first)
  const typed = (value: string | number | null) => {
    if (value === null) return eb.lit(null)
    if (kind === 'clob') return eb.val(asClob(value))
    if (kind === 'number') return eb.cast(eb.val(value), 'numeric')
    if (kind === 'timestamp') return eb.cast(eb.val(value), 'timestamp')
    return eb.val(value)
  }
  // biome-ignore lint/suspicious/noExplicitAny: the CASE builder's types don't follow a loop
  let builder: any = eb.case(eb.ref(key as any))
  for (const [id, value] of rows) builder = builder.when(id).then(typed(value))
  return builder.end()
}
