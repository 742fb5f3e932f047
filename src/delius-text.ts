import { z } from 'zod'

/**
 * Limits of the Delius text columns the service writes from its input. Delius VARCHAR2 columns
 * count bytes (Oracle's default length semantics), so a limit is in UTF-8 bytes, not characters:
 * 2,000 '€' are 2,000 characters but 6,000 bytes, and Oracle refuses them in a VARCHAR2(4000).
 * (The PostgreSQL DDL counts characters, so without this check a value that fails in production
 * would pass every test.) CLOB columns (notes) have no limit.
 */
export const DELIUS_TEXT_BYTES = {
  /** CONTACT.DESCRIPTION VARCHAR2(4000). */
  contactDescription: 4000,
} as const

/** The length of a string in UTF-8 bytes, without encoding it. */
export function utf8Length(text: string): number {
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    if (unit < 0x80) bytes += 1
    else if (unit < 0x800) bytes += 2
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4 // a surrogate pair: one code point above U+FFFF
        i++
      } else bytes += 3
    } else bytes += 3 // BMP, or a lone surrogate (encoded as U+FFFD, 3 bytes)
  }
  return bytes
}

/**
 * A string that fits a Delius VARCHAR2 of `maxBytes` bytes. The character limit (the same number)
 * is what JSON Schema's `maxLength` can say; the byte count is checked on top, as a `Size` error.
 */
export function deliusText(maxBytes: number) {
  const message = `must be at most ${maxBytes} bytes (UTF-8)`
  return z
    .string()
    .max(maxBytes, message)
    .superRefine((text, ctx) => {
      // Too many characters is reported by max(); every UTF-16 unit is at most 3 bytes, so short
      // strings need no counting.
      if (text.length <= maxBytes && text.length * 3 > maxBytes && utf8Length(text) > maxBytes) {
        ctx.addIssue({
          code: 'too_big',
          origin: 'string',
          maximum: maxBytes,
          inclusive: true,
          input: text,
          message,
        })
      }
    })
}
