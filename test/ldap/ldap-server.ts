import type { AddressInfo, Server, Socket } from 'node:net'
import ldap from 'ldapjs'
import { SEED } from '../../src/db/seed.ts'
import { DELIUS_USERS_BASE_DN } from '../../src/services/ldap-staff-directory.ts'

/**
 * A real LDAP server on loopback (ldapjs's server, in process) holding Delius user entries under
 * ou=Users,dc=moj,dc=com. It needs a bind as the service account before it answers a search, and
 * matches `cn` and `objectclass` case-insensitively as directory servers do (caseIgnoreMatch).
 */
export const LDAP_BIND_DN = 'cn=apd-service,ou=Services,dc=moj,dc=com'
export const LDAP_BIND_PASSWORD = 'ldap-test-secret'

export interface TestLdap {
  url: string
  port: number
  /** Search filters received, in order (their string form). */
  readonly searches: string[]
  /** Successful binds (one per new connection). */
  binds: number
  /** Connections accepted. */
  connections: number
  /** Holds every search this long before answering (to test the client's timeout). */
  delayMs: number
  /** Drops every open connection, keeping the server up (the client must reconnect). */
  dropConnections(): void
  stop(): Promise<void>
}

/** TestUser → test@example.com, as the dev/test seed expects; no entry for the other users. */
export const SEED_DIRECTORY: Record<string, string> = { [SEED.usernames.testUser]: SEED.testUserEmail }

interface LdapFilter {
  type: string
  filters?: LdapFilter[]
  filter?: LdapFilter
  attribute?: string
  value?: unknown
}

function matches(filter: LdapFilter, attributes: Record<string, string[]>): boolean {
  switch (filter.type) {
    case 'AndFilter':
      return filter.filters!.every((f) => matches(f, attributes))
    case 'OrFilter':
      return filter.filters!.some((f) => matches(f, attributes))
    case 'NotFilter':
      return !matches(filter.filter!, attributes)
    case 'PresenceFilter':
      return (attributes[filter.attribute!.toLowerCase()] ?? []).length > 0
    case 'EqualityFilter': {
      const wanted = String(filter.value).toLowerCase()
      return (attributes[filter.attribute!.toLowerCase()] ?? []).some((v) => v.toLowerCase() === wanted)
    }
    default:
      return false
  }
}

export async function startTestLdap(
  options: { users?: Record<string, string>; port?: number } = {},
): Promise<TestLdap> {
  const users = options.users ?? SEED_DIRECTORY
  const entries = [
    ...Object.entries(users).map(([cn, mail]) => ({ cn, mail })),
    // A user without mail, and a non-person entry with a matching cn: neither gives an e-mail.
    { cn: 'NoMailUser', mail: undefined },
  ].map(({ cn, mail }) => ({
    dn: `cn=${cn},${DELIUS_USERS_BASE_DN}`,
    attributes: {
      cn: [cn],
      objectclass: ['top', 'person', 'organizationalPerson', 'inetOrgPerson'],
      ...(mail === undefined ? {} : { mail: [mail] }),
    } as Record<string, string[]>,
  }))
  entries.push({
    dn: `cn=${SEED.usernames.limitedAccessUser},ou=Groups,${DELIUS_USERS_BASE_DN}`,
    attributes: {
      cn: [SEED.usernames.limitedAccessUser],
      objectclass: ['top', 'groupOfNames'],
      mail: ['x@x'],
    },
  })

  const server = ldap.createServer()
  const sockets = new Set<Socket>()
  const state = {
    searches: [] as string[],
    binds: 0,
    connections: 0,
    delayMs: 0,
  }
  // The underlying net.Server, to count and drop connections.
  const net = (server as unknown as { server: Server }).server
  net.on('connection', (socket: Socket) => {
    state.connections++
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  // biome-ignore lint/suspicious/noExplicitAny: ldapjs's server handler types are loose
  server.bind(LDAP_BIND_DN, (req: any, res: any, next: any) => {
    if (req.credentials !== LDAP_BIND_PASSWORD) return next(new ldap.InvalidCredentialsError())
    state.binds++
    res.end()
    return next()
  })
  // biome-ignore lint/suspicious/noExplicitAny: as above
  server.search(DELIUS_USERS_BASE_DN, async (req: any, res: any, next: any) => {
    const boundAs = String(req.connection.ldap.bindDN ?? '')
    if (boundAs.replace(/\s/g, '').toLowerCase() !== LDAP_BIND_DN.replace(/\s/g, '').toLowerCase()) {
      return next(new ldap.InsufficientAccessRightsError())
    }
    state.searches.push(req.filter.toString())
    if (state.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, state.delayMs))
    // One level below the base only (the client asks for scope "one").
    const base = DELIUS_USERS_BASE_DN.toLowerCase()
    const oneLevel = (dn: string) =>
      dn.toLowerCase().endsWith(`,${base}`) && dn.split(',').length === base.split(',').length + 1
    for (const entry of entries) {
      if (oneLevel(entry.dn) && matches(req.filter as LdapFilter, entry.attributes)) {
        const wanted: string[] = (req.attributes ?? []).map((a: string) => a.toLowerCase())
        const attributes = Object.fromEntries(
          Object.entries(entry.attributes).filter(([name]) => wanted.length === 0 || wanted.includes(name)),
        )
        res.send({ dn: entry.dn, attributes })
      }
    }
    res.end()
    return next()
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const port = (net.address() as AddressInfo).port
  return Object.assign(state, {
    url: `ldap://127.0.0.1:${port}`,
    port,
    dropConnections() {
      for (const socket of sockets) socket.destroy()
    },
    async stop() {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  })
}
