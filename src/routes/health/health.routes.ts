import { createRoute, z } from '@hono/zod-openapi'

const ComponentSchema = z.object({
  status: z.enum(['UP', 'DOWN']),
  details: z.record(z.string(), z.unknown()).optional(),
})

export const HealthSchema = z
  .object({
    status: z.enum(['UP', 'DOWN']),
    components: z.record(z.string(), ComponentSchema).optional(),
  })
  .openapi('Health')

export const InfoSchema = z
  .object({
    build: z.object({ name: z.string(), version: z.string() }),
    git: z.object({ commit: z.string() }).optional(),
    productId: z.string(),
  })
  .openapi('Info')

const open = { security: [] as Record<string, string[]>[], tags: ['Health'] }

export const healthRoute = createRoute({
  method: 'get',
  path: '/health',
  ...open,
  summary: 'Overall health, including the database',
  responses: {
    200: { description: 'Up', content: { 'application/json': { schema: HealthSchema } } },
    503: { description: 'Down', content: { 'application/json': { schema: HealthSchema } } },
  },
})

export const livenessRoute = createRoute({
  method: 'get',
  path: '/health/liveness',
  ...open,
  summary: 'Liveness probe: the process is serving',
  responses: { 200: { description: 'Up', content: { 'application/json': { schema: HealthSchema } } } },
})

export const readinessRoute = createRoute({
  method: 'get',
  path: '/health/readiness',
  ...open,
  summary: 'Readiness probe: the database answers',
  responses: {
    200: { description: 'Ready', content: { 'application/json': { schema: HealthSchema } } },
    503: { description: 'Not ready', content: { 'application/json': { schema: HealthSchema } } },
  },
})

export const infoRoute = createRoute({
  method: 'get',
  path: '/info',
  ...open,
  summary: 'Build information',
  responses: {
    200: { description: 'Build information', content: { 'application/json': { schema: InfoSchema } } },
  },
})
