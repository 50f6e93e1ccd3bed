/** @module The admission policy's verdict on a Job: every field that reaches the host, refused unless a flag allows it. */
import { ApiError, type Cause, fieldPath, type Job, type JobSpec, type Task } from '../../apis/index.js'
import { type AdmissionPolicy, allows } from './admission-policy.js'
import { normalizeCapability } from './capability.js'
import { judgeHostPath, normalizeHostPath, VOLUME_NAME } from './host-path.js'
import { judgeRamdisk } from './ramdisk-options.js'
import { canonicalSecurityOpt } from './security-opt.js'

/** Docker labels the agent reads to recognize its containers (agent/runtime/labels.ts); a Job may never set one. */
export const RESERVED_LABEL_PREFIX = 'helios.'

const MAX_QUOTED = 80
/** A user's value in a message: JSON-quoted and cut short, so one huge value cannot make a huge answer. */
export const quote = (value: string): string =>
  JSON.stringify(value.length > MAX_QUOTED ? `${value.slice(0, MAX_QUOTED)}…` : value)

const mib = (bytes: number): string => (bytes % 1048576 === 0 ? `${bytes / 1048576}m` : `${bytes} bytes`)

/**
 * Every field of `spec` the policy refuses, each cause naming the field (under `at`: a Job's `spec`, a Task's
 * `spec.jobSpec`) and the apiserver flag that allows it.
 */
export function jobPolicyViolations(spec: JobSpec, policy: AdmissionPolicy, at: PropertyKey[] = ['spec']): Cause[] {
  const causes: Cause[] = []
  const refuse = (path: PropertyKey[], message: string) => causes.push({ field: fieldPath([...at, ...path]), message })
  for (const [target, source] of Object.entries(spec.volumes)) {
    const problem = volumeProblem(source, policy)
    if (problem) refuse(['volumes', target], problem)
  }
  if (spec.networkMode === 'host' && !policy.hostNetwork)
    refuse(['networkMode'], 'the host network needs the apiserver flag --allow-host-network')
  if (spec.networkMode?.startsWith('container:') && !policy.containerNetwork)
    refuse(
      ['networkMode'],
      `joining another container's namespaces (${quote(spec.networkMode)}) needs the apiserver flag --allow-container-network`,
    )
  spec.securityOpt.forEach((opt, i) => {
    const canonical = canonicalSecurityOpt(opt)
    if (!allows(policy.securityOpts, canonical))
      refuse(
        ['securityOpt', i],
        `security option ${quote(opt)} needs the apiserver flag --allow-security-opt ${quote(canonical)}`,
      )
  })
  if (spec.runtime && !allows(policy.runtimes, spec.runtime))
    refuse(
      ['runtime'],
      `runtime ${quote(spec.runtime)} needs the apiserver flag --allow-runtime (without runtime the engine's default runs)`,
    )
  const caps = spec.addCapabilities.filter((cap) => !allows(policy.capabilities, normalizeCapability(cap)))
  if (caps.length > 0) {
    const allowedText = [...policy.capabilities].sort().join(', ') || 'none'
    refuse(
      ['addCapabilities'],
      `capabilities not allowed by this apiserver: ${caps.join(', ')} (allowed: ${allowedText}); the apiserver flag --allowed-capability allows one`,
    )
  }
  let ramdiskBytes = 0
  for (const [mount, options] of Object.entries(spec.ramdisks)) {
    const { problems, bytes = 0 } = judgeRamdisk(options, policy.ramdiskOptions)
    ramdiskBytes += bytes
    if (problems.length > 0) refuse(['ramdisks', mount], problems.join('; '))
  }
  if (ramdiskBytes > policy.maxRamdiskBytes)
    refuse(
      ['ramdisks'],
      `ramdisks total ${mib(ramdiskBytes)}, above the apiserver's --max-ramdisk-size ${mib(policy.maxRamdiskBytes)}`,
    )
  for (const key of Object.keys(spec.labels)) {
    if (key.trim().toLowerCase().startsWith(RESERVED_LABEL_PREFIX))
      refuse(
        ['labels', key],
        `label ${quote(key)} is in the agent's reserved namespace "${RESERVED_LABEL_PREFIX}"; no flag allows it`,
      )
  }
  return causes
}

function volumeProblem(source: string, policy: AdmissionPolicy): string | undefined {
  if (source === '') return undefined // an anonymous volume: Docker's own storage, nothing of the host
  if (!source.startsWith('/')) {
    if (!VOLUME_NAME.test(source)) return `${quote(source)} is neither an absolute host path nor a Docker volume name`
    if (allows(policy.namedVolumes, source)) return undefined
    return `named volume ${quote(source)} needs the apiserver flag --allow-named-volume ${quote(source)}`
  }
  const normal = normalizeHostPath(source)
  if ('problem' in normal) return `host path ${quote(source)} ${normal.problem}; no flag allows that, write it plainly`
  const reason = judgeHostPath(normal.path, policy.hostPathPrefixes)
  if (reason === undefined) return undefined
  const shown = normal.path === source ? quote(source) : `${quote(source)} (${quote(normal.path)})`
  return `host path ${shown} ${reason}; the apiserver flag --allow-host-path PREFIX allows one`
}

/** Throws 422 Invalid listing every refused field of `job` (none: returns). */
export function checkJobPolicy(job: Job, policy: AdmissionPolicy): void {
  const causes = jobPolicyViolations(job.spec, policy)
  const [first] = causes
  if (!first) return
  const more = causes.length > 1 ? ` (and ${causes.length - 1} more)` : ''
  const message = `job ${quote(job.metadata.name)} is refused by this apiserver's admission policy: ${first.field}: ${first.message}${more}`
  throw new ApiError('Invalid', message, { causes })
}

/**
 * A Task carries its own copy of a Job spec, and that copy is what the agent runs: whoever writes a Task (the
 * controllers, an admin, anyone on the open API), the policy judges the copy as it judges a Job.
 */
export function checkTaskPolicy(task: Task, policy: AdmissionPolicy): void {
  const causes = jobPolicyViolations(task.spec.jobSpec, policy, ['spec', 'jobSpec'])
  const [first] = causes
  if (!first) return
  const message = `task ${quote(task.metadata.name)} is refused by this apiserver's admission policy: ${first.field}: ${first.message}`
  throw new ApiError('Invalid', message, { causes })
}
