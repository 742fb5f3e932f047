/**
 * Staff e-mail addresses live in the Delius LDAP directory, not in the database (spec README §3.10).
 * The lookup is optional: without a directory, or when it fails, the e-mail is simply left out.
 */
export interface StaffDirectory {
  /** E-mail of a Delius user by user name (USER_.DISTINGUISHED_NAME), or undefined. */
  emailOf(username: string): Promise<string | undefined>
}

export const noStaffDirectory: StaffDirectory = { emailOf: async () => undefined }
