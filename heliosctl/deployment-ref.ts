/** @module What rollout verbs accept as a Deployment: `deployment/NAME`, `deployments/NAME`, `deploy/NAME` or `NAME`. */
import { UsageError } from './usage-error.js'

const DEPLOYMENT_WORDS = new Set(['deployment', 'deployments', 'deploy'])

/** The Deployment name in `ref`; another kind (`job/x`) or an empty name is a usage error. */
export function deploymentName(ref: string): string {
  const slash = ref.indexOf('/')
  const name = slash < 0 ? ref : ref.slice(slash + 1)
  if (slash >= 0 && !DEPLOYMENT_WORDS.has(ref.slice(0, slash).toLowerCase()))
    throw new UsageError(`"${ref}" is not a deployment; use deployment/NAME or NAME`)
  if (!name) throw new UsageError(`"${ref}" names no deployment; use deployment/NAME or NAME`)
  return name
}
