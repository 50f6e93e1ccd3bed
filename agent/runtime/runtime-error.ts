/** @module RuntimeError: container-engine failures as typed values; dockerode's errors are translated into it. */

/**
 * - `ImageNotFound`: the image is absent and could not be pulled (or create found no such image).
 * - `PullFailed`: a pull timed out (Helios' IMAGE_PULL_FAILED); other pull failures are ImageNotFound.
 * - `PortInUse`: a host port is taken (`port` says which when the engine names it).
 * - `NotFound`: no such container. `Conflict`: a name is taken, or the container is in the wrong state.
 * - `Unavailable`: the engine does not answer. `Failed`: anything else the engine refused.
 */
export type RuntimeErrorReason =
  | 'ImageNotFound'
  | 'PullFailed'
  | 'PortInUse'
  | 'NotFound'
  | 'Conflict'
  | 'Unavailable'
  | 'Failed'

export class RuntimeError extends Error {
  readonly reason: RuntimeErrorReason
  readonly port: number | undefined

  constructor(reason: RuntimeErrorReason, message: string, opts: { port?: number; cause?: unknown } = {}) {
    super(message, { cause: opts.cause })
    this.name = 'RuntimeError'
    this.reason = reason
    this.port = opts.port
  }
}

export const isRuntimeError = (err: unknown, reason?: RuntimeErrorReason): err is RuntimeError =>
  err instanceof RuntimeError && (reason === undefined || err.reason === reason)
