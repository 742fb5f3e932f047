import {
  CamelCasePlugin,
  DummyDriver,
  Kysely,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely'
import { OracleAdapter, OracleIntrospector, OracleQueryCompiler } from 'kysely-oracledb'
import { checkOracleSql, OracleSqlError } from './oracle-rules.ts'

/**
 * A Kysely instance that only compiles, for Oracle: kysely-oracledb's adapter and compiler, a dummy
 * driver (no pool, no server), and the casing plugin that maps camelCase names to Delius upper-case
 * names (`rContactType.contactTypeId` → `"R_CONTACT_TYPE"."CONTACT_TYPE_ID"`).
 *
 *   createOracleCompiler<Database>().selectFrom('rContactType').select('contactTypeId').compile().sql
 */
// biome-ignore lint/suspicious/noExplicitAny: callers pass their Database type; default is untyped
export function createOracleCompiler<DB = any>(): Kysely<DB> {
  return new Kysely<DB>({
    dialect: {
      createAdapter: () => new OracleAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new OracleIntrospector(db),
      createQueryCompiler: () => new OracleQueryCompiler(),
    },
    plugins: [new CamelCasePlugin({ upperCase: true })],
  })
}

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
 * Attach as the LAST plugin of a postgres/pglite Kysely instance in tests. Every builder query
 * (select, insert, update, delete, merge) is compiled with kysely-oracledb's compiler as it runs,
 * and checked with `checkOracleSql`; a violation throws, so the query and the test fail.
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
    const compiled = new OracleQueryCompiler().compileQuery(node, queryId)
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
