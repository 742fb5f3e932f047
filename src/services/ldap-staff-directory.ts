import { AndFilter, Client, EqualityFilter, type Filter, OrFilter } from 'ldapts'
import { chunk } from '../db/dialect.ts'
import type { Logger } from '../logger.ts'
import type { StaffDirectory } from './staff-directory.ts'

/** Where Delius keeps its users (case-details.md §1 "LDAP email lookup"). */
export const DELIUS_USERS_BASE_DN = 'ou=Users,dc=moj,dc=com'

/** Names per search: one OR filter per batch keeps each request small. */
const NAMES_PER_SEARCH = 100

export interface LdapStaffDirectoryOptions {
  url: string
  bindDn: string
  bindPassword: string
  logger: Logger
  /** Connect and per-operation timeout; a slow directory must not hold up the API. Default 2 s. */
  timeoutMs?: number
  baseDn?: string
}

/** The values of an attribute of an entry (name compared case-insensitively), as text. */
function attribute(entry: Record<string, unknown>, name: string): string[] {
  const key = Object.keys(entry).find((k) => k.toLowerCase() === name)
  const value = key === undefined ? undefined : entry[key]
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value]
  return values.map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v)))
}

function usersNamed(names: readonly string[]): Filter {
  return new AndFilter({
    filters: [
      new EqualityFilter({ attribute: 'objectclass', value: 'inetOrgPerson' }),
      new EqualityFilter({ attribute: 'objectclass', value: 'top' }),
      // The filter classes escape the values, so a user name cannot change the filter.
      new OrFilter({ filters: names.map((name) => new EqualityFilter({ attribute: 'cn', value: name })) }),
    ],
  })
}

/**
 * Staff e-mails from the Delius LDAP directory (spec README §3.10): `mail` of the user entries one
 * level under ou=Users whose `cn` is the Delius user name. All names of a request go in one search
 * (an OR filter), over one bound connection that is kept and shared by concurrent requests (LDAP
 * multiplexes operations on a connection) and replaced when it breaks. Any failure, including a
 * timeout, leaves the e-mails out and logs a warning: it never fails the request.
 */
export function createLdapStaffDirectory(options: LdapStaffDirectoryOptions): StaffDirectory {
  const timeout = options.timeoutMs ?? 2_000
  const baseDn = options.baseDn ?? DELIUS_USERS_BASE_DN
  let current: Promise<Client> | undefined

  const open = async (): Promise<Client> => {
    const client = new Client({ url: options.url, timeout, connectTimeout: timeout })
    try {
      await client.bind(options.bindDn, options.bindPassword)
      return client
    } catch (error) {
      await client.unbind().catch(() => {})
      throw error
    }
  }

  /** The shared bound connection; a new one when there is none or the server dropped it. */
  const connection = async (): Promise<Client> => {
    const pending = current
    if (pending) {
      // A connect already under way is shared; if it fails, this request fails with it.
      const client = await pending
      if (client.isConnected) return client
      if (current === pending) {
        current = undefined
        void client.unbind().catch(() => {})
      }
    }
    if (!current) {
      const opening = open()
      current = opening
      // A failed connect is forgotten, so the next request tries again.
      opening.catch(() => {
        if (current === opening) current = undefined
      })
    }
    return current
  }

  const discard = async (client: Client | undefined) => {
    if (client === undefined) return
    if (current && (await current.catch(() => undefined)) === client) current = undefined
    await client.unbind().catch(() => {})
  }

  return {
    async emailsOf(usernames) {
      const found = new Map<string, string>()
      if (usernames.length === 0) return found
      const requested = new Map(usernames.map((name) => [name.toUpperCase(), name]))
      let client: Client | undefined
      try {
        client = await connection()
        for (const names of chunk([...requested.values()], NAMES_PER_SEARCH)) {
          const { searchEntries } = await client.search(baseDn, {
            scope: 'one',
            filter: usersNamed(names),
            attributes: ['cn', 'mail'],
          })
          for (const entry of searchEntries) {
            const mail = attribute(entry, 'mail')[0]
            if (!mail) continue
            for (const cn of attribute(entry, 'cn')) {
              const name = requested.get(cn.toUpperCase())
              if (name !== undefined && !found.has(name)) found.set(name, mail)
            }
          }
        }
        return found
      } catch (error) {
        options.logger.warn('Staff e-mail lookup failed; e-mails left out', {
          ldapUrl: options.url,
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        })
        await discard(client)
        return new Map()
      }
    },

    async check() {
      let client: Client | undefined
      try {
        client = await connection()
        await client.search(baseDn, { scope: 'base', attributes: ['ou'] })
      } catch (error) {
        await discard(client)
        throw error
      }
    },

    async close() {
      const client = current && (await current.catch(() => undefined))
      current = undefined
      await client?.unbind().catch(() => {})
    },
  }
}
