import { describe, expect, it } from 'vitest'
import { loadTelemetryConfig } from '../../src/telemetry/config.ts'
import { keepsSelects } from '../../src/telemetry/service-telemetry.ts'

/**
 * SELECT dependencies are sampled as the reference's applicationinsights.json samples them (10 %),
 * decided by trace id so that a kept request keeps all its reads and every instance agrees. The
 * end-to-end check (kept reads carry sample rate 10, a dropped trace sends none) is in
 * telemetry.test.ts.
 */
const trace = (suffix: string) => `4bf92f3577b34da6a3ce929d${suffix}`

describe('SELECT dependency sampling', () => {
  it('keeps a trace when its last 8 hex digits fall in the percentage, the same way every time', () => {
    expect(keepsSelects(trace('00000000'), 10)).toBe(true)
    expect(keepsSelects(trace('19999999'), 10)).toBe(true) // just under 0.1 × 2^32
    expect(keepsSelects(trace('1999999a'), 10)).toBe(false)
    expect(keepsSelects(trace('ffffffff'), 10)).toBe(false)
    expect(keepsSelects(trace('ffffffff'), 100)).toBe(true)
    expect(keepsSelects(trace('00000000'), 0)).toBe(false)
  })

  it('keeps about the percentage of random traces', () => {
    const hex = () =>
      Math.floor(Math.random() * 2 ** 32)
        .toString(16)
        .padStart(8, '0')
    const kept = Array.from({ length: 20_000 }, () => keepsSelects(trace(hex()), 10)).filter(Boolean).length
    expect(kept / 20_000).toBeGreaterThan(0.09)
    expect(kept / 20_000).toBeLessThan(0.11)
  })

  it('defaults to 10 %, and APPLICATIONINSIGHTS_SELECT_SAMPLING_PERCENTAGE sets it (0–100)', () => {
    const base = { APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=k' }
    expect(loadTelemetryConfig(base).selectSamplingPercentage).toBe(10)
    expect(
      loadTelemetryConfig({ ...base, APPLICATIONINSIGHTS_SELECT_SAMPLING_PERCENTAGE: '100' })
        .selectSamplingPercentage,
    ).toBe(100)
    expect(() =>
      loadTelemetryConfig({ ...base, APPLICATIONINSIGHTS_SELECT_SAMPLING_PERCENTAGE: '150' }),
    ).toThrow(/APPLICATIONINSIGHTS_SELECT_SAMPLING_PERCENTAGE must be a number from 0 to 100/)
  })
})
