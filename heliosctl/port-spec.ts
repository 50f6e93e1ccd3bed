/** @module Helios' `create` flag values: `-p NAME=[IP:]INTERNAL[:EXTERNAL][/PROTO]` and `--env KEY=VALUE`. */
import type { JobSpecInput } from '../apis/index.js'

/** One port as users write it (protocol optional). */
export type PortMappingInput = NonNullable<JobSpecInput['ports']>[string]

// Helios' PortMappingParser: name `[_-\w]+`, IPv4 only, protocol after a slash.
const PORT_SPEC = /^([_\-\w]+)=(?:(\d{1,3}(?:\.\d{1,3}){3}):)?(\d+)(?::(\d+))?(?:\/(\w+))?$/

/** Parses one `-p` value; throws an Error whose message says what is wrong with it. */
export function parsePortSpec(spec: string): { name: string; mapping: PortMappingInput } {
  const m = PORT_SPEC.exec(spec)
  if (!m) throw new Error('expected NAME=[IP:]INTERNAL[:EXTERNAL][/PROTO], e.g. http=80:8080/tcp')
  const [, name = '', ip, internal = '', external, protocol] = m
  const mapping: PortMappingInput = { internalPort: port(internal, 'internal') }
  if (external !== undefined) mapping.externalPort = port(external, 'external')
  if (protocol !== undefined) {
    if (protocol !== 'tcp' && protocol !== 'udp') throw new Error(`protocol "${protocol}" is not tcp or udp`)
    mapping.protocol = protocol
  }
  if (ip !== undefined) {
    if (ip.split('.').some((octet) => Number(octet) > 255)) throw new Error(`${ip} is not a valid IP address`)
    mapping.ip = ip
  }
  return { name, mapping }
}

function port(text: string, which: string): number {
  const n = Number(text)
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`${which} port ${text} is out of range 1-65535`)
  return n
}

/** Adds one `-p` value to those already given; a repeated name is Helios' "Duplicate port mapping name". */
export function addPortSpec(
  spec: string,
  ports: Record<string, PortMappingInput> = {},
): Record<string, PortMappingInput> {
  const { name, mapping } = parsePortSpec(spec)
  if (Object.hasOwn(ports, name)) throw new Error(`Duplicate port mapping name: ${name}`)
  return { ...ports, [name]: mapping }
}

/** Adds one `--env KEY=VALUE` (the value may contain "="; a repeated key keeps the last value). */
export function addEnvSpec(spec: string, env: Record<string, string> = {}): Record<string, string> {
  const eq = spec.indexOf('=')
  if (eq <= 0) throw new Error('expected KEY=VALUE')
  return { ...env, [spec.slice(0, eq)]: spec.slice(eq + 1) }
}
