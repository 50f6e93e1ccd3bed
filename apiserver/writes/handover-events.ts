/** @module The record of a migrate handover: an Event on the hand deploy that gave hosts up to the writer's Deployment. */
import { Event, eventName, type HeliosObject } from '../../apis/index.js'
import type { WriteContext } from '../app-context.js'
import { ANONYMOUS_USER } from '../auth/authorize.js'
import type { Handover } from '../rules/job-once.js'
import type { WriteRequest } from './create.js'

/**
 * Stores one Event per Deployment that handed hosts over, as the audit records a request's own write; a failure is
 * logged, not returned (the handover is committed already).
 */
export async function recordHandovers(
  ctx: WriteContext,
  handovers: readonly Handover[],
  to: string,
  req: WriteRequest,
): Promise<void> {
  const user = req.client?.user
  const who = user ? `user "${user.name}" (${user.role})` : `user "${ANONYMOUS_USER}"`
  for (const { deployment, hosts } of handovers) {
    const name = deployment.metadata.name
    const now = ctx.now()
    const event = Event.parse({
      apiVersion: 'helios/v1',
      kind: 'Event',
      metadata: { name: eventName(name, now.getTime()) },
      involvedObject: { kind: 'Deployment', name },
      type: 'Normal',
      reason: 'Migrating',
      message:
        `${who} migrated deployment ${to}: ${hosts.join(', ')} handed over from deployment ${name}, whose job stops there (rollout.migrate)`.slice(
          0,
          1024,
        ),
      source: { component: 'apiserver' },
      timestamp: now.toISOString(),
    })
    await ctx.store
      .create(event as HeliosObject)
      .catch((error: unknown) => ctx.log('warn', 'could not record a migrate handover', { deployment: name, error }))
  }
}
