/**
 * Database settings from the environment, in either of the two shapes the service meets:
 *
 * - ours: `DATABASE_URL` (`oracle://user:password@host:port/service`, `postgres://...`, `pglite://...`);
 * - the Cloud Platform's: a JDBC URL (`DB_URL`, mapped by the reference's values to
 *   `SPRING_DATASOURCE_URL`) with the user and password from a separate, rotated secret
 *   (`DB_USERNAME`/`DB_PASSWORD`, mapped to `SPRING_DATASOURCE_USERNAME`/`..._PASSWORD`).
 *
 * The result is what the database factory needs (a URL naming the dialect and, for a JDBC URL, the
 * Oracle connect string and credentials) and a `target` naming host and service for start-up
 * messages. Nothing here ever puts a password in a message.
 */

/** The Oracle connection oracledb is given (Easy Connect string or a TNS connect descriptor). */
export interface OracleConnection {
  user: string
  password: string
  connectString: string
}

export interface DatabaseSettings {
  /** What the database factory opens; for a JDBC URL an `oracle://host:port/service` without credentials. */
  url: string
  /** Set for a JDBC URL: the connection to open instead of parsing `url`. */
  oracle?: OracleConnection
  /** Host, port and service (or directory) it connects to, for start-up messages: never a password. */
  target: string
}

export interface DatabaseInput {
  /** The URL and the variable it came from (DATABASE_URL, DB_URL or SPRING_DATASOURCE_URL). */
  url: { name: string; value: string }
  username?: { name: string; value: string }
  password?: { name: string; value: string }
}

/** Result: the settings, or the problems (each naming its variable) that stop start-up. */
export type DatabaseResult = { ok: true; settings: DatabaseSettings } | { ok: false; problems: string[] }

const JDBC_ORACLE = /^jdbc:oracle:thin:@(.*)$/is

/** The parts of a JDBC Oracle URL: connect string for oracledb, and host/port/service to name it. */
export interface JdbcOracle {
  connectString: string
  host: string
  port: number
  service: string
}

/**
 * `jdbc:oracle:thin:@//host:port/service`, `jdbc:oracle:thin:@host:port/service`, the old SID form
 * `jdbc:oracle:thin:@host:port:SID`, `@tcps://host:port/service`, or a TNS descriptor
 * `jdbc:oracle:thin:@(DESCRIPTION=...)`. Returns undefined for anything else (including credentials
 * inside the URL, which the platform never uses: they come from their own variables).
 */
export function parseJdbcOracleUrl(url: string): JdbcOracle | undefined {
  const match = JDBC_ORACLE.exec(url.trim())
  if (!match) return undefined
  const rest = match[1]!.trim()
  if (rest.startsWith('(')) return parseDescriptor(rest)
  const easy = /^(?:(tcps?):)?(?:\/\/)?([^/:@\s]+|\[[^\]]+\])(?::(\d+))?\/([^\s?]+)(\?\S*)?$/i.exec(rest)
  if (easy) {
    const [, protocol, host, port, service, query] = easy
    const number = Number(port ?? 1521)
    const scheme = protocol ? `${protocol.toLowerCase()}://` : ''
    return {
      connectString: `${scheme}${host}:${number}/${service}${query ?? ''}`,
      host: host!,
      port: number,
      service: service!,
    }
  }
  const sid = /^([^/:@\s]+):(\d+):([\w$#]+)$/.exec(rest)
  if (sid) {
    const [, host, port, name] = sid
    return {
      connectString: `(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=${host})(PORT=${port}))(CONNECT_DATA=(SID=${name})))`,
      host: host!,
      port: Number(port),
      service: name!,
    }
  }
  return undefined
}

function parseDescriptor(descriptor: string): JdbcOracle | undefined {
  if (!/^\(\s*DESCRIPTION\s*=/i.test(descriptor)) return undefined
  const value = (key: string) =>
    new RegExp(`\\(\\s*${key}\\s*=\\s*([^)\\s]+)\\s*\\)`, 'i').exec(descriptor)?.[1]
  const host = value('HOST')
  const service = value('SERVICE_NAME') ?? value('SID')
  if (!host || !service) return undefined
  return { connectString: descriptor, host, port: Number(value('PORT') ?? 1521), service }
}

const OUR_URL = /^(oracle|postgres|postgresql|pglite):\/\//

/** Builds the settings from the chosen URL and the separate credentials, or says what is wrong. */
export function databaseSettings(input: DatabaseInput): DatabaseResult {
  const { url, username, password } = input
  const problems: string[] = []
  if (/^jdbc:/i.test(url.value)) {
    const jdbc = parseJdbcOracleUrl(url.value)
    if (!jdbc) {
      return {
        ok: false,
        problems: [
          `${url.name} must be a JDBC Oracle URL: jdbc:oracle:thin:@//host:port/service, jdbc:oracle:thin:@host:port/service or jdbc:oracle:thin:@(DESCRIPTION=...)`,
        ],
      }
    }
    if (!username) problems.push(`DB_USERNAME (or SPRING_DATASOURCE_USERNAME) is required with ${url.name}`)
    if (!password) problems.push(`DB_PASSWORD (or SPRING_DATASOURCE_PASSWORD) is required with ${url.name}`)
    if (problems.length > 0) return { ok: false, problems }
    const target = `${jdbc.host}:${jdbc.port}/${jdbc.service}`
    return {
      ok: true,
      settings: {
        url: `oracle://${bracketed(jdbc.host)}:${jdbc.port}/${encodeURIComponent(jdbc.service)}`,
        oracle: { user: username!.value, password: password!.value, connectString: jdbc.connectString },
        target: `${target} as ${username!.value}`,
      },
    }
  }
  if (!OUR_URL.test(url.value)) {
    return {
      ok: false,
      problems: [
        `${url.name} must start with jdbc:oracle:thin:@, oracle://, postgres://, postgresql:// or pglite://`,
      ],
    }
  }
  if (url.value.startsWith('pglite://')) {
    for (const given of [username, password]) {
      if (given) problems.push(`${given.name} is not used with a pglite:// database: leave it unset`)
    }
    if (problems.length > 0) return { ok: false, problems }
    return { ok: true, settings: { url: url.value, target: url.value.slice('pglite://'.length) } }
  }
  let parsed: URL
  try {
    parsed = new URL(url.value)
  } catch {
    return { ok: false, problems: [`${url.name} is not a valid URL`] }
  }
  // Separate credentials fill in a URL that has none; both at once would leave it unclear which wins.
  if (username && parsed.username)
    problems.push(`${username.name} and a user in ${url.name} are both set: set one`)
  if (password && parsed.password)
    problems.push(`${password.name} and a password in ${url.name} are both set: set one`)
  if (problems.length > 0) return { ok: false, problems }
  if (username) parsed.username = encodeURIComponent(username.value)
  if (password) parsed.password = encodeURIComponent(password.value)
  const user = decodeURIComponent(parsed.username)
  const target = `${parsed.hostname}:${parsed.port || (parsed.protocol === 'oracle:' ? '1521' : '5432')}${parsed.pathname}`
  return { ok: true, settings: { url: parsed.href, target: user ? `${target} as ${user}` : target } }
}

function bracketed(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host
}
