/** @module `create -r SERVICE[/PROTOCOL][=PORT]`: Helios' registration flag, resolved against the Job's ports. */
import { DEFAULT_SERVICE_PROTOCOL, type JobSpecInput } from '../apis/index.js'
import { UsageError } from './usage-error.js'

type RegistrationInput = NonNullable<JobSpecInput['registration']>

// Helios' JobCreateCommand pattern; the protocol defaults to http (its code), though its help text says tcp.
const REGISTRATION_SPEC = /^([a-zA-Z][_\-\w]+)(?:\/(\w+))?(?:=([_\-\w]+))?$/

/** The registrations `-r` gives, each naming one of `portNames` (the only one when none is named). */
export function parseRegistrations(specs: readonly string[], portNames: readonly string[]): RegistrationInput {
  const registration: RegistrationInput = {}
  for (const spec of specs) {
    const m = REGISTRATION_SPEC.exec(spec)
    if (!m) throw new UsageError(`Bad registration: ${spec}`)
    const [, service, protocol = DEFAULT_SERVICE_PROTOCOL, named] = m
    if (portNames.length === 0) throw new UsageError('Need port mappings for service registration.')
    if (named === undefined && portNames.length !== 1)
      throw new UsageError('Need exactly one port mapping for implicit service registration')
    const port = named ?? portNames[0] ?? ''
    registration[`${service}/${protocol}`] = { ports: { [port]: {} } }
  }
  return registration
}
