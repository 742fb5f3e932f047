/**
 * Domain errors. Services throw these; the HTTP layer maps them to the standard error body
 * (`{status, message, fields?}`, events.md §B.4) and the listener logs them and leaves the message
 * on the queue.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
    this.name = new.target.name
  }
}

/** 404: `<Entity> with <field> of <value> not found` or a custom text. */
export class NotFoundError extends AppError {
  constructor(message: string) {
    super(404, message)
  }

  static of(entity: string, field: string, value: unknown): NotFoundError {
    return new NotFoundError(`${entity} with ${field} of ${String(value)} not found`)
  }
}

/** 400: a broken business rule or a bad request (Kotlin `require`). */
export class BadRequestError extends AppError {
  constructor(message: string) {
    super(400, message)
  }
}

/** 409: the request conflicts with the stored state. */
export class ConflictError extends AppError {
  constructor(message: string) {
    super(409, message)
  }
}

/**
 * 500: an invariant of the Delius data does not hold (Kotlin `checkNotNull`/`IllegalStateException`),
 * e.g. "Person does not have an active manager". The message is logged, and returned because the
 * reference returns it and it names no data.
 */
export class InvariantError extends AppError {
  constructor(message: string) {
    super(500, message)
  }
}
