/** @module The record of a migrate handover: an Event on the hand deploy that gave hosts up to the writer's Deployment. */
import { Event } from '../../apis/index.js'
import type { WriteContext } from '../app-context.js'
import { ANONYMOUS_USER } from '../auth/authorize.js'
import type { Handover } from '../rules/job-once.js'
import type { WriteRequest } from './create.js'
import { serverEventName } from './server-fields.js'

/**
 * One Event per Deployment that handed hosts over to deployment `to`, as the audit records a request's own write;
 * stored in the write's transaction with the handover itself.
 */
export function handoverEvents(
  ctx: Pick<WriteContext, 'now'>,
  handovers: readonly Handover[],
  to: string,
  req: WriteRequest,
): Event[] {
  const user = req.client?.user
  const who = user ? `user "${user.name}" (${user.role})` : `user "${ANONYMOUS_USER}"`
  return handovers.map(({ deployment, hosts }) => {
    const name = deployment.metadata.name
    const now = ctx.now()
    return Event.parse({
      apiVersion: 'helios/v1',
      kind: 'Event',
      metadata: { name: serverEventName(name, now.getTime()) },
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
  })
}
