/** @module `create`'s Job: a base (job file or template) with the command-line flags merged on top, as Helios does. */
import {
  API_VERSION,
  ApiError,
  type GivenRolloutOptions,
  type HealthCheck,
  isJobIdGiven,
  type JobInput,
  type JobSpecInput,
} from '../apis/index.js'
import type { JobBase } from './job-file.js'
import type { PortMappingInput } from './port-spec.js'
import { parseRegistrations } from './registration-spec.js'
import { UsageError } from './usage-error.js'

export interface JobFlags {
  /** The id as given, `name[:version[:hash]]`: each part given replaces the base's (Helios' fall-through). */
  id?: string | undefined
  image?: string | undefined
  command: string[]
  hostname?: string | undefined
  ports?: Record<string, PortMappingInput> | undefined
  register?: string[] | undefined
  registrationDomain?: string | undefined
  env?: Record<string, string> | undefined
  token?: string | undefined
  volumes?: Record<string, string> | undefined
  healthCheck?: HealthCheck | undefined
  gracePeriod?: number | undefined
  expires?: string | undefined
  securityOpt?: string[] | undefined
  networkMode?: string | undefined
  addCapabilities?: string[] | undefined
  dropCapabilities?: string[] | undefined
  labels?: Record<string, string> | undefined
  metadata?: Record<string, string> | undefined
  rolloutOptions?: GivenRolloutOptions | undefined
  runtime?: string | undefined
  /** Metadata taken from the environment (Helios: `GIT_COMMIT`), under the base's and the flags'. */
  defaultMetadata?: Record<string, string> | undefined
}

/** Merges flags over `base` as Helios does: maps (env, ports, registration, volumes, labels, metadata) merge by key, the rest replaces. */
export function buildJob(flags: JobFlags, base?: JobBase): JobInput {
  const name = jobName(flags.id, base)
  const image = flags.image ?? base?.spec.image
  if (!image && !base)
    throw new UsageError('Please specify a file, or a template, or a job name, version and container image')
  if (!image) throw invalid('spec.image', 'Image was not specified.')
  const spec: JobSpecInput = { ...base?.spec, image }
  const given = <T>(value: T | undefined, isGiven = (v: T) => v !== '' && !(Array.isArray(v) && v.length === 0)) =>
    value !== undefined && isGiven(value)
  if (flags.command.length > 0) spec.command = flags.command
  if (given(flags.hostname)) spec.hostname = flags.hostname
  if (flags.env) spec.env = { ...base?.spec.env, ...flags.env }
  if (flags.ports) spec.ports = { ...base?.spec.ports, ...flags.ports }
  if (flags.register?.length)
    spec.registration = { ...spec.registration, ...parseRegistrations(flags.register, Object.keys(spec.ports ?? {})) }
  if (given(flags.registrationDomain)) spec.registrationDomain = flags.registrationDomain
  if (given(flags.token)) spec.token = flags.token
  if (flags.volumes) spec.volumes = { ...base?.spec.volumes, ...flags.volumes }
  if (flags.labels) spec.labels = { ...base?.spec.labels, ...flags.labels }
  const metadata = { ...flags.defaultMetadata, ...base?.spec.metadata, ...flags.metadata }
  if (Object.keys(metadata).length > 0) spec.metadata = metadata
  if (flags.gracePeriod !== undefined) spec.gracePeriod = flags.gracePeriod
  if (flags.expires !== undefined) spec.expires = flags.expires
  if (flags.healthCheck) spec.healthCheck = checkedHealthCheck(flags.healthCheck, spec)
  if (given(flags.securityOpt)) spec.securityOpt = flags.securityOpt
  if (given(flags.networkMode)) spec.networkMode = flags.networkMode
  if (given(flags.addCapabilities)) spec.addCapabilities = flags.addCapabilities
  if (given(flags.dropCapabilities)) spec.dropCapabilities = flags.dropCapabilities
  if (flags.rolloutOptions) spec.rolloutOptions = flags.rolloutOptions
  if (given(flags.runtime)) spec.runtime = flags.runtime
  return { apiVersion: API_VERSION, kind: 'Job', metadata: { name }, spec }
}

/** `name:version` from the flags' id over the base's, refused in Helios' words when a part is missing. */
function jobName(id: string | undefined, base: JobBase | undefined): string {
  const [given, givenVersion] = id === undefined ? [] : id.split(':')
  if (id !== undefined && !isJobIdGiven(id)) throw new UsageError(`Invalid Job id: ${id}`)
  const name = given || base?.name
  const version = givenVersion ?? base?.version
  if (!name) throw invalid('metadata.name', 'Job name was not specified.')
  if (!version) throw invalid('metadata.name', `Job version was not specified in job id [${name}:null].`)
  return `${name}:${version}`
}

/** A refusal in Helios' validator's words (INVALID_JOB_DEFINITION, exit 1). */
const invalid = (field: string, message: string) => new ApiError('Invalid', message, { causes: [{ field, message }] })

/** A check's port must be one of the Job's (Helios: "Health check port 'x' not defined in the job"). */
function checkedHealthCheck(check: HealthCheck, spec: JobSpecInput): HealthCheck {
  if (check.type === 'exec' || Object.hasOwn(spec.ports ?? {}, check.port)) return check
  const known = Object.keys(spec.ports ?? {}).join(', ') || 'none; add one with -p'
  throw new UsageError(`--${check.type}-check: port "${check.port}" is not defined in the job (known: ${known})`)
}
