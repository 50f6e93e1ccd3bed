/** @module An overlapping rollout runs the old and new container side by side on a host: their ports must be dynamic. */
import { ApiError, type Deployment, type Job } from '../../apis/index.js'

/** Throws Invalid when `deployment` overlaps rollouts of a Job that publishes a static host port. */
export function checkOverlapPorts(deployment: Deployment, job: Job): void {
  if (!deployment.spec.rollout.overlap) return
  const ports = [{ name: 'main', ports: job.spec.ports }, ...(job.spec.containers ?? [])]
  for (const { ports: mappings } of ports) {
    for (const [name, port] of Object.entries(mappings)) {
      if (port.externalPort === undefined) continue
      const message = `overlap starts the new container next to the old one on each host, so ports must be dynamic: job ${job.metadata.name} port "${name}" publishes static host port ${port.externalPort}/${port.protocol}`
      throw new ApiError('Invalid', message, { causes: [{ field: 'spec.rollout.overlap', message }] })
    }
  }
}
