/**
 * The `/info` document in Spring Boot's shape, from what the deployment sets (the reference's
 * BuildInfoConfig reads the same variables): `VERSION` (the image tag), `BUILD_INFO` and `GIT_INFO`
 * (base64-encoded `.properties` files: `build.artifact=...`, `git.commit.id=...`) and `PRODUCT_ID`.
 * The Service Catalogue and the developer portal read `build.version`. What is not known is left out.
 */
export interface InfoDocument {
  build: { artifact?: string; name?: string; group?: string; version?: string; time?: string }
  git?: { branch?: string; commit?: { id?: string; time?: string } }
  productId: string
}

export interface InfoInput {
  version?: string
  buildInfo?: string
  gitInfo?: string
  productId?: string
}

export const SERVICE_NAME = 'accredited-programmes-and-delius'
export const DEFAULT_PRODUCT_ID = 'HMPPS518'

/** Java `.properties` text (comments, `=`/`:`/space separators, continuations, escapes) as a map. */
export function parseProperties(text: string): Map<string, string> {
  const result = new Map<string, string>()
  const lines = text.split(/\r\n|\r|\n/)
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.replace(/^[ \t\f]+/, '')
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue
    // A line ending in an odd number of backslashes continues on the next (leading blanks dropped).
    while (/(^|[^\\])(\\\\)*\\$/.test(line) && i + 1 < lines.length) {
      line = line.slice(0, -1) + lines[++i]!.replace(/^[ \t\f]+/, '')
    }
    const separator = /^((?:\\.|[^\\=: \t\f])*)[ \t\f]*[=: \t\f]?[ \t\f]*/.exec(line)!
    result.set(unescapeProperty(separator[1]!), unescapeProperty(line.slice(separator[0].length)))
  }
  return result
}

function unescapeProperty(text: string): string {
  return text.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, code: string) => {
    if (code.length === 5) return String.fromCharCode(Number.parseInt(code.slice(1), 16))
    return ({ t: '\t', n: '\n', r: '\r', f: '\f' } as Record<string, string>)[code] ?? code
  })
}

/** A base64 `.properties` value's entries under `prefix` (prefix removed); throws on bad base64. */
export function decodeProperties(base64: string, prefix: string): Map<string, string> {
  const compact = base64.replace(/\s+/g, '')
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) throw new Error('is not base64')
  const entries = parseProperties(Buffer.from(compact, 'base64').toString('utf8'))
  const out = new Map<string, string>()
  for (const [key, value] of entries) if (key.startsWith(prefix)) out.set(key.slice(prefix.length), value)
  return out
}

/** Spring Boot shows times as ISO instants; properties carry ISO text or epoch seconds/millis. */
export function instant(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined
  const epoch = /^\d+$/.test(value) ? Number(value) : undefined
  const date = epoch === undefined ? new Date(value) : new Date(epoch < 1e11 ? epoch * 1000 : epoch)
  return Number.isNaN(date.getTime()) ? value : date.toISOString().replace('.000Z', 'Z')
}

function compact<T extends Record<string, unknown>>(value: T): T | undefined {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && v !== '')
  return entries.length === 0 ? undefined : (Object.fromEntries(entries) as T)
}

/** The document `/info` answers; `VERSION` wins over BUILD_INFO's version (it is the deployed image). */
export function infoDocument(input: InfoInput): InfoDocument {
  const build = input.buildInfo ? decodeProperties(input.buildInfo, 'build.') : new Map<string, string>()
  const git = input.gitInfo ? decodeProperties(input.gitInfo, 'git.') : new Map<string, string>()
  const commitId = git.get('commit.id.abbrev') ?? git.get('commit.id')?.slice(0, 7)
  const commit = compact({ id: commitId, time: instant(git.get('commit.time')) })
  const gitPart = compact({ branch: git.get('branch'), commit })
  return {
    build: compact({
      artifact: build.get('artifact') ?? SERVICE_NAME,
      name: build.get('name') ?? SERVICE_NAME,
      group: build.get('group'),
      version: input.version || build.get('version'),
      time: instant(build.get('time')),
    })!,
    ...(gitPart ? { git: gitPart } : {}),
    productId: input.productId || DEFAULT_PRODUCT_ID,
  }
}
