/** @module `describe job`: the container template in Helios' words, the Deployments using it, its Tasks, recent Events. */
import type { Deployment, Event, HealthCheck, Job, JobSpec, Task } from '../../../apis/index.js'
import { declaredPorts } from '../ports.js'
import { givenOptionsText } from './deployment.js'
import { fields, pairsOf, section, type Value, when } from './layout.js'
import { metaFields } from './meta.js'
import { eventLines, taskLines } from './related.js'

export interface JobFacts {
  job: Job
  deployments: readonly Deployment[]
  tasks: readonly Task[]
  events: readonly Event[]
  now: number
}

export function describeJob({ job, deployments, tasks, events, now }: JobFacts): string[] {
  const s = job.spec
  return [
    ...metaFields(job.metadata, now, [['Id', job.status?.id], ...containerFields(s), ...jobFields(s, now)]),
    ...sidecarLines(s),
    ...section(
      'Used By',
      deployments.map((d) => `deployment/${d.metadata.name} (goal ${d.spec.goal})`),
    ),
    ...section('Tasks', tasks.length ? taskLines(tasks, ['HOST', 'DEPLOYMENT', 'GOAL'], now) : []),
    ...section('Events', eventLines(events, now)),
  ]
}

/** A composite Job's further containers, each with its own short template; nothing for a single container. */
function sidecarLines(s: JobSpec): string[] {
  const sidecars = s.containers ?? []
  if (sidecars.length === 0) return []
  const lines = sidecars.flatMap((c) => [
    `${c.name}:`,
    ...fields(
      [
        ['Image', c.image],
        ['Command', c.command.join(' ')],
        ['Env', pairsOf(c.env)],
        ['Ports', declaredPorts(c.ports)],
      ],
      2,
    ),
  ])
  return section('Containers', lines)
}

function containerFields(s: JobSpec): Array<readonly [string, Value]> {
  return [
    ['Image', s.image],
    ['Command', s.command.join(' ')],
    ['Env', pairsOf(s.env)],
    ['Ports', declaredPorts(s.ports).split(',').filter(Boolean)],
    ['Health Check', s.healthCheck && healthCheckText(s.healthCheck)],
    ['Volumes', Object.entries(s.volumes).map(([target, source]) => `${source || '<anonymous>'} -> ${target}`)],
    ['Hostname', s.hostname],
    ['Network Mode', s.networkMode],
  ]
}

function jobFields(s: JobSpec, now: number): Array<readonly [string, Value]> {
  const r = s.resources
  return [
    ['Resources', r && pairsOf(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, String(v)])))],
    ['Restart Policy', s.restartPolicy ?? 'Always'],
    ['Grace Period', s.gracePeriod === undefined ? undefined : `${s.gracePeriod}s`],
    ['Stop Timeout', `${s.secondsToWaitBeforeKill ?? 120}s (secondsToWaitBeforeKill)`],
    ['Expires', s.expires ? when(s.expires, now) : 'never'],
    ['Token', s.token ? '<set>' : undefined],
    ['Security Options', s.securityOpt.join(', ')],
    ['Add Capabilities', s.addCapabilities.join(', ')],
    ['Drop Capabilities', s.dropCapabilities.join(', ')],
    ['Container Labels', pairsOf(s.labels)],
    ['Ramdisks', pairsOf(s.ramdisks)],
    ['Metadata', pairsOf(s.metadata)],
    ['Runtime', s.runtime],
    ['Rollout Options', s.rolloutOptions && givenOptionsText(s.rolloutOptions)],
  ]
}

/** `http port=http path=/`, `tcp port=db`, `exec pg_isready -q`. */
export function healthCheckText(check: HealthCheck): string {
  if (check.type === 'http') return `http port=${check.port} path=${check.path}`
  if (check.type === 'tcp') return `tcp port=${check.port}`
  return `exec ${check.command.join(' ')}`
}
