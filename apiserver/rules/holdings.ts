/**
 * @module What a Deployment or Task holds in the store (storage/store.ts Holdings). A Deployment: its Job, which then
 * cannot be deleted, and on each host it names the Job itself and that Job's static host ports, which no other
 * Deployment may claim there. A Task (not a surge): its Job on its host. Held atomically with the write, so two racing
 * writes cannot both pass the rules that read other objects.
 */
import {
  ApiError,
  type Deployment,
  type DeployRefusal,
  type HeliosObject,
  handedOver,
  isApiError,
  isNotFound,
  isSurgeTask,
  type Job,
  ownValue,
  refusalCause,
  refusalMessage,
  type Task,
} from '../../apis/index.js'
import type { Holdings, Store } from '../storage/store.js'
import { NO_HOLDINGS } from '../storage/store.js'
import { CLAIM_FIELD, HOLDER_FIELD } from '../storage/store-errors.js'
import { staticPorts } from './static-ports.js'

/** The claim of one static port (`8080/tcp`) on one host; also how a clash is worded (`host web1 port 8080/tcp`). */
export const portClaim = (host: string, port: string): string => `host ${host} port ${port}`

/** A Deployment's claim to run Job `job` (name:version) on a host it names: Helios' one deployment per (job, host). */
export const jobClaim = (host: string, job: string): string => `host ${host} job ${job}`

/** A Task's claim: the container of `job` on its host (surge Tasks claim nothing: their Deployment's main Task does). */
export const taskClaim = (host: string, job: string): string => `host ${host} runs job ${job}`

/**
 * Claims one write may take: each is a node created in the write's one ZooKeeper transaction, and a transaction
 * beyond ZooKeeper's packet limit drops the apiserver's whole session (its leadership with it).
 */
export const MAX_PORT_CLAIMS = 1_000

/** Named hosts one Deployment may claim its Job on (one claim each); with MAX_PORT_CLAIMS well inside one packet. */
export const MAX_JOB_CLAIMS = 3_000

/** The hosts a Deployment names and still claims: those it is handing over to a migrating Deployment are let go. */
export const claimedHosts = (deployment: Deployment): string[] => {
  const gone = handedOver(deployment.metadata.annotations)
  return deployment.spec.hosts.filter((host) => ownValue(gone, host) === undefined)
}

/** A Deployment's holdings given its Job (pure). */
export function deploymentHoldings(deployment: Deployment, job: Job | undefined): Holdings {
  const name = deployment.spec.job
  if (name === undefined) return NO_HOLDINGS
  const ports = job ? staticPorts(job) : []
  return {
    references: [{ kind: 'Job', name }],
    claims: claimedHosts(deployment).flatMap((host) => [
      jobClaim(host, name),
      ...ports.map((port) => portClaim(host, port)),
    ]),
  }
}

/** A Task's holdings (pure). */
export const taskHoldings = (task: Task): Holdings =>
  isSurgeTask(task.metadata.name) ? NO_HOLDINGS : { references: [], claims: [taskClaim(task.spec.host, task.spec.job)] }

/** What `obj` holds once written; undefined for kinds that hold nothing. */
export async function holdingsOf(store: Store, obj: HeliosObject): Promise<Holdings | undefined> {
  if (obj.kind === 'Task') return taskHoldings(obj)
  if (obj.kind !== 'Deployment') return undefined
  const name = obj.spec.job
  if (name === undefined) return NO_HOLDINGS
  const job = await storedJob(store, name)
  const hosts = claimedHosts(obj).length
  const ports = hosts * (job ? staticPorts(job).length : 0)
  if (ports > MAX_PORT_CLAIMS) {
    tooMany(
      obj,
      `${hosts} named hosts × ${ports / hosts} static ports is ${ports} port claims; at most ${MAX_PORT_CLAIMS} (choose hosts with hostSelector, or let the agents pick ports)`,
    )
  }
  if (hosts > MAX_JOB_CLAIMS) {
    tooMany(
      obj,
      `${hosts} named hosts, each a claim of the job there; at most ${MAX_JOB_CLAIMS} (choose hosts with hostSelector)`,
    )
  }
  return deploymentHoldings(obj, job)
}

function tooMany(obj: Deployment, message: string): never {
  throw new ApiError('Invalid', `Deployment "${obj.metadata.name}" is invalid: spec.hosts: ${message}`, {
    causes: [{ field: 'spec.hosts', message }],
  })
}

/** Jobs are immutable: the watch cache's copy has the ports the stored Job has. */
export async function storedJob(store: Store, name: string): Promise<Job | undefined> {
  return (store.peek('Job', name) ??
    (await store.get('Job', name).catch((err: unknown) => {
      if (isNotFound(err)) return undefined
      throw err
    }))) as Job | undefined
}

const PORT_CLAIM = /^host (\S+) port (\S+)$/
const JOB_CLAIM = /^host (\S+) job (\S+)$/
const TASK_CLAIM = /^host (\S+) runs job (\S+)$/

/**
 * A store refusal of a claim, said in Helios' words with the host in a cause (apis/deploy-refusal.ts):
 * PORT_CONFLICT or JOB_ALREADY_DEPLOYED naming the holder. Any other error is returned as it is.
 */
export function explainClaimClash(err: unknown): unknown {
  if (!isApiError(err, 'Conflict')) return err
  const claim = err.causes.find((c) => c.field === CLAIM_FIELD)?.message
  const holder = err.causes.find((c) => c.field === HOLDER_FIELD)?.message ?? 'another object'
  const refusal = claim === undefined ? undefined : refusalOf(claim, holder)
  if (!refusal) return err
  return new ApiError('Conflict', refusalMessage([refusal]), { causes: [refusalCause(refusal)], cause: err })
}

function refusalOf(claim: string, holder: string): DeployRefusal | undefined {
  const port = PORT_CLAIM.exec(claim)
  if (port?.[1] && port[2]) {
    const message = `port ${port[2]} on host ${port[1]} is already claimed by ${holder}`
    return { host: port[1], status: 'PORT_CONFLICT', message }
  }
  const job = JOB_CLAIM.exec(claim) ?? TASK_CLAIM.exec(claim)
  if (job?.[1] && job[2]) {
    const message = `job ${job[2]} is already deployed on ${job[1]} by ${holder}`
    return { host: job[1], status: 'JOB_ALREADY_DEPLOYED', message }
  }
  return undefined
}
