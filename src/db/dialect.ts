import {
  type Expression,
  type ExpressionBuilder,
  type Insertable,
  type Kysely,
  type RawBuilder,
  type ReferenceExpression,
  type SqlBool,
  sql,
} from 'kysely'
import { CLOB_COLUMNS, type Database, type SequenceName } from './schema.ts'

/**
 * The dialect seam: the only module with SQL that differs between Oracle and PostgreSQL. Everything
 * else is plain Kysely builder code that compiles to valid SQL on both (tests check every query
 * against the Oracle rules of spec README §1).
 */
export type DialectName = 'oracle' | 'postgres' | 'pglite'

/** Oracle refuses more than 1000 items in one IN list. */
export const IN_LIST_LIMIT = 1000

/** Binds per statement we allow (both databases cap at 65535; stay well below). */
const MAX_BINDS_PER_STATEMENT = 30_000

export interface SqlDialect {
  readonly name: DialectName
  /** The SQL (not yet executed) that yields `count` fresh values of a sequence as rows `{ id }`. */
  nextIdsQuery(sequence: SequenceName, count: number): RawBuilder<{ id: number | string }>
  /** Inserts without multi-row VALUES on Oracle. Returns the statements, so tests can compile them. */
  insertManyQueries<T extends keyof Database & string>(
    table: T,
    rows: readonly Insertable<Database[T]>[],
  ): RawBuilder<unknown>[]
  /** A cheap round trip for readiness checks. */
  pingQuery(): RawBuilder<unknown>
}

/**
 * A value for a CLOB column (Delius notes). The Oracle driver binds it as a CLOB (src/db/oracle.ts):
 * a VARCHAR2 bind fails past 4,000 bytes and cannot stand beside a CLOB in one CASE. PostgreSQL and
 * PGlite see the plain text (`toPostgres` for pg, `toString` for PGlite's serializer).
 */
export class ClobText {
  constructor(readonly text: string) {}
  toPostgres(): string {
    return this.text
  }
  toString(): string {
    return this.text
  }
}

/** `text` as a CLOB bind (null stays a plain null). */
export function clob(text: string): string
export function clob(text: string | null): string | null
export function clob(text: string | null): string | null {
  // Typed as the column's string so it can stand wherever the text would; only drivers look inside.
  return text === null ? null : (new ClobText(text) as unknown as string)
}

/** Fetches `count` ids from a sequence in one round trip. */
export async function nextIds(
  db: Kysely<Database>,
  dialect: SqlDialect,
  sequence: SequenceName,
  count: number,
): Promise<number[]> {
  if (count <= 0) return []
  const result = await dialect.nextIdsQuery(sequence, count).execute(db)
  return result.rows.map((row) => Number(row.id))
}

export async function nextId(
  db: Kysely<Database>,
  dialect: SqlDialect,
  sequence: SequenceName,
): Promise<number> {
  const [id] = await nextIds(db, dialect, sequence, 1)
  return id!
}

/** Inserts many rows in as few statements as the bind limit allows (one for a 500-item batch). */
export async function insertMany<T extends keyof Database & string>(
  db: Kysely<Database>,
  dialect: SqlDialect,
  table: T,
  rows: readonly Insertable<Database[T]>[],
): Promise<void> {
  for (const statement of dialect.insertManyQueries(table, rows)) await statement.execute(db)
}

export function chunk<T>(items: readonly T[], size: number = IN_LIST_LIMIT): T[][] {
  const chunks: T[][] = []
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size))
  return chunks
}

/**
 * `column IN (...)` for any number of values, as `(col in (<1000>) or col in (...))` so the whole
 * list still costs one round trip. No values → a false condition (`1 = 0`; Oracle has no boolean
 * literals).
 */
export function inList<DB, TB extends keyof DB, V>(
  eb: ExpressionBuilder<DB, TB>,
  column: ReferenceExpression<DB, TB>,
  values: readonly V[],
): Expression<SqlBool> {
  const unique = [...new Set(values)]
  if (unique.length === 0) return sql<SqlBool>`1 = 0`
  // biome-ignore lint/suspicious/noExplicitAny: the value type is checked by the caller's column
  const parts = chunk(unique).map((part) => eb(column, 'in', part as any))
  return parts.length === 1 ? parts[0]! : eb.or(parts)
}

/** Rows of one insert statement so that rows × columns stays under the bind limit. */
function batches<R>(rows: readonly R[], columnCount: number): R[][] {
  const perStatement = Math.max(
    1,
    Math.min(1000, Math.floor(MAX_BINDS_PER_STATEMENT / Math.max(1, columnCount))),
  )
  return chunk(rows, perStatement)
}

function columnsOf(rows: readonly object[]): string[] {
  const columns = new Set<string>()
  for (const row of rows) for (const key of Object.keys(row)) columns.add(key)
  return [...columns]
}

function rowValues(row: object, columns: string[], clobColumns: ReadonlySet<string> = NO_COLUMNS) {
  const record = row as Record<string, unknown>
  return sql.join(
    columns.map((column) => {
      const value = record[column] ?? null
      return sql`${clobColumns.has(column) && typeof value === 'string' ? clob(value) : value}`
    }),
  )
}

const NO_COLUMNS: ReadonlySet<string> = new Set()
const clobColumnsOf = (table: keyof Database & string): ReadonlySet<string> =>
  new Set<string>(CLOB_COLUMNS[table] ?? [])

// Sequence names come from the closed SequenceName union, never from input, so sql.raw is safe.
const sequenceRef = (sequence: SequenceName) => sql.raw(sequence)

const oracle: SqlDialect = {
  name: 'oracle',
  nextIdsQuery: (sequence, count) =>
    sql<{ id: number }>`select ${sequenceRef(sequence)}.nextval as id from dual connect by level <= ${count}`,
  insertManyQueries: (table, rows) => {
    const columns = columnsOf(rows)
    const columnList = sql.join(columns.map((c) => sql.ref(c)))
    const clobColumns = clobColumnsOf(table)
    return batches(rows, columns.length).map(
      (batch) =>
        sql`insert all ${sql.join(
          batch.map(
            (row) =>
              sql`into ${sql.table(table)} (${columnList}) values (${rowValues(row, columns, clobColumns)})`,
          ),
          sql` `,
        )} select 1 from dual`,
    )
  },
  pingQuery: () => sql`select 1 as ok from dual`,
}

function postgres(name: 'postgres' | 'pglite'): SqlDialect {
  return {
    name,
    nextIdsQuery: (sequence, count) =>
      sql<{
        id: number
      }>`select nextval('${sequenceRef(sequence)}') as id from generate_series(1, ${count}::int)`,
    insertManyQueries: (table, rows) => {
      const columns = columnsOf(rows)
      const columnList = sql.join(columns.map((c) => sql.ref(c)))
      return batches(rows, columns.length).map(
        (batch) =>
          sql`insert into ${sql.table(table)} (${columnList}) values ${sql.join(
            batch.map((row) => sql`(${rowValues(row, columns)})`),
          )}`,
      )
    },
    pingQuery: () => sql`select 1 as ok`,
  }
}

const dialects: Record<DialectName, SqlDialect> = {
  oracle,
  postgres: postgres('postgres'),
  pglite: postgres('pglite'),
}

export function dialectFor(name: DialectName): SqlDialect {
  return dialects[name]
}
