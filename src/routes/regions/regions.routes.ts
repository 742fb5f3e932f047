import { createRoute, z } from '@hono/zod-openapi'
import { errorResponses } from '../common.ts'
import {
  LocalAdminUnitMembersSchema,
  OfficeLocationsSchema,
  PduCodeParam,
  RegionCodeParam,
  RegionMembersSchema,
} from './regions.schemas.ts'

const tags = ['Regions']

const json = <T>(description: string, schema: T) => ({
  description,
  content: { 'application/json': { schema } },
})

export const regionMembersRoute = createRoute({
  method: 'get',
  path: '/regions/{code}/members',
  tags,
  summary: 'The staff of a region, by PDU and team',
  description: '404 "No members found for region" when the region has no open team with open staff.',
  request: { params: z.object({ code: RegionCodeParam }) },
  responses: {
    200: json('The region with its PDUs, teams and members', RegionMembersSchema),
    ...errorResponses,
  },
})

export const pduOfficeLocationsRoute = createRoute({
  method: 'get',
  path: '/regions/pdu/{pdu}/office-locations',
  tags,
  summary: 'The open office locations of a PDU',
  description: '404 for an unknown or non-selectable PDU, or one whose provider is inactive.',
  request: { params: z.object({ pdu: PduCodeParam }) },
  responses: {
    200: json('The PDU with its office locations', OfficeLocationsSchema),
    ...errorResponses,
  },
})

export const programmeLocalAdminUnitMembersRoute = createRoute({
  method: 'get',
  path: '/regions/{code}/local-admin-units/accredited-programmes/members',
  tags,
  summary: "The staff of a region's Accredited Programmes local admin unit, by team",
  description: '404 when the region has no Accredited Programmes local admin unit mapping.',
  request: { params: z.object({ code: RegionCodeParam }) },
  responses: {
    200: json('The teams with their members', LocalAdminUnitMembersSchema),
    ...errorResponses,
  },
})
