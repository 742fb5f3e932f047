import { type Compilable, type CompiledQuery, createQueryId, type Kysely, type QueryResult } from 'kysely'
import type { Database } from '../../schema.ts'

/**
 * A builder query that is built and compiled once per shape and database, then run with fresh
 * values. Building, the casing plugin's pass over the tree and compiling cost ~0.5 ms per run of the
 * status-contact insert (its 37 columns), a quarter of the listener's CPU per message; the SQL
 * text is the same every time, only the values change.
 *
 * `build` receives the shape (everything the SQL text depends on: which table, whether an optional
 * filter applies) and `value(name)`, a marker that takes the place of each value; compiling maps
 * every bind parameter back to its name, and each run binds `values[name]` there. Plugins run on
 * the first compile of a shape (the tests' Oracle check sees each one) and on every result (row
 * casing).
 */
export type ValueMarker<V> = <K extends keyof V & string>(name: K) => V[K]

interface Compiled {
  sql: string
  query: CompiledQuery['query']
  /** Per bind parameter: the value's name, or a constant the builder wrote in itself. */
  parameters: ({ name: string } | { constant: unknown })[]
}

const MARK = '\u0000apd-value:'

export function reusableQuery<
  S extends Record<string, string | number | boolean>,
  V extends Record<string, unknown>,
  R,
>(build: (db: Kysely<Database>, shape: S, value: ValueMarker<V>) => Compilable<R>) {
  // Per dialect adapter (one per database; transactions share their database's).
  const cache = new WeakMap<object, Map<string, Compiled>>()
  const marker = ((name: string) => `${MARK}${name}`) as ValueMarker<V>
  return (db: Kysely<Database>, shape: S, values: V): Promise<QueryResult<R>> => {
    const adapter = db.getExecutor().adapter
    let shapes = cache.get(adapter)
    if (!shapes) {
      shapes = new Map()
      cache.set(adapter, shapes)
    }
    const key = JSON.stringify(shape)
    let compiled = shapes.get(key)
    if (!compiled) {
      const { sql, query, parameters } = build(db, shape, marker).compile()
      compiled = {
        sql,
        query,
        parameters: parameters.map((parameter) =>
          typeof parameter === 'string' && parameter.startsWith(MARK)
            ? { name: parameter.slice(MARK.length) }
            : { constant: parameter },
        ),
      }
      shapes.set(key, compiled)
    }
    return db.executeQuery<R>({
      sql: compiled.sql,
      query: compiled.query,
      queryId: createQueryId(),
      parameters: compiled.parameters.map((parameter) =>
        'name' in parameter ? values[parameter.name] : parameter.constant,
      ),
    })
  }
}
