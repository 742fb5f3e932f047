/**
 * Which runtime runs the service: Node (the image) or Deno. The few places that differ (the HTTP
 * server, signal handling, the Sentry SDK, the error a broken upload raises) ask here.
 */
export const isDeno = typeof (globalThis as { Deno?: unknown }).Deno !== 'undefined'
