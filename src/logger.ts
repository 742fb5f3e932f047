/**
 * Structured JSON logs, one object per line. The sink is injectable so tests can read the lines.
 * Never log tokens, passwords, notes text or personal details other than a CRN.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
export type LogFields = Record<string, unknown>

export interface Logger {
  debug(message: string, fields?: LogFields): void
  info(message: string, fields?: LogFields): void
  warn(message: string, fields?: LogFields): void
  error(message: string, fields?: LogFields): void
  /** A telemetry event (Application Insights custom event in the reference), logged at info. */
  event(name: string, properties: LogFields): void
  child(fields: LogFields): Logger
}

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

export type LogSink = (line: string) => void

export function createLogger(
  options: { level?: LogLevel; sink?: LogSink; base?: LogFields; clock?: () => Date } = {},
): Logger {
  const threshold = order[options.level ?? 'info']
  const sink: LogSink = options.sink ?? ((line) => process.stdout.write(`${line}\n`))
  const base = options.base ?? {}
  const clock = options.clock ?? (() => new Date())

  const write = (level: LogLevel, message: string, fields?: LogFields) => {
    if (order[level] < threshold) return
    sink(JSON.stringify({ time: clock().toISOString(), level, message, ...base, ...serialise(fields) }))
  }
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    event: (name, properties) => write('info', name, { event: name, properties }),
    child: (fields) => createLogger({ ...options, base: { ...base, ...fields } }),
  }
}

/** Errors become {name, message, stack} so they survive JSON.stringify. */
function serialise(fields?: LogFields): LogFields | undefined {
  if (!fields) return fields
  const out: LogFields = {}
  for (const [key, value] of Object.entries(fields)) {
    out[key] =
      value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value
  }
  return out
}

/** A logger that keeps its lines in memory (tests, benchmarks). */
export function memoryLogger(level: LogLevel = 'debug'): Logger & { lines: LogFields[] } {
  const lines: LogFields[] = []
  const logger = createLogger({ level, sink: (line) => lines.push(JSON.parse(line)) })
  return Object.assign(logger, { lines })
}
