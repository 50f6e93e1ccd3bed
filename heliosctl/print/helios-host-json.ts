/** @module Helios' HostStatus descriptor of a Host (`hosts --json`): its HostInfo, AgentInfo and per-job entries. */
import { type Host, hostLabels, type Task } from '../../apis/index.js'
import { heliosDeployment, heliosTaskStatus, mainTasksLast, type TaskJsonContext } from './helios-task-json.js'

type Json = Record<string, unknown>
type HostInfo = NonNullable<NonNullable<Host['status']>['hostInfo']>

/**
 * Helios' HostInfo from the facts an agent reports. `os` is `<type> <release>` (node:os), Helios' osName and osVersion.
 * What agents do not report (uname, swap, dockerHost, dockerCertPath, the engine's build facts) is null, as Jackson
 * printed an unset field.
 */
export function heliosHostInfo(info: HostInfo): Json {
  const space = info.os.indexOf(' ')
  return {
    hostname: info.hostname,
    uname: null,
    architecture: info.architecture,
    osName: space < 0 ? info.os : info.os.slice(0, space),
    osVersion: space < 0 ? null : info.os.slice(space + 1),
    cpus: info.cpus,
    loadAvg: info.loadAvg,
    memoryTotalBytes: info.memoryTotalBytes,
    memoryFreeBytes: info.memoryFreeBytes,
    swapTotalBytes: null,
    swapFreeBytes: null,
    dockerVersion: info.dockerVersion
      ? {
          apiVersion: info.dockerApiVersion ?? null,
          arch: null,
          gitCommit: null,
          goVersion: null,
          kernelVersion: null,
          os: null,
          version: info.dockerVersion,
        }
      : null,
    dockerHost: null,
    dockerCertPath: null,
  }
}

/**
 * Helios' AgentInfo: version, startTime (epoch ms) and uptime (ms, up to the last heartbeat); the JVM facts Helios
 * reported (name, vm*, spec*, inputArguments) have no counterpart in a Node agent and are null. Null with no agent yet.
 */
export function heliosAgentInfo(status: Host['status']): Json | null {
  if (!status?.agentStartedAt && !status?.agentVersion) return null
  const startTime = status.agentStartedAt ? Date.parse(status.agentStartedAt) : Number.NaN
  const uptime = Date.parse(status.lastHeartbeat) - startTime
  return {
    name: null,
    vmName: null,
    vmVendor: null,
    vmVersion: null,
    specName: null,
    specVendor: null,
    specVersion: null,
    inputArguments: null,
    uptime: Number.isNaN(uptime) ? null : Math.max(0, uptime),
    startTime: Number.isNaN(startTime) ? null : startTime,
    version: status.agentVersion ?? null,
  }
}

/**
 * Helios' HostStatus: status, hostInfo, agentInfo, labels, jobs (job id → Deployment) and statuses (job id →
 * TaskStatus) of the Tasks on the host, and environment (the agent's --env, not reported here: `{}`).
 */
export function heliosHostStatus(host: Host, tasks: readonly Task[], ctx: TaskJsonContext): Json {
  const jobs: Json = {}
  const statuses: Json = {}
  for (const task of mainTasksLast(tasks.filter((t) => t.spec.host === host.metadata.name))) {
    jobs[task.spec.jobId] = heliosDeployment(task, ctx)
    const status = heliosTaskStatus(task, ctx)
    if (status) statuses[task.spec.jobId] = status
  }
  const info = host.status?.hostInfo
  return {
    status: host.status?.state ?? 'DOWN',
    hostInfo: info ? heliosHostInfo(info) : null,
    agentInfo: heliosAgentInfo(host.status),
    jobs,
    statuses,
    environment: {},
    labels: hostLabels(host),
  }
}
