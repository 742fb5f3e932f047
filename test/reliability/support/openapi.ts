import type { TestApp } from '../../helpers/app.ts'

/**
 * The OpenAPI document as the reliability suites see it: every operation the running app documents,
 * so a route added later is covered without anyone listing it here.
 */
export type JsonSchema = Record<string, unknown>

export interface ApiDocument {
  paths: Record<string, Record<string, OperationObject>>
  components?: { schemas?: Record<string, JsonSchema> }
  security?: Record<string, string[]>[]
}

interface ParameterObject {
  name: string
  in: 'path' | 'query' | 'header' | 'cookie'
  required?: boolean
  schema?: JsonSchema
  example?: unknown
}

interface OperationObject {
  security?: Record<string, string[]>[]
  parameters?: ParameterObject[]
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> }
  responses?: Record<string, unknown>
}

export interface Parameter {
  name: string
  required: boolean
  schema: JsonSchema
  /** A value the route accepts: the documented example, else one made from the schema. */
  example: string
}

export interface Operation {
  /** Upper case, as sent. */
  method: string
  /** The OpenAPI path template, e.g. `/case/{crn}/personal-details`. */
  path: string
  /** `GET /case/{crn}/personal-details`. */
  name: string
  /** True unless the operation's effective security is `[]`. */
  protected: boolean
  pathParams: Parameter[]
  queryParams: Parameter[]
  /** The JSON request body schema ($refs left in; resolve with {@link resolveSchema}). */
  body?: JsonSchema
  bodyRequired: boolean
  documentedStatuses: string[]
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const

export async function loadApiDocument(t: TestApp): Promise<ApiDocument> {
  const response = await t.request('/v3/api-docs', { token: null })
  if (response.status !== 200) throw new Error(`/v3/api-docs answered ${response.status}`)
  return (await response.json()) as ApiDocument
}

export function operationsOf(document: ApiDocument): Operation[] {
  const operations: Operation[] = []
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const op = item[method]
      if (!op) continue
      const security = op.security ?? document.security ?? []
      const params = (op.parameters ?? []).map((p) => toParameter(p, document))
      const json = op.requestBody?.content?.['application/json']?.schema
      operations.push({
        method: method.toUpperCase(),
        path,
        name: `${method.toUpperCase()} ${path}`,
        protected: security.length > 0,
        pathParams: params.filter((_, i) => op.parameters?.[i]?.in === 'path'),
        queryParams: params.filter((_, i) => op.parameters?.[i]?.in === 'query'),
        body: json,
        bodyRequired: op.requestBody?.required ?? false,
        documentedStatuses: Object.keys(op.responses ?? {}),
      })
    }
  }
  return operations
}

function toParameter(p: ParameterObject, document: ApiDocument): Parameter {
  const schema = resolveSchema(p.schema ?? {}, document)
  return { name: p.name, required: p.required ?? p.in === 'path', schema, example: exampleOf(p, schema) }
}

function exampleOf(p: ParameterObject, schema: JsonSchema): string {
  const examples = schema.examples as unknown[] | undefined
  const example = p.example ?? schema.example ?? examples?.[0] ?? schema.default
  if (example !== undefined) return String(example)
  if (Array.isArray(schema.enum)) return String(schema.enum[0])
  switch (schema.type) {
    case 'integer':
    case 'number':
      return '1'
    case 'boolean':
      return 'true'
  }
  if (schema.format === 'date') return '2026-05-01'
  if (schema.format === 'uuid') return '00000000-0000-4000-8000-000000000000'
  return 'A000001'
}

/** Follows `$ref`s to components (one level at a time; callers recurse). */
export function resolveSchema(schema: JsonSchema, document: ApiDocument): JsonSchema {
  let current = schema
  for (let i = 0; i < 20 && typeof current.$ref === 'string'; i++) {
    const name = (current.$ref as string).replace('#/components/schemas/', '')
    const target = document.components?.schemas?.[name]
    if (!target) throw new Error(`Unresolvable $ref ${String(current.$ref)}`)
    current = target
  }
  return current
}

/** The URL path with each `{param}` replaced (URL-encoded) by the given value or its example. */
export function concretePath(op: Operation, values: Record<string, string> = {}): string {
  let path = op.path
  for (const param of op.pathParams) {
    path = path.replace(`{${param.name}}`, encodeSegment(values[param.name] ?? param.example))
  }
  return path
}

/** encodeURIComponent, except that a lone surrogate goes out as UTF-8 of U+FFFD instead of throwing. */
export function encodeSegment(value: string): string {
  try {
    return encodeURIComponent(value)
  } catch {
    return [...Buffer.from(value, 'utf8')]
      .map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`)
      .join('')
  }
}

/** Hono's `:param` form of an OpenAPI path. */
export function honoPath(openApiPath: string): string {
  return openApiPath.replace(/\{([^}]+)\}/g, ':$1')
}

/**
 * Routes the app serves that the OpenAPI document does not list. Only the documentation routes
 * themselves may be undocumented; any other one would escape the walks, so the suites fail on it.
 */
export function undocumentedRoutes(
  app: TestApp['app'],
  document: ApiDocument,
  allowed: readonly string[],
): string[] {
  const documented = new Set(
    operationsOf(document).map((op) => `${op.method} ${honoPath(op.path).replace(/\/$/, '')}`),
  )
  return [
    ...new Set(
      app.routes
        .filter((route) => route.method !== 'ALL')
        .map((route) => `${route.method} ${route.path.replace(/\/$/, '')}`)
        .filter((name) => !documented.has(name) && !allowed.includes(name)),
    ),
  ]
}
