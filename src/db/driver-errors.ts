import type { DatabaseConnection, Dialect, Driver } from 'kysely'

/**
 * Marks every error the database driver throws (connecting, running a statement, beginning,
 * committing or rolling back), so that the outage classification (unavailable.ts) can tell the
 * database's ECONNRESET from any other: a client aborting its upload, an upstream API, SQS. Only
 * an error that came out of the driver can mean "the database is unavailable" (issue 13).
 *
 * The error object itself is marked (in a WeakSet), not wrapped: callers keep seeing the driver's
 * own error, with its code and message.
 */
const fromDatabase = new WeakSet<object>()

/** Records that the driver threw this error; returns it. */
export function markDatabaseError<E>(error: E): E {
  if (typeof error === 'object' && error !== null) fromDatabase.add(error)
  return error
}

/** Whether this very error object was thrown by a database driver. */
export const isDatabaseError = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && fromDatabase.has(error)

/** Calls `fn` on `target` (so private class fields keep working); a rejection is marked. */
function marked<T extends object>(target: T, fn: (...args: unknown[]) => unknown, args: unknown[]) {
  let result: unknown
  try {
    result = Reflect.apply(fn, target, args)
  } catch (error) {
    throw markDatabaseError(error)
  }
  return result instanceof Promise
    ? result.catch((error: unknown) => Promise.reject(markDatabaseError(error)))
    : result
}

/** A proxy whose methods mark what they throw; `wrapResult` post-processes one method's result. */
function marking<T extends object>(
  target: T,
  wrapResult: Partial<Record<keyof T, (value: unknown) => unknown>> = {},
) {
  return new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property)
      if (typeof value !== 'function') return value
      const after = wrapResult[property as keyof T]
      return (...args: unknown[]) => {
        // The driver gets its own objects back, never our proxies.
        const result = marked(object, value as (...args: unknown[]) => unknown, args.map(unwrap))
        if (!after) return result
        return result instanceof Promise ? result.then(after) : after(result)
      }
    },
  })
}

const originals = new WeakMap<object, object>()
const proxies = new WeakMap<object, DatabaseConnection>()
const unwrap = (value: unknown) =>
  typeof value === 'object' && value !== null ? (originals.get(value) ?? value) : value

/** One proxy per connection, so Kysely sees the same object each time the pool hands it out. */
function markingConnection(connection: DatabaseConnection): DatabaseConnection {
  let proxy = proxies.get(connection)
  if (!proxy) {
    proxy = marking(connection)
    proxies.set(connection, proxy)
    originals.set(proxy, connection)
  }
  return proxy
}

/** The dialect with its driver's errors marked (see above). */
export function markingDatabaseErrors(dialect: Dialect): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createDriver: (): Driver =>
      marking(dialect.createDriver(), {
        acquireConnection: (connection) => markingConnection(connection as DatabaseConnection),
      }),
  }
}
