/** @module UsageError: the user called a verb wrongly (exit 2), as opposed to a failed operation (exit 1). */

export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}
