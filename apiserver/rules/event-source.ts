/** @module An Event's source is the authenticated writer, never what the body claims (design.md). */
import { ApiError, type Event } from '../../apis/index.js'
import type { AuthUser } from '../auth/authorize.js'
import { ANONYMOUS_USER } from '../auth/authorize.js'

/**
 * The Event as an API client may store it: `source.user` is the writer (anonymous when the API is open); an agent's
 * Event is the agent's, from its host; and only the apiserver itself records `component: apiserver` (the audit).
 */
export function withWriterSource(event: Event, writer: AuthUser | undefined): Event {
  if (event.source.component === 'apiserver') {
    const message = 'only the apiserver records events of component "apiserver" (audit records)'
    throw new ApiError('Invalid', `Event "${event.metadata.name}" is invalid: source.component: ${message}`, {
      causes: [{ field: 'source.component', message }],
    })
  }
  if (writer?.role === 'agent') {
    return { ...event, source: { component: 'agent', host: writer.name, user: writer.name } }
  }
  return { ...event, source: { ...event.source, user: writer?.name ?? ANONYMOUS_USER } }
}
