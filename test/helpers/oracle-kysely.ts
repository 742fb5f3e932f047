import type {
  Kysely,
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely'
import { oracleCompiler } from '../../src/db/oracle.ts'
import { checkOracleSql, OracleSqlError } from './oracle-rules.ts'

/**
 * The production Oracle configuration (src/db/oracle.ts `oracleDatabase`) with no pool behind it,
 * for tests that only compile: `.compile().sql` is what production sends.
 *
 *   createOracleCompiler().selectFrom('rContactType').select('contactTypeId').compile().sql
 */
// biome-ignore lint/suspicious/noExplicitAny: callers pass their Database type; default is untyped
export function createOracleCompiler<DB = any>(): Kysely<DB> {
  return oracleCompiler() as unknown as Kysely<DB>
}

/** The production configuration's compiler (plugins are not part of it: they run before compiling). */
const productionCompiler = oracleCompiler().getExecutor()

/** Root node kinds the shadow check compiles for Oracle: builder DML. */
const CHECKED_KINDS: ReadonlySet<RootOperationNode['kind']> = new Set([
  'SelectQueryNode',
  'InsertQueryNode',
  'UpdateQueryNode',
  'DeleteQueryNode',
  'MergeQueryNode',
])

export interface OracleShadowViolation {
  readonly sql: string
  readonly violations: readonly string[]
}

export interface OracleShadowOptions {
  /** Throw (fail the query) on a violation. Default true; false only records it in `violations`. */
  readonly throwOnViolation?: boolean
}

/**
 * Attach as the LAST plugin of a compile-only Oracle Kysely (createOracleCompiler().withPlugin(...))
 * to record and check what it compiles. Every builder query (select, insert, update, delete,
 * merge) is compiled with the production configuration's compiler and checked with
 * `checkOracleSql`; a violation throws. (The suites themselves run the SQL in TEST_DB=oracle.)
 *
 * Skipped: raw `sql` queries (root `RawNode`; they live in the dialect module, tested per dialect)
 * and DDL. The node and results pass through unchanged.
 */
export class OracleShadowPlugin implements KyselyPlugin {
  /** Distinct Oracle SQL texts checked. */
  readonly checked = new Set<string>()
  /** Statements that broke a rule (also when not thrown). */
  readonly violations: OracleShadowViolation[] = []
  /** Builder queries checked (with repeats). */
  count = 0
  /** Queries not checked (raw SQL, DDL). */
  skipped = 0

  readonly #throwOnViolation: boolean

  constructor(options: OracleShadowOptions = {}) {
    this.#throwOnViolation = options.throwOnViolation ?? true
  }

  transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
    if (!CHECKED_KINDS.has(node.kind)) {
      this.skipped++
      return node
    }
    const compiled = productionCompiler.compileQuery(node, queryId)
    const violations = checkOracleSql(compiled.sql, compiled.parameters.length)
    this.count++
    this.checked.add(compiled.sql)
    if (violations.length > 0) {
      this.violations.push({ sql: compiled.sql, violations })
      if (this.#throwOnViolation) throw new OracleSqlError(compiled.sql, violations)
    }
    return node
  }

  transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(result)
  }

  /** Forgets what was checked (e.g. between tests). */
  reset(): void {
    this.checked.clear()
    this.violations.length = 0
    this.count = 0
    this.skipped = 0
  }
}
