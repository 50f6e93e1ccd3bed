/** @module The hosts a replica Deployment may use: named hosts, selector matches, or every registered host. */

import {
  type Deployment,
  type Host,
  type HostSelector,
  hostLabels,
  matchesAll,
  parseHostSelector,
} from '../../apis/index.js'
import { alphaNumeric } from './desired.js'

/**
 * `spec.hosts` (registered or not) ∪ registered hosts matching `spec.hostSelector`; every registered host
 * when both are empty. Cordoned or DOWN hosts stay candidates: they keep their Task, they just get no new one.
 */
export function candidateHosts(deployment: Deployment, hosts: readonly Host[]): string[] {
  const { hosts: named, hostSelector } = deployment.spec
  if (named.length === 0 && hostSelector.length === 0) return hosts.map((h) => h.metadata.name).sort(alphaNumeric)
  const selectors = hostSelector.map(parseHostSelector).filter((s): s is HostSelector => typeof s !== 'string')
  const selected = hosts.filter((h) => matchesAll(hostLabels(h), selectors)).map((h) => h.metadata.name)
  return [...new Set([...named, ...selected])].sort(alphaNumeric)
}
