/** @module Job: an immutable container template in Helios' field names; its id is `name:version:hash`. */
import { z } from 'zod'
import { isDnsName } from './dns-name.js'
import { imageRefProblem } from './image-ref.js'
import { API_VERSION, JOB_NAME, namedMeta } from './meta.js'
import { HealthCheck, PortMapping, PortName } from './port-mapping.js'
import { checkRegistration, Registration } from './registration.js'
import { GivenRolloutOptions, ROLLOUT_PRECEDENCE } from './rollout-precedence.js'

const HOSTNAME = /^[a-z0-9][a-z0-9-]{0,62}$/
const NETWORK_MODE = /^(bridge|host|none|container:.+)$/
const VOLUME_TARGET = /^\/[^:]*(:(ro|rw))?$/

/** `[registry[:port]/]path[:tag][@digest]` in Docker's grammar (image-ref.ts); leading and trailing blanks are trimmed. */
export const ImageReference = z
  .string()
  .trim()
  .superRefine((ref, ctx) => {
    const problem = imageRefProblem(ref)
    if (problem === undefined) return
    const message = ref === '' ? 'image is required' : `not a Docker image reference: ${problem}`
    ctx.addIssue({ code: 'custom', message })
  })

export const Resources = z.strictObject({
  memory: z.number().int().positive().optional().describe('Memory limit in bytes.'),
  memorySwap: z.number().int().min(-1).optional().describe('Memory plus swap limit in bytes; -1 is unlimited swap.'),
  cpuShares: z.number().int().positive().optional().describe('Relative CPU weight (Docker --cpu-shares).'),
  cpuset: z
    .string()
    .regex(/^[0-9,-]+$/, 'cpuset is like "0-2,4"')
    .optional()
    .describe('CPUs the container may use, e.g. "0-2,4".'),
})

/** Helios restarted every exit (Always); run-once Jobs end SUCCEEDED on exit 0 (OnFailure restarts other exits, Never does not). */
export const RestartPolicy = z.enum(['Always', 'OnFailure', 'Never'])
export type RestartPolicy = z.output<typeof RestartPolicy>

/**
 * A further container of a composite Job (a Kubernetes pod): it joins the network namespace of the Job's
 * own container (so they reach each other on localhost) and is started, checked, restarted and stopped
 * with it. Its ports are published through the Job's container, so no two containers may claim one.
 */
export const SidecarContainer = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,30}$/, 'container names are [a-z0-9-], up to 31 characters'),
  image: ImageReference,
  command: z.array(z.string()).default([]),
  env: z.record(z.string().regex(/^[^=\s]+$/, 'env names have no "=" or spaces'), z.string()).default({}),
  ports: z.record(PortName, PortMapping).default({}),
})
export type SidecarContainer = z.output<typeof SidecarContainer>

/** The name the Job's own container has among a composite Job's containers. */
export const MAIN_CONTAINER = 'main'

// secondsToWaitBeforeKill has no schema default (the agent applies 120 s) so that changing a default
// never changes the hash of Jobs already stored (Helios PR #1075).
export const JobSpec = z
  .strictObject({
    image: ImageReference.describe(
      'Docker image to run, e.g. nginx:1.7.1; the agent pulls it before creating the container.',
    ),
    hostname: z
      .string()
      .regex(HOSTNAME, 'hostname is [a-z0-9][a-z0-9-], 1 to 63 characters')
      .optional()
      .describe('Hostname inside the container.'),
    command: z
      .array(z.string())
      .default([])
      .describe("Arguments given to the image (the container's Cmd); the image's ENTRYPOINT is kept."),
    env: z
      .record(z.string().regex(/^[^=\s]+$/, 'env names have no "=" or spaces'), z.string())
      .default({})
      .describe("Environment variables, over the agent's --env and HELIOS_PORT_<port name>=<host>:<externalPort>."),
    ports: z
      .record(PortName, PortMapping)
      .default({})
      .describe('Named ports: internalPort in the container, externalPort on the host (absent: the agent picks one).'),
    registration: Registration.optional().describe(
      'Helios\' service registration: "service/protocol" (http when left out) -> {ports: {portName: {tags: [...]}}}. The endpoints controller keeps an Endpoints object per service from it.',
    ),
    registrationDomain: z
      .string()
      // Helios' JobValidator message for a name that fails its DOMAIN_PATTERN; the name goes into DNS records and files.
      .refine((d) => d === '' || isDnsName(d), {
        error: (issue) => `Invalid domain name: ${JSON.stringify(issue.input)}`,
      })
      .optional()
      .describe(
        'Domain the registration is made in (Helios: "" = the agent\'s domain, a trailing "." = absolute); each endpoint carries it.',
      ),
    healthCheck: HealthCheck.optional().describe(
      'How the agent knows the container is healthy; the Task is HEALTHCHECKING until it passes, then RUNNING.',
    ),
    volumes: z
      .record(z.string().regex(VOLUME_TARGET, 'volume targets are "/abs/path[:ro|rw]"'), z.string())
      .default({})
      .describe('Mounts: container path (optionally :ro or :rw) -> host path, or "" for an anonymous volume.'),
    resources: Resources.optional().describe('Docker resource limits of the container.'),
    gracePeriod: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe(
        'Seconds to wait between deregistering the service and stopping the container; for clients behind caching resolvers, give at least the DNS TTL (apiserver --dns-ttl, 5 s by default).',
      ),
    secondsToWaitBeforeKill: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe('Seconds `docker stop` waits after SIGTERM before SIGKILL (the agent uses 120 when absent).'),
    expires: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('ISO-8601 time after which the Job is undeployed everywhere and removed.'),
    token: z
      .string()
      .optional()
      .describe('Guards against accidents, not attackers: deploy, undeploy and remove must pass it (--token).'),
    networkMode: z
      .string()
      .regex(NETWORK_MODE, 'networkMode is bridge, host, none or container:<name|id>')
      .optional()
      .describe('Docker network mode: bridge (the default), host, none or container:<name|id>.'),
    securityOpt: z.array(z.string()).default([]).describe('Docker security options, e.g. seccomp=unconfined.'),
    addCapabilities: z.array(z.string()).default([]).describe('Linux capabilities added to the container.'),
    dropCapabilities: z.array(z.string()).default([]).describe('Linux capabilities dropped from the container.'),
    labels: z.record(z.string(), z.string()).default({}).describe('Docker labels put on the container.'),
    ramdisks: z
      .record(z.string().startsWith('/', 'ramdisk mount points are absolute'), z.string())
      .default({})
      .describe('tmpfs mounts: absolute mount point -> mount options.'),
    metadata: z
      .record(z.string(), z.string())
      .default({})
      .describe('Free-form key/value pairs kept with the Job; nothing acts on them.'),
    runtime: z.string().optional().describe('Docker runtime of the container, e.g. nvidia.'),
    rolloutOptions: GivenRolloutOptions.optional().describe(
      `Rollout options of this Job (Helios'), only those given; each option in force is the first set of: ${ROLLOUT_PRECEDENCE}.`,
    ),
    // Optional without defaults, so the hash of Jobs stored before they existed never changes.
    restartPolicy: RestartPolicy.optional().describe(
      'Which exits restart the container: Always (Helios, when absent), OnFailure (non-zero only) or Never; a run-once Task ends SUCCEEDED on exit 0.',
    ),
    containers: z
      .array(SidecarContainer)
      .max(9, 'at most 9 further containers')
      .optional()
      .describe("Further containers sharing the Job container's network; started, checked and stopped with it."),
  })
  .superRefine((spec, ctx) => {
    checkPorts(spec, ctx)
    checkRegistration(spec, ctx)
    const allPorts = { ...spec.ports, ...Object.assign({}, ...(spec.containers ?? []).map((c) => c.ports)) }
    const check = spec.healthCheck
    if (check && check.type !== 'exec' && !Object.hasOwn(allPorts, check.port)) {
      const known = Object.keys(allPorts).join(', ') || 'none'
      ctx.addIssue({
        code: 'custom',
        path: ['healthCheck', 'port'],
        message: `health check port "${check.port}" is not defined in ports (known: ${known})`,
      })
    }
    const volumeTargets = new Set(Object.keys(spec.volumes).map((t) => t.split(':')[0]))
    for (const mount of Object.keys(spec.ramdisks)) {
      if (volumeTargets.has(mount))
        ctx.addIssue({ code: 'custom', path: ['ramdisks', mount], message: 'ramdisk mount point is also a volume' })
    }
  })
type PortOwner = { container: string; path: (string | number)[]; ports: Record<string, PortMapping> }

/**
 * Every container of a Job shares one network namespace and one set of published ports: port names,
 * external ports and internal ports (per protocol) must each be claimed once across all of them.
 */
function checkPorts(
  spec: { ports: Record<string, PortMapping>; containers?: SidecarContainer[] | undefined },
  ctx: z.RefinementCtx,
): void {
  const owners: PortOwner[] = [
    { container: MAIN_CONTAINER, path: ['ports'], ports: spec.ports },
    ...(spec.containers ?? []).map((c, i) => ({ container: c.name, path: ['containers', i, 'ports'], ports: c.ports })),
  ]
  const names = new Map<string, string>()
  const external = new Map<string, string>()
  const internal = new Map<string, string>()
  const containerNames = new Set<string>()
  for (const [i, c] of (spec.containers ?? []).entries()) {
    if (c.name === MAIN_CONTAINER || containerNames.has(c.name))
      ctx.addIssue({ code: 'custom', path: ['containers', i, 'name'], message: `container name "${c.name}" is taken` })
    containerNames.add(c.name)
  }
  const claim = (seen: Map<string, string>, key: string, who: string, path: (string | number)[], what: string) => {
    const other = seen.get(key)
    if (other !== undefined)
      ctx.addIssue({ code: 'custom', path, message: `${what} ${key} is also claimed by ${other}` })
    else seen.set(key, who)
  }
  for (const owner of owners) {
    const single = owners.length === 1
    for (const [name, port] of Object.entries(owner.ports)) {
      const who = single ? `port "${name}"` : `port "${name}" of container "${owner.container}"`
      if (!single) claim(names, `"${name}"`, who, [...owner.path, name], 'port name')
      // One container may publish one internal port twice; two containers cannot both listen on it.
      if (!single)
        claim(internal, `${port.internalPort}/${port.protocol}`, who, [...owner.path, name, 'internalPort'], 'port')
      if (port.externalPort !== undefined)
        claim(
          external,
          `${port.externalPort}/${port.protocol}`,
          who,
          [...owner.path, name, 'externalPort'],
          'external port',
        )
    }
  }
}

export type JobSpecInput = z.input<typeof JobSpec>
export type JobSpec = z.output<typeof JobSpec>

export const JobStatus = z.strictObject({
  id: z.string().describe("Helios' full id name:version:hash (SHA-1 of the spec), set by the apiserver on create."),
})

export const Job = z
  .strictObject({
    apiVersion: z.literal(API_VERSION),
    kind: z.literal('Job'),
    metadata: namedMeta(JOB_NAME, 'a Job is named "name:version", each part [0-9a-zA-Z-_.]'),
    spec: JobSpec.describe('The container template. Immutable: to change it, apply a Job with a new version.'),
    status: JobStatus.optional().describe('Set by the apiserver.'),
  })
  .describe("An immutable container template in Helios' field names, named name:version; Deployments run it on hosts.")
export type JobInput = z.input<typeof Job>
export type Job = z.output<typeof Job>
