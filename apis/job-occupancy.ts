/** @module Who runs, or is set to run, one Job on a host: the facts behind "never two of one Job on a host" (pure). */

import { handedOver } from './deploy-refusal.js'
import type { Deployment } from './deployment.js'
import type { Host } from './host.js'
import { hostLabels } from './host.js'
import { type HostSelector, matchesAll, parseHostSelector } from './host-selector.js'
import { IMPERATIVE_ANNOTATION, ownValue } from './meta.js'
import type { Task } from './task.js'

/*
 * "The same Job" is the same `name:version`, Helios' job id (our name:version fixes the hash, Jobs being immutable):
 * Helios kept one deployment per (job id, host) and refused a second with JOB_ALREADY_DEPLOYED, while two versions of
 * one name could share a host (its rolling updates relied on it). Migrate takes over that very job id only, as Helios'.
 */

/** One Deployment's hold on a host for a Job. */
export interface Occupant {
  deployment: string
  host: string
  /** `task`: a Task of it runs the Job there (main or surge); `named`: spec.hosts names it; `selected`: it targets it. */
  via: 'task' | 'named' | 'selected'
  /** Made by `heliosctl deploy` (annotated helios/imperative): what rollout.migrate may take over. */
  imperative: boolean
  /** The Deployment this host is being handed over to (migrate under way), if any. */
  handingOverTo?: string
}

export interface OccupancyFacts {
  deployments: readonly Deployment[]
  tasks: readonly Task[]
  hosts: readonly Host[]
}

/** Registered hosts a hostSelector reaches that take new Tasks (not drained, not cordoned). */
export function selectableHosts(deployment: Deployment, hosts: readonly Host[]): string[] {
  if (deployment.spec.hostSelector.length === 0) return []
  const selectors = deployment.spec.hostSelector
    .map(parseHostSelector)
    .filter((s): s is HostSelector => typeof s !== 'string')
  return hosts
    .filter((h) => !h.spec.drain && !h.spec.unschedulable && matchesAll(hostLabels(h), selectors))
    .map((h) => h.metadata.name)
}

/**
 * Every other Deployment's hold on `job`, by host: its Tasks running the Job (surge Tasks too), the hosts it names
 * (hosts it is handing over excepted), and, when its spec.job is the Job, the hosts it targeted last (status.hosts)
 * and those its selector reaches (without replicas). `except` (the Deployment asking) is left out.
 */
export function occupantsOf(job: string, facts: OccupancyFacts, except: string): Map<string, Occupant[]> {
  const byHost = new Map<string, Occupant[]>()
  const imperative = new Map(
    facts.deployments.map((d) => [d.metadata.name, d.metadata.annotations[IMPERATIVE_ANNOTATION] === 'true']),
  )
  const handover = new Map(facts.deployments.map((d) => [d.metadata.name, handedOver(d.metadata.annotations)]))
  const add = (deployment: string, host: string, via: Occupant['via']) => {
    const list = byHost.get(host) ?? []
    if (list.some((o) => o.deployment === deployment)) return
    const to = ownValue(handover.get(deployment), host)
    const occupant = { deployment, host, via, imperative: imperative.get(deployment) ?? false }
    byHost.set(host, [...list, to === undefined ? occupant : { ...occupant, handingOverTo: to }])
  }
  for (const t of facts.tasks)
    if (t.spec.job === job && t.spec.deployment !== except) add(t.spec.deployment, t.spec.host, 'task')
  for (const d of facts.deployments) {
    const name = d.metadata.name
    if (name === except || d.spec.job !== job) continue
    const gone = handover.get(name) ?? {}
    for (const host of d.spec.hosts) if (ownValue(gone, host) === undefined) add(name, host, 'named')
    for (const host of d.status?.hosts ?? []) add(name, host, 'selected')
    if (d.spec.replicas === undefined) for (const host of selectableHosts(d, facts.hosts)) add(name, host, 'selected')
  }
  return byHost
}

/** `job web:v1 already runs on web1 for deployment "grp"`; says "is set to run" before any Task exists. */
export function occupiedMessage(job: string, o: Occupant): string {
  const verb = o.via === 'task' ? 'already runs' : 'is already deployed'
  return `job ${job} ${verb} on ${o.host} for deployment "${o.deployment}"`
}
