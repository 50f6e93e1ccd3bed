/** @module The indexes the controllers' informers keep, by name, with the functions that file objects in them. */
import { type Deployment, handedOver, type Task } from '../apis/index.js'
import { servicesOf } from './endpoints/desired.js'
import type { IndexFuncs } from './lister.js'

/** Tasks of one Deployment (main and surge). */
export const TASKS_BY_DEPLOYMENT = 'deployment'
/** Tasks bound to one host. */
export const TASKS_BY_HOST = 'host'
/** Tasks running one Job (`name:version`). */
export const TASKS_BY_JOB = 'job'

/** Tasks whose Job registers one service (the Endpoints name `web.http`). */
export const TASKS_BY_SERVICE = 'service'

export const TASK_INDEXES: IndexFuncs<Task> = {
  [TASKS_BY_SERVICE]: servicesOf,
  [TASKS_BY_DEPLOYMENT]: (t) => [t.spec.deployment],
  [TASKS_BY_HOST]: (t) => [t.spec.host],
  [TASKS_BY_JOB]: (t) => [t.spec.job],
}

/** Deployments using a Job: its spec.job, and during or after a revert the Job it went back to (status.rollout.job). */
export const DEPLOYMENTS_BY_JOB = 'job'
/**
 * Deployments a host's changes may concern: the hosts they name (spec.hosts) or targeted last (status.hosts), and
 * ANY_HOST for those that may take any host (a hostSelector; replicas on every host), whose match is checked per host.
 */
export const DEPLOYMENTS_BY_HOST = 'host'
/** Deployments with spec.replicas, by the hosts they may place on: named ones, or ANY_HOST (selector, every host). */
export const DEPLOYMENTS_PLACING_ON = 'placing-on'
/** Hand deploys by the Deployments they are handing hosts over to (helios/migrating-to, migrate.ts). */
export const DEPLOYMENTS_MIGRATING_TO = 'migrating-to'

/** Not a host name (those are letters, digits, ".", "_", "-"). */
export const ANY_HOST = '*'

/** The Jobs a Deployment uses: spec.job, and the Job a revert went back to. */
export const jobsOf = (d: Deployment): string[] =>
  [d.spec.job, d.status?.rollout?.job].filter((j): j is string => j !== undefined)

/** Whether the Deployment may take hosts it does not name: by its selector, or every host for its replicas. */
export const takesAnyHost = (d: Deployment): boolean =>
  d.spec.hostSelector.length > 0 || (d.spec.replicas !== undefined && d.spec.hosts.length === 0)

export const DEPLOYMENT_INDEXES: IndexFuncs<Deployment> = {
  [DEPLOYMENTS_BY_JOB]: jobsOf,
  [DEPLOYMENTS_BY_HOST]: (d) => [...d.spec.hosts, ...(d.status?.hosts ?? []), ...(takesAnyHost(d) ? [ANY_HOST] : [])],
  [DEPLOYMENTS_PLACING_ON]: (d) =>
    d.spec.replicas === undefined ? [] : [...d.spec.hosts, ...(takesAnyHost(d) ? [ANY_HOST] : [])],
  [DEPLOYMENTS_MIGRATING_TO]: (d) => Object.values(handedOver(d.metadata.annotations)),
}
