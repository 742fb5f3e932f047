import type { CompiledQuery, Kysely } from 'kysely'
import type { Database } from './schema.ts'

/**
 * A Kysely query built and compiled once per database (and per shape of its list arguments), then
 * run with each call's values bound in place of the first call's.
 *
 * Building a query is most of a case read's CPU: the 10-table personal-details join allocates and
 * freezes a few hundred operation nodes, the camel-case plugin rewrites them, the compiler walks
 * them, all to produce the same SQL text every time. Here the builder runs once with placeholder
 * objects for the arguments; the compiled SQL is kept and each call only swaps the placeholders in
 * the parameter list for its values. The SQL, the plugins' result handling and the statement log
 * are exactly those of `build(...).execute()`.
 *
 * `build` must use its arguments only as bound values (`eb('o.crn', '=', crn)`, `inList(eb, col,
 * ids)`), never to choose the query's shape: the first compile checks that every placeholder was
 * bound. Arguments are strings, numbers or arrays of them; a call with anything else (null, a Date)
 * is built and compiled afresh, as a plain Kysely call would be.
 */
type Scalar = string | number
type Argument = Scalar | readonly Scalar[]

interface Compilable<R> {
  compile(): CompiledQuery<R>
}

/** Stands for argument `argument` (element `element` of a list argument) while compiling. */
class Placeholder {
  constructor(
    readonly argument: number,
    readonly element?: number,
  ) {}
}

const isScalar = (value: unknown): value is Scalar =>
  typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))

const isArgument = (value: unknown): value is Argument =>
  isScalar(value) || (Array.isArray(value) && value.every(isScalar))

export interface CompiledQueryOptions {
  /** List lengths compiled per database; other lengths are built each time. Default 64. */
  maxShapes?: number
}

export function compiledQuery<A extends Argument[], R>(
  build: (db: Kysely<Database>, ...args: A) => Compilable<R>,
  options: CompiledQueryOptions = {},
): (db: Kysely<Database>, ...args: A) => Promise<R[]> {
  const maxShapes = options.maxShapes ?? 64
  // Per Kysely instance: its dialect and plugins decide the SQL. Transactions are instances too.
  const byDatabase = new WeakMap<Kysely<Database>, Map<string, CompiledQuery<R>>>()

  const run = async (db: Kysely<Database>, query: CompiledQuery<R>): Promise<R[]> =>
    (await db.executeQuery<R>(query)).rows

  return async (db, ...args) => {
    if (!args.every(isArgument)) return run(db, build(db, ...args).compile())
    const shape = args.map((arg) => (typeof arg === 'object' ? arg.length : '')).join(',')
    let shapes = byDatabase.get(db)
    if (shapes === undefined) {
      shapes = new Map()
      byDatabase.set(db, shapes)
    }
    let compiled = shapes.get(shape)
    if (compiled === undefined) {
      if (shapes.size >= maxShapes) return run(db, build(db, ...args).compile())
      compiled = compileWithPlaceholders(db, build, args)
      shapes.set(shape, compiled)
    }
    const parameters = compiled.parameters.map((value) =>
      value instanceof Placeholder ? bind(value, args) : value,
    )
    return run(db, { ...compiled, parameters })
  }
}

function compileWithPlaceholders<A extends Argument[], R>(
  db: Kysely<Database>,
  build: (db: Kysely<Database>, ...args: A) => Compilable<R>,
  args: A,
): CompiledQuery<R> {
  const placeholders = args.map((arg, i) =>
    typeof arg === 'object' ? arg.map((_, j) => new Placeholder(i, j)) : new Placeholder(i),
  )
  const compiled = build(db, ...(placeholders as unknown as A)).compile()
  const bound = new Set(compiled.parameters)
  for (const placeholder of placeholders.flat()) {
    if (!bound.has(placeholder)) {
      throw new Error(`compiledQuery: argument ${placeholder.argument + 1} is not used as a bound value`)
    }
  }
  return compiled
}

function bind(placeholder: Placeholder, args: readonly Argument[]): Scalar {
  const arg = args[placeholder.argument]!
  return placeholder.element === undefined
    ? (arg as Scalar)
    : (arg as readonly Scalar[])[placeholder.element]!
}
