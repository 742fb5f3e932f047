import { createRequire } from 'node:module'
import type * as Antlr from 'antlr4ts'
import type * as AntlrAtn from 'antlr4ts/atn/index.js'
import type * as PlSqlLexerModule from 'antlr4ts-sql/dist/src/grammar-output/plsql/PlSqlLexer.js'
import type * as PlSqlParserModule from 'antlr4ts-sql/dist/src/grammar-output/plsql/PlSqlParser.js'
import type * as CaseChanging from 'antlr4ts-sql/dist/src/models/CaseChangingStream.js'

/**
 * Proves that a statement is valid for Oracle (19c) without an Oracle server: the explicit rules of
 * spec README §1 plus a full parse with the `antlr4ts-sql` PL/SQL grammar (stack-notes §8).
 *
 *   checkOracleSql(sql, parameterCount?) → violations ([] = valid)
 *   assertOracleSql(sql, parameterCount?) → throws OracleSqlError listing the violations and the SQL
 *
 * Verdicts are cached by SQL text (per process/worker). The grammar is loaded on first use: the
 * first check in a process takes ~1 s (module load + parser warm-up), a new statement 15–50 ms,
 * a cached one ~0.02 ms.
 */

/** Oracle refuses more than 1000 expressions in one IN list (ORA-01795). */
export const ORACLE_IN_LIST_LIMIT = 1000

export class OracleSqlError extends Error {
  readonly sql: string
  readonly violations: readonly string[]

  constructor(sql: string, violations: readonly string[]) {
    super(
      `SQL is not valid for Oracle:\n${violations.map((v) => `  - ${v}`).join('\n')}\nSQL: ${
        sql.length > 4000 ? `${sql.slice(0, 4000)}… (${sql.length} chars)` : sql
      }`,
    )
    this.name = 'OracleSqlError'
    this.sql = sql
    this.violations = violations
  }
}

const cache = new Map<string, readonly string[]>()
const CACHE_LIMIT = 10_000

export function checkOracleSql(sql: string, parameterCount?: number): string[] {
  const key = parameterCount === undefined ? `-|${sql}` : `${parameterCount}|${sql}`
  let verdict = cache.get(key)
  if (verdict === undefined) {
    verdict = [...ruleViolations(sql, parameterCount), ...grammarErrors(sql)]
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string)
    cache.set(key, verdict)
  }
  return [...verdict]
}

/**
 * `checkOracleSql` for the statements a suite sends: the rules on the full text, the grammar on its
 * shape with repeated units collapsed (bind numbers as :1, runs of `when :1 then :1`, of `:1, ` in a
 * list and of identical INSERT ALL INTO clauses cut to one). Collapsing a repeated grammatical unit
 * keeps a statement valid or invalid, and a 500-item write parses in milliseconds instead of seconds.
 */
export function checkOracleStatement(sql: string): string[] {
  let verdict = statementCache.get(sql)
  if (verdict === undefined) {
    verdict = [...ruleViolations(sql, undefined), ...grammarVerdict(collapseRepeats(sql))]
    if (statementCache.size >= CACHE_LIMIT)
      statementCache.delete(statementCache.keys().next().value as string)
    statementCache.set(sql, verdict)
  }
  return [...verdict]
}
const statementCache = new Map<string, readonly string[]>()
const grammarCache = new Map<string, readonly string[]>()

function grammarVerdict(shape: string): readonly string[] {
  let verdict = grammarCache.get(shape)
  if (verdict === undefined) {
    verdict = grammarErrors(shape)
    grammarCache.set(shape, verdict)
  }
  return verdict
}

export function collapseRepeats(sql: string): string {
  return sql
    .replace(/:\d+/g, ':1')
    .replace(/(when (?:cast\(:1 as \w+\)|:1|null) then (?:cast\(:1 as \w+\)|:1|null) )+/g, '$1')
    .replace(/(:1, )+:1/g, ':1, :1')
    .replace(/( into "\w+" \([^)]*\) values \([^)]*\))\1+/g, '$1$1')
}

/** Grammar errors of a whole script (statements ending in `;`, comments allowed), e.g. DDL. */
export function checkOracleScript(script: string): string[] {
  return grammarErrors(script)
}

export function assertOracleSql(sql: string, parameterCount?: number): void {
  const violations = checkOracleSql(sql, parameterCount)
  if (violations.length > 0) throw new OracleSqlError(sql, violations)
}

// ---------------------------------------------------------------------------------------------
// Explicit rules (on the statement with literals, quoted identifiers and comments blanked out)
// ---------------------------------------------------------------------------------------------

/**
 * Lower-cases the statement and blanks the inside of string literals, quoted identifiers and
 * comments with spaces (same length, so offsets still point into the original SQL).
 */
export function maskSql(sql: string): string {
  const out = sql.toLowerCase().split('')
  const blank = (from: number, to: number) => {
    for (let i = from; i < to && i < out.length; i++) out[i] = out[i] === '\n' ? '\n' : ' '
  }
  let i = 0
  while (i < sql.length) {
    const c = sql[i]
    const next = sql[i + 1]
    if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i)
      const stop = end < 0 ? sql.length : end
      blank(i, stop)
      i = stop
    } else if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2)
      const stop = end < 0 ? sql.length : end + 2
      blank(i, stop)
      i = stop
    } else if ((c === 'q' || c === 'Q') && next === "'" && !isWordChar(sql[i - 1])) {
      // Oracle alternative quoting: q'[...]', q'{...}', q'<...>', q'(...)', q'X...X'
      const open = sql[i + 2] ?? ''
      const close = ({ '[': ']', '{': '}', '<': '>', '(': ')' } as Record<string, string>)[open] ?? open
      const end = sql.indexOf(`${close}'`, i + 3)
      const stop = end < 0 ? sql.length : end + 2
      blank(i + 2, stop - 1)
      i = stop
    } else if (c === "'" || c === '"') {
      let j = i + 1
      while (j < sql.length) {
        if (sql[j] === c) {
          if (sql[j + 1] === c) j += 2
          else break
        } else j++
      }
      blank(i + 1, j)
      i = j + 1
    } else i++
  }
  return out.join('')
}

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[\w$#]/.test(c)
}

/** Index of the parenthesis that closes the one at `open`, or -1. */
function matchingParen(code: string, open: number): number {
  let depth = 0
  for (let i = open; i < code.length; i++) {
    if (code[i] === '(') depth++
    else if (code[i] === ')') {
      depth--
      if (depth === 0) return i
    }
  }
  return -1
}

/** Items at the top level of a parenthesised list (`code` between the parentheses). */
function countListItems(inner: string): number {
  if (inner.trim() === '') return 0
  let depth = 0
  let items = 1
  for (const c of inner) {
    if (c === '(') depth++
    else if (c === ')') depth--
    else if (c === ',' && depth === 0) items++
  }
  return items
}

function near(sql: string, at: number): string {
  const text = sql
    .slice(Math.max(0, at - 20), at + 40)
    .replace(/\s+/g, ' ')
    .trim()
  return `near «${text}»`
}

const SIMPLE_RULES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\blimit\b/g, 'LIMIT is not Oracle: use .offset(n).fetch(m) (offset … rows fetch first … rows only)'],
  [/\breturning\b/g, 'RETURNING is not allowed (no RETURNING on Oracle here): fetch ids first, then insert'],
  [/(?<![\w$#])\$\d+/g, '$n placeholders are PostgreSQL: Oracle binds are :1, :2, …'],
  [/\?/g, '? placeholders are not Oracle: Oracle binds are :1, :2, …'],
  [
    /\bnextval\s*\(/g,
    "nextval('…') is PostgreSQL: Oracle uses <SEQ>.NEXTVAL (use the dialect's sequence helper)",
  ],
  [
    /\b(?:true|false)\b/g,
    'boolean literals (true/false) do not exist in Oracle 19c SQL: compare with 1 = 1 / 1 = 0 or Y/N',
  ],
  [/\bilike\b/g, 'ILIKE is PostgreSQL: use upper(x) like upper(:n)'],
  [/::/g, ':: casts are PostgreSQL: use cast(x as type)'],
  [/\bgenerate_series\b/g, 'generate_series is PostgreSQL: use connect by level <= :n'],
  [/\bon\s+conflict\b/g, 'ON CONFLICT is PostgreSQL: use MERGE or check first'],
  [/\bis\s+(?:not\s+)?distinct\s+from\b/g, 'IS [NOT] DISTINCT FROM is not Oracle 19c'],
]

function ruleViolations(sql: string, parameterCount: number | undefined): string[] {
  const code = maskSql(sql)
  const violations: string[] = []

  for (const [pattern, message] of SIMPLE_RULES) {
    const match = pattern.exec(code)
    pattern.lastIndex = 0
    if (match) violations.push(`${message} (${near(sql, match.index)})`)
  }

  // Multi-row VALUES: values (…), (…)
  for (const match of code.matchAll(/\bvalues\s*\(/g)) {
    const close = matchingParen(code, match.index + match[0].length - 1)
    if (close >= 0 && /^\s*,\s*\(/.test(code.slice(close + 1))) {
      violations.push(
        `multi-row VALUES is not supported by Oracle 19c: insert one row per statement, INSERT ALL or INSERT … SELECT (${near(sql, match.index)})`,
      )
      break
    }
  }

  // IN lists longer than 1000 items (subqueries are fine)
  for (const match of code.matchAll(/\bin\s*\(/g)) {
    const open = match.index + match[0].length - 1
    const close = matchingParen(code, open)
    if (close < 0) continue
    const inner = code.slice(open + 1, close)
    if (/^\s*(?:\(\s*)*(?:select|with)\b/.test(inner)) continue
    const items = countListItems(inner)
    if (items > ORACLE_IN_LIST_LIMIT) {
      violations.push(
        `IN list with ${items} items: Oracle allows at most ${ORACLE_IN_LIST_LIMIT} (ORA-01795); chunk it (${near(sql, match.index)})`,
      )
    }
  }

  // A select without FROM at its own nesting level (Oracle needs FROM DUAL)
  const selectAt = selectWithoutFrom(code)
  if (selectAt >= 0) violations.push(`SELECT without FROM: Oracle needs FROM DUAL (${near(sql, selectAt)})`)

  // Statement separators: oracledb executes one statement, without a trailing ';' (ORA-00933/00911)
  if (!/^\s*(?:begin|declare)\b/.test(code)) {
    const semicolon = code.indexOf(';')
    if (semicolon >= 0)
      violations.push(`';' is not allowed in a single SQL statement (${near(sql, semicolon)})`)
  }

  // Bind count: Oracle binds SQL placeholders by position, one value per occurrence
  if (parameterCount !== undefined) {
    const placeholders = [...code.matchAll(/(?<![:\w]):\d+\b/g)]
    if (placeholders.length !== parameterCount) {
      violations.push(`${placeholders.length} bind placeholders (:n) but ${parameterCount} parameters`)
    }
  }

  return violations
}

/** Offset of the first `select` with no `from` at the same parenthesis depth, or -1. */
function selectWithoutFrom(code: string): number {
  const open = new Map<number, { at: number; hasFrom: boolean }>()
  let depth = 0
  let missing = -1
  const finish = (d: number) => {
    const frame = open.get(d)
    if (frame && !frame.hasFrom && missing < 0) missing = frame.at
    open.delete(d)
  }
  for (const match of code.matchAll(/[a-z_][\w$#]*|[().]/g)) {
    const token = match[0]
    const before = code[match.index - 1]
    if (token === '(') depth++
    else if (token === ')') {
      finish(depth)
      depth--
    } else if (before === '.') {
      // a qualified name part such as SEQ.nextval or t.from: not a keyword
    } else if (token === 'select') {
      finish(depth)
      open.set(depth, { at: match.index, hasFrom: false })
    } else if (token === 'from') {
      const frame = open.get(depth)
      if (frame) frame.hasFrom = true
    }
  }
  for (const d of [...open.keys()]) finish(d)
  return missing
}

// ---------------------------------------------------------------------------------------------
// PL/SQL grammar (antlr4ts-sql), loaded lazily
// ---------------------------------------------------------------------------------------------

interface Grammar {
  antlr: typeof Antlr
  PredictionMode: typeof AntlrAtn.PredictionMode
  PlSqlLexer: typeof PlSqlLexerModule.PlSqlLexer
  PlSqlParser: typeof PlSqlParserModule.PlSqlParser
  CaseChangingStream: typeof CaseChanging.CaseChangingStream
}

let grammar: Grammar | undefined

function loadGrammar(): Grammar {
  if (!grammar) {
    // The PL/SQL parts only: the package index also loads the MySQL, T-SQL and PL/pgSQL grammars
    // (~0.25 s more). This is what antlr4tsSQL(SQLDialect.PLSQL).getTokens/getParser build.
    const require = createRequire(import.meta.url)
    grammar = {
      antlr: require('antlr4ts') as typeof Antlr,
      PredictionMode: (require('antlr4ts/atn') as typeof AntlrAtn).PredictionMode,
      PlSqlLexer: (
        require('antlr4ts-sql/dist/src/grammar-output/plsql/PlSqlLexer') as typeof PlSqlLexerModule
      ).PlSqlLexer,
      PlSqlParser: (
        require('antlr4ts-sql/dist/src/grammar-output/plsql/PlSqlParser') as typeof PlSqlParserModule
      ).PlSqlParser,
      CaseChangingStream: (require('antlr4ts-sql/dist/src/models/CaseChangingStream') as typeof CaseChanging)
        .CaseChangingStream,
    }
  }
  return grammar
}

/**
 * Syntax errors from the PL/SQL grammar (lexer and parser). Two-stage: a fast SLL parse that bails
 * out at the first problem; success proves the statement valid. Otherwise a full LL parse with the
 * default recovery gives the verdict and the messages.
 */
function grammarErrors(sql: string): string[] {
  const { antlr, PredictionMode, PlSqlLexer, PlSqlParser, CaseChangingStream } = loadGrammar()
  const errors: string[] = []
  const listener: Antlr.ANTLRErrorListener<unknown> = {
    syntaxError: (_recognizer, _symbol, line, column, message) => {
      errors.push(
        `PL/SQL grammar: ${line}:${column} ${shortMessage(message)} (${near(sql, offsetOf(sql, line, column))})`,
      )
    },
  }
  const parser = (mode: 'SLL' | 'LL') => {
    const chars = new CaseChangingStream(new antlr.ANTLRInputStream(sql), true) as unknown as Antlr.CharStream
    const lexer = new PlSqlLexer(chars)
    lexer.removeErrorListeners()
    lexer.addErrorListener(listener)
    const p = new PlSqlParser(new antlr.CommonTokenStream(lexer))
    p.removeErrorListeners()
    if (mode === 'SLL') {
      p.interpreter.setPredictionMode(PredictionMode.SLL)
      p.errorHandler = new antlr.BailErrorStrategy()
    } else p.addErrorListener(listener)
    return p
  }

  try {
    parser('SLL').sql_script()
    if (errors.length === 0) return []
  } catch {
    // SLL could not decide (or the input is invalid): decide with full LL below
  }
  errors.length = 0
  parser('LL').sql_script()
  return errors
}

function shortMessage(message: string): string {
  // "expecting {<EOF>, 'ABORT', … 2000 more}" → keep the start
  const expecting = message.indexOf(' expecting {')
  const base =
    expecting >= 0
      ? `${message.slice(0, expecting)} (expecting ${message.slice(expecting + 12, expecting + 60)}…)`
      : message
  // token names print as <1234> through the case-changing stream; the «near» snippet shows the text
  return base
    .replace(/'<\d+>'/g, 'token')
    .replace(/ at input ''/, '')
    .replace(/ at: ''/, '')
}

function offsetOf(sql: string, line: number, column: number): number {
  let offset = 0
  for (let l = 1; l < line; l++) {
    const next = sql.indexOf('\n', offset)
    if (next < 0) break
    offset = next + 1
  }
  return offset + column
}
