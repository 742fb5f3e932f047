import { appendFileSync } from 'node:fs'
import oracledb from 'oracledb'
import pg from 'pg'
import { oracleNames } from '../../src/db/ddl/index.ts'
import {
  CLEAR_CLIENT_IDENTIFIER,
  fetchDateAsWallClock,
  type OracleConnectionLike,
  type OraclePoolLike,
  SET_CLIENT_IDENTIFIER,
  setUpSession,
} from '../../src/db/oracle.ts'
import { checkOracleStatement, OracleSqlError } from './oracle-rules.ts'

/**
 * The Oracle test mode's driver (TEST_DB=oracle): an oracledb-shaped pool over a PostgreSQL database
 * whose tables, columns and sequences carry Delius's upper-case names (src/db/ddl `upper`). The
 * production Oracle configuration (`oracleDatabase`, src/db/oracle.ts) runs on top of it unchanged,
 * so the exact SQL text and binds oracledb would receive are what executes here.
 *
 * It translates only what must be translated, mechanically (TRANSLATIONS below: `:n` binds, DUAL,
 * `<SEQ>.NEXTVAL`, `connect by level`, `insert all`, the session statements), and refuses what it
 * does not know, what Oracle would refuse, and what our rules forbid (ORACLE_ONLY, the Oracle rules
 * and grammar, string binds over 4,000 bytes not bound as CLOBs, non-CLOB binds written to a CLOB
 * column, booleans). Rows come back as oracledb gives them: upper-case keys for unquoted names,
 * NUMBER as JS numbers, DATE through the production fetch handler, CLOB as strings. Transactions
 * are Oracle's: implicit from the first statement, ended by commit/rollback, rolled back on close.
 */
export interface OracleOnPostgresOptions {
  /** PostgreSQL database holding the upper-case schema. */
  url: string
  poolSize?: number
  /** oracle.sql, for the names, sequences and CLOB columns it declares. */
  oracleDdl: string
  /** ORACLE_SQL_LOG: every distinct statement is appended here, one per line. */
  sqlLog?: string
  /**
   * The suite's statement log (Kysely's log hook): a transaction's `begin` and `commit`/`rollback`
   * are entered as the PostgreSQL dialect logs them, so statement counts compare across modes.
   */
  statements?: string[]
}

/** Oracle's limit for a VARCHAR2 bind in SQL (MAX_STRING_SIZE=STANDARD, as Delius runs). */
const VARCHAR2_BIND_LIMIT = 4000

/** Oracle words the translation does not know: a query using one must be taught here deliberately. */
const ORACLE_ONLY = new Set([
  'sysdate',
  'systimestamp',
  'rownum',
  'rowid',
  'nvl',
  'nvl2',
  'decode',
  'to_date',
  'to_char',
  'to_number',
  'to_clob',
  'to_timestamp',
  'listagg',
  'minus',
  'currval',
  'dbms_lob',
  'trunc',
  'add_months',
  'months_between',
  'instr',
  'substr',
  'prior',
])

/** What PostgreSQL accepts and Oracle does not: refused before it can pass here by accident. */
const POSTGRES_ONLY = new Set(['ilike', 'generate_series', 'nextval', 'true', 'false', 'limit', 'returning'])

/** Session statements the service sends, and their PostgreSQL form (null: nothing to do there). */
const SESSION_STATEMENTS = new Map<string, string | null>([
  [normalise(SET_CLIENT_IDENTIFIER), `select set_config('delius.client_identifier', $1, false)`],
  [normalise(CLEAR_CLIENT_IDENTIFIER), `select set_config('delius.client_identifier', '', false)`],
  // PostgreSQL writes and reads timestamps as `YYYY-MM-DD HH24:MI:SS` text already.
  [`alter session set nls_date_format = 'yyyy-mm-dd hh24:mi:ss'`, null],
  [`alter session set nls_timestamp_format = 'yyyy-mm-dd hh24:mi:ss'`, null],
  [`alter session set time_zone = 'europe/london'`, `set time zone 'Europe/London'`],
])

/** PostgreSQL type OIDs, and how each reaches JS as oracledb would hand it over. */
const FIELD_TYPES: ReadonlyMap<number, (text: string) => unknown> = new Map([
  [20, Number], // int8    ← NUMBER
  [21, Number], // int2    ← NUMBER(1)
  [23, Number], // int4    ← NUMBER(9)
  [1700, Number], // numeric ← NUMBER
  [25, (text: string) => text], // text ← CLOB (fetchAsString)
  [1043, (text: string) => text], // varchar ← VARCHAR2
  [1042, (text: string) => text], // bpchar ← CHAR
  [1114, dateAsOracledbGivesIt], // timestamp ← DATE
])

export class OracleModeError extends Error {
  constructor(
    message: string,
    readonly sql: string,
  ) {
    super(`Oracle test mode: ${message}\nSQL: ${sql.length > 2000 ? `${sql.slice(0, 2000)}…` : sql}`)
    this.name = 'OracleModeError'
  }
}

// ------------------------------------------------------------------------------------------------
// Translation
// ------------------------------------------------------------------------------------------------

interface Token {
  kind: 'space' | 'string' | 'quoted' | 'bind' | 'word' | 'number' | 'op'
  text: string
}

interface Translation {
  /** PostgreSQL text, or null for a session statement with nothing to do. */
  text: string | null
  /** Bind order: positions (1-based) or names, as `$1, $2, ...` use them. */
  binds: (number | string)[]
  session: boolean
  /** Binds (positions) whose values land in a CLOB column: they must be CLOB binds. */
  clobBinds: Set<number>
}

const TOKEN =
  /\s+|'(?:[^']|'')*'|"[^"]*"|:(?:\d+|[A-Za-z_]\w*)|[A-Za-z_][\w$#]*|\d+(?:\.\d+)?|<=|>=|<>|!=|\|\||::|[^\s]/gy

function tokenize(sql: string): Token[] {
  const tokens: Token[] = []
  TOKEN.lastIndex = 0
  for (let match = TOKEN.exec(sql); match !== null; match = TOKEN.exec(sql)) {
    const text = match[0]
    const c = text[0]!
    const kind: Token['kind'] = /\s/.test(c)
      ? 'space'
      : c === "'"
        ? 'string'
        : c === '"'
          ? 'quoted'
          : c === ':' && text.length > 1 && text !== '::'
            ? 'bind'
            : /[A-Za-z_]/.test(c)
              ? 'word'
              : /\d/.test(c)
                ? 'number'
                : 'op'
    tokens.push({ kind, text })
  }
  return tokens
}

function normalise(sql: string): string {
  return sql.trim().replace(/\s+/g, ' ').toLowerCase()
}

interface Schema {
  names: ReadonlySet<string>
  sequences: ReadonlySet<string>
  clobColumns: ReadonlySet<string>
}

export function schemaOf(oracleDdl: string): Schema {
  return {
    names: oracleNames(oracleDdl),
    sequences: new Set([...oracleDdl.matchAll(/^CREATE SEQUENCE (\w+)/gm)].map((m) => m[1]!)),
    clobColumns: new Set([...oracleDdl.matchAll(/^ {2}(\w+) CLOB\b/gm)].map((m) => m[1]!)),
  }
}

/** Significant tokens (no whitespace), lower-cased words for matching. */
const word = (token: Token | undefined) => (token?.kind === 'word' ? token.text.toLowerCase() : undefined)

export function translate(sql: string, schema: Schema): Translation {
  const session = SESSION_STATEMENTS.get(normalise(sql))
  if (session !== undefined) {
    return {
      text: session,
      binds: session?.includes('$1') ? ['username'] : [],
      session: true,
      clobBinds: new Set(),
    }
  }
  const violations = checkOracleStatement(sql)
  if (violations.length > 0) throw new OracleSqlError(sql, violations)
  let tokens = tokenize(sql).filter((t) => t.kind !== 'space')
  if (word(tokens[0]) === 'insert' && word(tokens[1]) === 'all') tokens = insertAllAsMultiRow(tokens, sql)
  const clobBinds = clobBindPositions(tokens, schema)
  const out: string[] = []
  const binds: (number | string)[] = []
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!
    const lower = word(token)
    if (token.kind === 'bind') {
      const name = token.text.slice(1)
      binds.push(/^\d+$/.test(name) ? Number(name) : name)
      out.push(`$${binds.length}`)
    } else if (token.text === '::' || token.text === '$') {
      throw new OracleModeError(`'${token.text}' is PostgreSQL syntax`, sql)
    } else if (lower === 'from' && word(tokens[i + 1]) === 'dual') {
      // `from dual connect by level <= :n` (n rows) → generate_series; a bare `from dual` → no FROM.
      if (word(tokens[i + 2]) === 'connect') {
        const [by, level, le, bound] = tokens.slice(i + 3, i + 7)
        if (word(by) !== 'by' || word(level) !== 'level' || le?.text !== '<=' || bound?.kind !== 'bind')
          throw new OracleModeError('only `connect by level <= :n` over DUAL is translated', sql)
        const name = bound.text.slice(1)
        binds.push(/^\d+$/.test(name) ? Number(name) : name)
        out.push(`from generate_series(1, $${binds.length}::int)`)
        i += 6
      } else {
        i += 1
      }
    } else if (lower !== undefined && word(tokens[i + 2]) === 'nextval' && tokens[i + 1]?.text === '.') {
      const sequence = token.text.toUpperCase()
      if (!schema.sequences.has(sequence)) throw new OracleModeError(`no sequence ${sequence}`, sql)
      out.push(`nextval('"${sequence}"')`)
      i += 2
    } else if (lower !== undefined && (ORACLE_ONLY.has(lower) || lower === 'connect')) {
      throw new OracleModeError(
        `'${token.text}' is not translated; teach oracle-on-postgres.ts deliberately`,
        sql,
      )
    } else if (lower !== undefined && POSTGRES_ONLY.has(lower)) {
      throw new OracleModeError(`'${token.text}' is not Oracle`, sql)
    } else if (lower !== undefined && schema.names.has(token.text.toUpperCase())) {
      // Oracle folds unquoted names to upper case; PostgreSQL would fold them to lower.
      out.push(`"${token.text.toUpperCase()}"`)
    } else {
      out.push(token.text)
    }
  }
  return { text: out.join(' '), binds, session: false, clobBinds }
}

/**
 * `insert all into T (c) values (...) into T (c) values (...) select 1 from dual` (what the oracle
 * dialect's insertMany sends) → `insert into T (c) values (...), (...)`. Every INTO must name the
 * same table and columns.
 */
function insertAllAsMultiRow(tokens: Token[], sql: string): Token[] {
  let i = 2
  let head: string | undefined
  const rows: Token[][] = []
  const columns: Token[] = []
  while (word(tokens[i]) === 'into') {
    const start = i
    const close = closingParen(tokens, i + 2, sql)
    const target = tokens.slice(start, close + 1)
    const text = target.map((t) => t.text).join(' ')
    if (head === undefined) {
      head = text
      columns.push(...target.slice(1))
    } else if (text !== head) throw new OracleModeError('insert all over different tables or columns', sql)
    if (word(tokens[close + 1]) !== 'values') throw new OracleModeError('insert all without VALUES', sql)
    const end = closingParen(tokens, close + 2, sql)
    rows.push(tokens.slice(close + 2, end + 1))
    i = end + 1
  }
  const tail = tokens.slice(i).map((t) => t.text.toLowerCase())
  if (tail.join(' ') !== 'select 1 from dual' || rows.length === 0)
    throw new OracleModeError('insert all must end with `select 1 from dual`', sql)
  const values: Token[] = []
  rows.forEach((row, index) => {
    if (index > 0) values.push({ kind: 'op', text: ',' })
    values.push(...row)
  })
  return [
    { kind: 'word', text: 'insert' },
    { kind: 'word', text: 'into' },
    ...columns,
    { kind: 'word', text: 'values' },
    ...values,
  ]
}

function closingParen(tokens: Token[], open: number, sql: string): number {
  if (tokens[open]?.text !== '(') throw new OracleModeError('expected (', sql)
  let depth = 0
  for (let i = open; i < tokens.length; i++) {
    if (tokens[i]!.text === '(') depth++
    if (tokens[i]!.text === ')' && --depth === 0) return i
  }
  throw new OracleModeError('unbalanced parentheses', sql)
}

/** Splits tokens[from, to) at top-level commas. */
function topLevelItems(tokens: Token[], from: number, to: number): Token[][] {
  const items: Token[][] = [[]]
  let depth = 0
  for (let i = from; i < to; i++) {
    const t = tokens[i]!
    if (t.text === '(') depth++
    if (t.text === ')') depth--
    if (t.text === ',' && depth === 0) items.push([])
    else items[items.length - 1]!.push(t)
  }
  return items
}

function topLevelIndex(tokens: Token[], from: number, words: readonly string[]): number {
  let depth = 0
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i]!
    if (t.text === '(') depth++
    if (t.text === ')') depth--
    if (depth === 0 && words.includes(word(t) ?? '')) return i
  }
  return tokens.length
}

/** Binds that are values in `items`; a bind right after WHEN is a CASE key (`case ID when :k then :v`), not a value. */
const bindPositions = (items: readonly Token[]) =>
  items
    .filter((t, i) => t.kind === 'bind' && /^:\d+$/.test(t.text) && word(items[i - 1]) !== 'when')
    .map((t) => Number(t.text.slice(1)))

const columnName = (item: readonly Token[]) => {
  const name = item.filter((t) => t.kind === 'quoted' || t.kind === 'word').at(-1)?.text ?? ''
  return name.replaceAll('"', '').toUpperCase()
}

/**
 * The binds whose values are written to a CLOB column: in `insert ... (cols) values (...)` (every
 * row), `insert ... (cols) select ...` and `update ... set col = expr, ...`. Our rule, stricter than
 * Oracle's: every value written to a CLOB is bound as a CLOB, so neither 4,000 bytes nor a CASE
 * between a CLOB and a VARCHAR2 (ORA-00932) can break a write.
 */
function clobBindPositions(tokens: Token[], schema: Schema): Set<number> {
  const positions = new Set<number>()
  const first = word(tokens[0])
  if (first === 'insert') {
    const open = tokens.findIndex((t) => t.text === '(')
    if (open < 0) return positions
    const close = closingParen(tokens, open, '')
    const columns = topLevelItems(tokens, open + 1, close).map(columnName)
    const clob = columns.map((c) => schema.clobColumns.has(c))
    if (!clob.includes(true)) return positions
    const next = word(tokens[close + 1])
    if (next === 'values') {
      let i = close + 2
      while (tokens[i]?.text === '(') {
        const end = closingParen(tokens, i, '')
        topLevelItems(tokens, i + 1, end).forEach((item, index) => {
          if (clob[index]) for (const p of bindPositions(item)) positions.add(p)
        })
        i = end + 1
        if (tokens[i]?.text === ',') i++
      }
    } else if (next === 'select') {
      const from = topLevelIndex(tokens, close + 2, ['from'])
      topLevelItems(tokens, close + 2, from).forEach((item, index) => {
        if (clob[index]) for (const p of bindPositions(item)) positions.add(p)
      })
    }
  } else if (first === 'update') {
    const set = topLevelIndex(tokens, 1, ['set'])
    const where = topLevelIndex(tokens, set + 1, ['where'])
    for (const item of topLevelItems(tokens, set + 1, where)) {
      const equals = item.findIndex((t) => t.text === '=')
      if (equals > 0 && schema.clobColumns.has(columnName(item.slice(0, equals)))) {
        for (const p of bindPositions(item.slice(equals + 1))) positions.add(p)
      }
    }
  }
  return positions
}

// ------------------------------------------------------------------------------------------------
// Binds and rows
// ------------------------------------------------------------------------------------------------

function bindValue(value: unknown, position: number | string, mustBeClob: boolean, sql: string): unknown {
  if (value !== null && typeof value === 'object' && 'type' in value && 'val' in value) {
    if (value.type !== oracledb.DB_TYPE_CLOB)
      throw new OracleModeError(`bind ${position}: unknown bind type`, sql)
    if (value.val !== null && typeof value.val !== 'string')
      throw new OracleModeError(`bind ${position}: a CLOB bind of ${typeof value.val}`, sql)
    return value.val
  }
  if (mustBeClob && value !== null)
    throw new OracleModeError(`bind ${position} is written to a CLOB column but not bound as a CLOB`, sql)
  switch (typeof value) {
    case 'string':
      if (Buffer.byteLength(value) > VARCHAR2_BIND_LIMIT)
        throw new OracleModeError(
          `bind ${position}: a string of ${Buffer.byteLength(value)} bytes bound as VARCHAR2 (ORA-01461 past ${VARCHAR2_BIND_LIMIT}; bind it as a CLOB)`,
          sql,
        )
      return value
    case 'number':
      return value
    case 'object':
      if (value === null || value instanceof Date) return value
      break
  }
  throw new OracleModeError(`bind ${position}: oracledb would not bind ${typeof value} ${String(value)}`, sql)
}

function bindValues(translation: Translation, binds: unknown, sql: string): unknown[] {
  return translation.binds.map((position) => {
    const value =
      typeof position === 'number'
        ? (binds as unknown[] | undefined)?.[position - 1]
        : (binds as Record<string, unknown> | undefined)?.[position]
    return bindValue(
      value,
      position,
      typeof position === 'number' && translation.clobBinds.has(position),
      sql,
    )
  })
}

/** oracledb builds a DATE's JS Date in the process's zone; the production handler reads it back. */
function dateAsOracledbGivesIt(text: string): unknown {
  const [date, time = '00:00:00'] = text.split(' ')
  const [y, m, d] = date!.split('-').map(Number)
  const [hh, mm, ss] = time.split(':').map(Number)
  const value = new Date(y!, m! - 1, d!, hh, mm, ss)
  value.setFullYear(y!)
  const handler = fetchDateAsWallClock({ dbType: oracledb.DB_TYPE_DATE })
  return handler ? handler.converter(value) : value
}

function oracleRows(result: pg.QueryArrayResult, sql: string): Record<string, unknown>[] {
  const fields = result.fields.map((field) => {
    const convert = FIELD_TYPES.get(field.dataTypeID)
    if (!convert)
      throw new OracleModeError(`column ${field.name}: type ${field.dataTypeID} has no Oracle form`, sql)
    // A quoted name keeps its case; an unquoted one comes back upper case, as Oracle folds it.
    const key = sql.includes(`"${field.name}"`) ? field.name : field.name.toUpperCase()
    return { key, convert }
  })
  return result.rows.map((row) => {
    const object: Record<string, unknown> = {}
    fields.forEach(({ key, convert }, index) => {
      const value = row[index]
      object[key] = value === null ? null : convert(value as string)
    })
    return object
  })
}

// ------------------------------------------------------------------------------------------------
// Pool and connections
// ------------------------------------------------------------------------------------------------

const DML = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE'])

/**
 * Where a statement came from: the first stack frame outside node_modules and the driver layers.
 * oracledb (autoCommit off, as kysely-oracledb runs it) rolls back on release whatever a checkout
 * wrote without commit(): service code doing that would lose its write silently in production, so
 * it fails loudly here; a test's own fixture write (`db.kysely.updateTable(...).execute()`) is
 * committed, as it would be on PostgreSQL.
 */
function isTestFixture(stack: string | undefined): boolean {
  const frames = (stack ?? '').split('\n').slice(1)
  const fromTest = frames.some((line) => /\/test\//.test(line) && !/oracle-on-postgres\.ts/.test(line))
  const fromService = frames.some((line) => /\/src\/(services|listeners|routes)\//.test(line))
  return fromTest && !fromService
}

class OracleOnPostgresConnection implements OracleConnectionLike {
  #inTransaction = false
  /** The stack of this checkout's first write, while neither commit() nor rollback() has been called. */
  #pendingWrite: { stack: string | undefined; sql: string } | undefined
  #ended = false
  #logIndex: number | undefined

  constructor(
    private readonly client: pg.PoolClient,
    private readonly pool: OracleOnPostgresPool,
  ) {}

  async execute(sql: string, binds?: unknown, _options?: object) {
    const translation = this.pool.translation(sql)
    const values = bindValues(translation, binds, sql)
    if (translation.text === null) return { rows: [] }
    if (!translation.session && !this.#inTransaction) {
      await this.client.query('begin')
      this.#inTransaction = true
      this.#logIndex = this.pool.statements?.length
    }
    const result = await this.client.query({ text: translation.text, values, rowMode: 'array' })
    if (DML.has(result.command)) {
      if (!this.#ended && this.#pendingWrite === undefined)
        this.#pendingWrite = { stack: new Error().stack, sql }
      return { rowsAffected: result.rowCount ?? 0 }
    }
    return { rows: oracleRows(result, sql), metaData: result.fields.map((f) => ({ name: f.name })) }
  }

  async commit() {
    await this.#end('commit')
  }

  async rollback() {
    await this.#end('rollback')
  }

  /** Ends the transaction; `logged` when Kysely asked (a transaction), not on release. */
  async #end(command: 'commit' | 'rollback', logged = true) {
    if (logged) this.#ended = true
    if (this.#inTransaction) {
      await this.client.query(command)
      const log = this.pool.statements
      if (logged && log !== undefined && this.#logIndex !== undefined) {
        log.splice(this.#logIndex, 0, 'begin')
        log.push(command)
      }
    }
    this.#inTransaction = false
    this.#logIndex = undefined
  }

  /** Back to the pool; like oracledb, uncommitted work is rolled back (see isTestFixture). */
  async close() {
    const write = this.#ended ? undefined : this.#pendingWrite
    try {
      if (write !== undefined && isTestFixture(write.stack)) await this.#end('commit', false)
      await this.#end('rollback', false)
      this.client.release()
      // kysely-oracledb swallows errors of close(): the pool fails its next checkout instead.
      if (write !== undefined && !isTestFixture(write.stack))
        this.pool.lostWrite(
          new OracleModeError('a write outside a transaction: oracledb rolls it back on release', write.sql),
        )
    } catch (error) {
      this.client.release(error as Error)
      throw error
    }
  }
}

export class OracleOnPostgresPool implements OraclePoolLike {
  readonly #pool: pg.Pool
  readonly #schema: Schema
  readonly #translations = new Map<string, Translation>()
  readonly #sessions = new WeakSet<pg.PoolClient>()
  readonly #sqlLog: string | undefined
  static readonly #logged = new Set<string>()
  readonly statements: string[] | undefined

  constructor(options: OracleOnPostgresOptions) {
    this.#schema = schemaOf(options.oracleDdl)
    this.#sqlLog = options.sqlLog
    this.statements = options.statements
    this.#pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      // Every value as PostgreSQL's text; oracleRows turns it into what oracledb would give.
      types: { getTypeParser: () => (value: string) => value },
    })
    this.#pool.on('error', () => {})
  }

  translation(sql: string): Translation {
    let translation = this.#translations.get(sql)
    if (translation === undefined) {
      translation = translate(sql, this.#schema)
      this.#translations.set(sql, translation)
      this.#log(sql)
    }
    return translation
  }

  #log(sql: string) {
    if (this.#sqlLog === undefined || OracleOnPostgresPool.#logged.has(sql)) return
    OracleOnPostgresPool.#logged.add(sql)
    appendFileSync(this.#sqlLog, `${sql.replace(/\s*\n\s*/g, ' ')}\n`)
  }

  #lostWrite: OracleModeError | undefined

  lostWrite(error: OracleModeError) {
    this.#lostWrite ??= error
  }

  #failIfWriteLost() {
    if (this.#lostWrite) throw this.#lostWrite
  }

  async getConnection(): Promise<OracleOnPostgresConnection> {
    this.#failIfWriteLost()
    const client = await this.#pool.connect()
    const connection = new OracleOnPostgresConnection(client, this)
    if (!this.#sessions.has(client)) {
      // What the production pool's sessionCallback runs on a new physical session.
      await setUpSession(connection)
      this.#sessions.add(client)
    }
    return connection
  }

  async close(): Promise<void> {
    await this.#pool.end()
    this.#failIfWriteLost()
  }
}
