/** @module How a verb file hooks into commander: the composition root supplies `run`, which builds the Ctx. */
import type { Command } from 'commander'
import type { Verb } from '../context.js'

/** Runs `verb` with `args` and the command's options merged with the global ones. */
export type Run = <A, O>(verb: Verb<A, O>, args: A, cmd: Command) => Promise<void>

/** Global options every verb sees in `opts`. */
export interface GlobalOpts {
  json?: boolean
  verbose?: boolean
  /** `--server` (one URL or several, comma-separated); HELIOS_SERVER and the config file are resolved in main.ts, never by verbs. */
  server?: string
  /** Helios' `-z/--master URL` (repeatable): more apiservers for the same list as `--server`. */
  master?: string[]
  /** Helios' `-d/--domains` (repeatable): apiservers from SRV records, when neither --server nor -z is given. */
  domains?: string[]
  /** Helios' `--srv-name` (default "helios"). */
  srvName?: string
  /** Helios' `-u/--username`: ignored with a warning (the token names the user). */
  username?: string
  /** `--request-timeout` in ms (0: none); main.ts gives it to the client. */
  requestTimeout?: number
  /** Bearer token (`--auth-token`); HELIOS_TOKEN and the config's are resolved in main.ts. */
  authToken?: string
  /** `--cluster NAME`: a cluster of the config file instead of the current one. */
  cluster?: string
  /** `--config FILE`: the config file (else HELIOS_CONFIG, else the XDG location). */
  config?: string
}

/** Collects a repeatable flag's values. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value]
