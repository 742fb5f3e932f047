/**
 * Staff e-mail addresses live in the Delius LDAP directory, not in the database (spec README §3.10).
 * The lookup is optional: without a directory, or when it fails, the e-mail is simply left out.
 */
export interface StaffDirectory {
  /**
   * E-mails of Delius users by user name (USER_.DISTINGUISHED_NAME), in one lookup however many
   * names. The map is keyed by the names as given; users without an e-mail are absent. Never
   * throws: a directory failure gives an empty map.
   */
  emailsOf(usernames: readonly string[]): Promise<ReadonlyMap<string, string>>
  /** Throws when the directory cannot be reached (the `ldap` health component); absent: not checked. */
  check?(): Promise<void>
  /** Releases connections (called when the service stops). */
  close?(): Promise<void>
}

export const noStaffDirectory: StaffDirectory = { emailsOf: async () => new Map() }

/** A directory over a fixed name → e-mail table (dev stack, tests of unrelated behaviour). */
export function staticStaffDirectory(emails: Record<string, string>): StaffDirectory {
  const byName = new Map(Object.entries(emails).map(([name, email]) => [name.toUpperCase(), email]))
  return {
    async emailsOf(usernames) {
      const found = new Map<string, string>()
      for (const name of usernames) {
        const email = byName.get(name.toUpperCase())
        if (email !== undefined) found.set(name, email)
      }
      return found
    },
  }
}

/** The e-mails of the given (possibly null or repeated) user names, in one directory lookup. */
export async function emailsOf(
  directory: StaffDirectory,
  usernames: readonly (string | null | undefined)[],
): Promise<ReadonlyMap<string, string>> {
  const names = [...new Set(usernames.filter((name): name is string => !!name))]
  return names.length === 0 ? new Map() : directory.emailsOf(names)
}
