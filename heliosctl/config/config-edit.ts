/** @module Pure edits of the config: set, delete and choose clusters (the verbs read and write the file). */
import type { ClusterEntry, HeliosctlConfig } from './config-schema.js'

/** What set-cluster changes; an empty string removes an optional field. */
export interface ClusterChanges {
  server?: string
  token?: string
  certificateAuthority?: string
}

/** Creates or updates cluster `name`; the first cluster also becomes the current one. */
export function setCluster(
  config: HeliosctlConfig,
  name: string,
  changes: ClusterChanges,
): { config: HeliosctlConfig; created: boolean; madeCurrent: boolean } {
  const old = config.clusters.find((c) => c.name === name)
  const server = changes.server ?? old?.server
  if (!server) throw new Error(`cluster "${name}" is new: give its --server URL`)
  const merged: ClusterEntry = { ...old, name, server }
  for (const field of ['token', 'certificateAuthority'] as const) {
    const value = changes[field]
    if (value === '') delete merged[field]
    else if (value !== undefined) merged[field] = value
  }
  const clusters = old ? config.clusters.map((c) => (c === old ? merged : c)) : [...config.clusters, merged]
  const madeCurrent = !config.currentCluster && config.clusters.length === 0
  const currentCluster = madeCurrent ? name : config.currentCluster
  return { config: { ...config, clusters, currentCluster }, created: !old, madeCurrent }
}

/** Removes cluster `name` (which must exist); if it was the current one, no cluster is current afterwards. */
export function deleteCluster(config: HeliosctlConfig, name: string): { config: HeliosctlConfig; wasCurrent: boolean } {
  const wasCurrent = config.currentCluster === name
  const clusters = config.clusters.filter((c) => c.name !== name)
  return { config: { ...config, clusters, currentCluster: wasCurrent ? undefined : config.currentCluster }, wasCurrent }
}

/** The config as `config view` shows it: tokens replaced by REDACTED unless `raw`. */
export function redacted(config: HeliosctlConfig): HeliosctlConfig {
  return { ...config, clusters: config.clusters.map((c) => (c.token ? { ...c, token: 'REDACTED' } : c)) }
}
