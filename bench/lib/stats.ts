/** Small number helpers for the bench table. */
export function median(values: readonly number[]): number {
  return percentile(values, 50)
}

/** Nearest-rank percentile; NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank]!
}

/** 12,345 / 12.3 / 1.23: three significant figures below 100, none above. */
export function num(value: number): string {
  if (!Number.isFinite(value)) return '–'
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-GB')
  if (Math.abs(value) >= 10) return value.toFixed(1)
  return value.toFixed(2)
}

export const ms = (value: number) => `${num(value)} ms`
export const mb = (value: number) => `${num(value)} MB`
export const pct = (value: number) => (Number.isFinite(value) ? `${Math.round(value * 100)} %` : '–')
