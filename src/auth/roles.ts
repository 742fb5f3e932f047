/** The authority HMPPS Auth actually issues for this service (README §3 item 1). */
export const CASE_DETAIL_ROLE = 'ROLE_PROBATION_API__ACCREDITED_PROGRAMMES__CASE_DETAIL'

/** The spelling the published documentation uses (single underscores); accepted too. */
export const CASE_DETAIL_ROLE_DOCUMENTED = 'ROLE_PROBATION_API_ACCREDITED_PROGRAMMES_CASE_DETAIL'

/** Role hierarchy: the integration admin role implies every role this service checks. */
export const ADMIN_ROLE = 'ROLE_PROBATION_INTEGRATION_ADMIN'

const CASE_DETAIL_AUTHORITIES: ReadonlySet<string> = new Set([
  CASE_DETAIL_ROLE,
  CASE_DETAIL_ROLE_DOCUMENTED,
  ADMIN_ROLE,
])

/** True when the authorities grant access to the case-detail endpoints (everything but health/info/docs). */
export function hasCaseDetailAccess(authorities: readonly string[]): boolean {
  return authorities.some((authority) => CASE_DETAIL_AUTHORITIES.has(authority))
}
