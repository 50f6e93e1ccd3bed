/** @module `create`'s Job: an optional job file (manifest or Helios job JSON) with the command-line flags on top. */
import { readFile } from 'node:fs/promises'
import {
  API_VERSION,
  type HealthCheck,
  isOfKind,
  type JobInput,
  type JobSpecInput,
  parseManifests,
  parseYamlDocuments,
  yamlValue,
} from '../apis/index.js'
import type { PortMappingInput } from './port-spec.js'
import { UsageError } from './usage-error.js'

export interface JobFlags {
  name?: string
  image?: string
  command: string[]
  ports?: Record<string, PortMappingInput>
  env?: Record<string, string>
  token?: string
  volumes?: Record<string, string>
  healthCheck?: HealthCheck
  gracePeriod?: number
  expires?: string
  labels?: Record<string, string>
  metadata?: Record<string, string>
}

export interface JobBase {
  name: string
  spec: JobSpecInput
}

/** Merges flags over `base` as Helios does: maps (env, ports, volumes, labels, metadata) merge by key, the rest replaces. */
export function buildJob(flags: JobFlags, base?: JobBase): JobInput {
  const name = flags.name ?? base?.name
  if (!name) throw new UsageError('a job id NAME:VERSION is required (or -f FILE)')
  const image = flags.image ?? base?.spec.image
  if (!image) throw new UsageError('an IMAGE is required (or -f FILE)')
  const spec: JobSpecInput = { ...base?.spec, image }
  if (flags.command.length > 0) spec.command = flags.command
  if (flags.env) spec.env = { ...base?.spec.env, ...flags.env }
  if (flags.ports) spec.ports = { ...base?.spec.ports, ...flags.ports }
  if (flags.token !== undefined) spec.token = flags.token
  if (flags.volumes) spec.volumes = { ...base?.spec.volumes, ...flags.volumes }
  if (flags.labels) spec.labels = { ...base?.spec.labels, ...flags.labels }
  if (flags.metadata) spec.metadata = { ...base?.spec.metadata, ...flags.metadata }
  if (flags.gracePeriod !== undefined) spec.gracePeriod = flags.gracePeriod
  if (flags.expires !== undefined) spec.expires = flags.expires
  if (flags.healthCheck) spec.healthCheck = checkedHealthCheck(flags.healthCheck, spec)
  return { apiVersion: API_VERSION, kind: 'Job', metadata: { name }, spec }
}

/** A check's port must be one of the Job's (Helios: "Health check port 'x' not defined in the job"). */
function checkedHealthCheck(check: HealthCheck, spec: JobSpecInput): HealthCheck {
  if (check.type === 'exec' || check.port in (spec.ports ?? {})) return check
  const known = Object.keys(spec.ports ?? {}).join(', ') || 'none; add one with -p'
  throw new UsageError(`--${check.type}-check: port "${check.port}" is not defined in the job (known: ${known})`)
}

// Helios-only or server-set fields of a Helios job file that have no place in a Job spec.
const HELIOS_META_FIELDS = ['id', 'hash', 'created', 'creatingUser']

/** Reads `-f FILE` (`-` = stdin): one Job manifest, or a Helios job JSON (`{"id": "name:version", "image": …}`). */
export async function readJobFile(path: string, readStdin: () => Promise<string>): Promise<JobBase> {
  const file = path === '-' ? '<stdin>' : path
  const text = path === '-' ? await readStdin() : await readFile(path, 'utf8')
  const raw = parseYamlDocuments(text, file) // refuses unknown tags and malformed YAML, naming file and line
  const first = raw.length === 1 && raw[0] ? yamlValue(raw[0], file) : undefined
  if (isHeliosJob(first)) return fromHeliosJob(first)
  const manifests = parseManifests(text, file)
  const [only] = manifests
  if (!only || manifests.length !== 1 || !isOfKind(only.object, 'Job'))
    throw new UsageError(`${file}: expected exactly one Job`)
  return { name: only.object.metadata.name, spec: only.object.spec }
}

const isHeliosJob = (raw: unknown): raw is Record<string, unknown> & { id: string } =>
  typeof raw === 'object' && raw !== null && !('kind' in raw) && typeof (raw as { id?: unknown }).id === 'string'

function fromHeliosJob(raw: Record<string, unknown> & { id: string }): JobBase {
  const [name = '', version = ''] = raw.id.split(':')
  const spec = Object.fromEntries(Object.entries(raw).filter(([k]) => !HELIOS_META_FIELDS.includes(k)))
  return { name: `${name}:${version}`, spec: spec as JobSpecInput }
}
