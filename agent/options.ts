/** @module Parsing of agent flags and DOCKER_HOST (pure); main.ts reads argv and env and passes the strings in. */
import { SIMPLE_NAME } from '../apis/index.js'

export interface DockerEndpoint {
  socketPath?: string
  host?: string
  port?: number
  /** As messages name it: `unix:///var/run/docker.sock`, `tcp://10.0.0.5:2375`. */
  endpoint: string
}

export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock'

/** `unix:///path`, `tcp://host:port` or unset (the default socket); returns an error message otherwise. */
export function parseDockerHost(value: string | undefined): DockerEndpoint | string {
  const text = value?.trim() || `unix://${DEFAULT_DOCKER_SOCKET}`
  if (text.startsWith('unix://')) return { socketPath: text.slice('unix://'.length), endpoint: text }
  if (text.startsWith('/')) return { socketPath: text, endpoint: `unix://${text}` }
  const tcp = /^tcp:\/\/([^:/]+):(\d+)\/?$/.exec(text)
  if (tcp) return { host: tcp[1], port: Number(tcp[2]), endpoint: text }
  return `unsupported DOCKER_HOST "${text}": expected unix:///path/to/docker.sock or tcp://host:port`
}

/** `--label k=v` values → labels; returns an error message for an entry without "=" or with an empty key. */
export function parseLabels(entries: readonly string[]): Record<string, string> | string {
  const labels: Record<string, string> = {}
  for (const entry of entries) {
    const eq = entry.indexOf('=')
    if (eq <= 0) return `invalid --label "${entry}": expected key=value`
    labels[entry.slice(0, eq)] = entry.slice(eq + 1)
  }
  return labels
}

/** Host names become object names: letters, digits, ".", "_", "-". */
export function checkHostName(name: string): string | undefined {
  return SIMPLE_NAME.test(name) ? undefined : `invalid --name "${name}": host names are letters, digits, ".", "_", "-"`
}
