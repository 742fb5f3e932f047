import { type CompiledQuery, createQueryId, type Kysely, type KyselyPlugin, type QueryResult } from 'kysely'
import type { Database } from './schema.ts'

/**
 * Kysely queries built and compiled once, then run with each call's values.
 *
 * Building a query is most of the CPU of a case read or a status change: the 10-table
 * personal-details join or the 37-column status-contact insert allocates and freezes hundreds of
 * operation nodes, the camel-case plugin rewrites them and the compiler walks them, to produce the
 * same SQL text every time. Here the builder runs once with placeholder objects standing for the
 * values; the compiled SQL is kept, and each call only swaps the placeholders in the parameter list
 * for its values. The SQL, the plugins' result handling and the statement log are those of
 * `build(...).execute()`, so the named PostgreSQL statements are reused too.
 *
 * The SQL depends on the database's dialect and plugins, the `shape` (what the builder may branch
 * on: a table, whether an optional filter applies) and the length of each list value (an IN list
 * has one bind per item); each combination is compiled once. A transaction shares its database's
 * compiled queries. The builder must use values only as bound values (`eb('o.crn', '=', crn)`,
 * `inList(eb, column, ids)`, `eb.val(x)`): the first compile checks that every one was bound.
 */
export type ValueMarker<V> = <K extends keyof V & string>(name: K) => V[K]

export type Shape = Record<string, string | number | boolean>

interface Compilable<R> {
  compile(): CompiledQuery<R>
}

/** Stands for value `name` (item `item` of a list value) while compiling. */
class Placeholder {
  constructor(
    readonly name: string,
    readonly item?: number,
  ) {}
}

export interface ReusableQueryOptions {
  /** Combinations compiled per database; beyond it a call builds its query afresh. Default 64. */
  maxShapes?: number
}

export function reusableQuery<S extends Shape, V extends Record<string, unknown>, R>(
  build: (db: Kysely<Database>, shape: S, value: ValueMarker<V>) => Compilable<R>,
  options: ReusableQueryOptions = {},
): (db: Kysely<Database>, shape: S, values: V) => Promise<QueryResult<R>> {
  const maxShapes = options.maxShapes ?? 64
  // Keyed by the dialect adapter: one per Kysely instance, shared by its transactions.
  const byAdapter = new WeakMap<object, Map<string, CompiledQuery<R>>>()

  return async (db, shape, values) => {
    const executor = db.getExecutor()
    let compiledByKey = byAdapter.get(executor.adapter)
    if (compiledByKey === undefined) {
      compiledByKey = new Map()
      byAdapter.set(executor.adapter, compiledByKey)
    }
    const key = `${pluginsKey(executor.plugins)}|${JSON.stringify(shape)}|${listLengths(values)}`
    let compiled = compiledByKey.get(key)
    if (compiled === undefined) {
      if (compiledByKey.size >= maxShapes) return db.executeQuery(build(db, shape, literal(values)).compile())
      compiled = compileWithPlaceholders(db, build, shape, values)
      compiledByKey.set(key, compiled)
    }
    return db.executeQuery<R>({
      ...compiled,
      queryId: createQueryId(),
      parameters: compiled.parameters.map((parameter) =>
        parameter instanceof Placeholder ? bind(parameter, values) : parameter,
      ),
    })
  }
}

/**
 * The positional form for a query without shape: `compiledQuery((db, crn: string) => ...)` gives
 * `(db, crn) => rows`. List arguments (`ids: readonly number[]`) are compiled per length.
 */
export function compiledQuery<A extends unknown[], R>(
  build: (db: Kysely<Database>, ...args: A) => Compilable<R>,
  options: ReusableQueryOptions = {},
): (db: Kysely<Database>, ...args: A) => Promise<R[]> {
  const query = reusableQuery<{ arity: number }, Record<string, unknown>, R>((db, { arity }, value) => {
    const args = Array.from({ length: arity }, (_, i) => value(String(i)))
    return build(db, ...(args as A))
  }, options)
  return async (db, ...args) => {
    const values: Record<string, unknown> = {}
    args.forEach((arg, i) => {
      values[String(i)] = arg
    })
    return (await query(db, { arity: args.length }, values)).rows
  }
}

function compileWithPlaceholders<S extends Shape, V extends Record<string, unknown>, R>(
  db: Kysely<Database>,
  build: (db: Kysely<Database>, shape: S, value: ValueMarker<V>) => Compilable<R>,
  shape: S,
  values: V,
): CompiledQuery<R> {
  const handedOut: Placeholder[] = []
  const marker = ((name: string) => {
    const value = values[name]
    const placeholders = Array.isArray(value)
      ? value.map((_, item) => new Placeholder(name, item))
      : [new Placeholder(name)]
    handedOut.push(...placeholders)
    return Array.isArray(value) ? placeholders : placeholders[0]
  }) as ValueMarker<V>
  const compiled = build(db, shape, marker).compile()
  const bound = new Set(compiled.parameters)
  const unbound = handedOut.find((placeholder) => !bound.has(placeholder))
  if (unbound !== undefined)
    throw new Error(`reusableQuery: value ${unbound.name} is not used as a bound value`)
  return compiled
}

/** The values themselves, for a call that is not compiled ahead. */
function literal<V extends Record<string, unknown>>(values: V): ValueMarker<V> {
  return (name) => values[name]
}

function bind(placeholder: Placeholder, values: Record<string, unknown>): unknown {
  const value = values[placeholder.name]
  return placeholder.item === undefined ? value : (value as readonly unknown[])[placeholder.item]
}

function listLengths(values: Record<string, unknown>): string {
  let key = ''
  for (const name in values) {
    const value = values[name]
    if (Array.isArray(value)) key += `${name}:${value.length};`
  }
  return key
}

const pluginIds = new WeakMap<KyselyPlugin, number>()
let nextPluginId = 0

/** Plugins may rewrite the query, so compiled SQL is only shared between the same plugins. */
function pluginsKey(plugins: readonly KyselyPlugin[]): string {
  let key = ''
  for (const plugin of plugins) {
    let id = pluginIds.get(plugin)
    if (id === undefined) {
      id = ++nextPluginId
      pluginIds.set(plugin, id)
    }
    key += `${id},`
  }
  return key
}
