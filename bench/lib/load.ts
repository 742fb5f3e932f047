import autocannon from 'autocannon'

/** One HTTP load cell: autocannon for `seconds` at `connections`, keep-alive, no pipelining. */
export interface LoadRequest {
  url: string
  method: 'GET' | 'POST'
  headers?: Record<string, string>
  body?: string
}

export interface LoadResult {
  rps: number
  p50: number
  p99: number
  /** Requests that failed or did not answer 2xx: a cell with any is not a valid figure. */
  bad: number
}

export async function runLoad(
  request: LoadRequest,
  connections: number,
  seconds: number,
): Promise<LoadResult> {
  const result = await autocannon({
    url: request.url,
    method: request.method,
    headers: request.headers,
    body: request.body,
    connections,
    duration: seconds,
  })
  return {
    rps: result.requests.total / Math.max(result.duration, 0.001),
    p50: result.latency.p50,
    p99: result.latency.p99,
    bad: result.errors + result.timeouts + result.non2xx,
  }
}
