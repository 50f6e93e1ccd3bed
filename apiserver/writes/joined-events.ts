/** @module Events a write stores in its own transaction (WriteOptions.events): new-object fields, history trims, a new name on a clash. */
import { type Event, type HeliosObject, isApiError } from '../../apis/index.js'
import type { WriteContext } from '../app-context.js'
import type { WriteOptions } from '../storage/store.js'
import { alreadyExists } from '../storage/store-errors.js'
import { type Trims, trimsFor } from './event-retention.js'
import { asNewObject, serverEventName } from './server-fields.js'

/** What a write passes its store call to store its Events with it. */
export type EventOptions = Pick<WriteOptions, 'events' | 'trimEvents'>

const ATTEMPTS = 3

const clashesWith = (err: unknown, event: Event): boolean =>
  isApiError(err, 'AlreadyExists') && err.message === alreadyExists('Event', event.metadata.name).message

const renamed = (event: Event): Event => ({
  ...event,
  metadata: { ...event.metadata, name: serverEventName(event.involvedObject.name, Date.parse(event.timestamp)) },
})

const NO_TRIMS: Trims = { names: [], committed: () => {} }

/**
 * Runs `write` (a store write) with `events` in its transaction, and the Events they push out of their histories
 * trimmed in it too: the write and its record land together or not at all, in one ZooKeeper transaction. `own`: the
 * written object when it is an Event itself (a POSTed one), whose history counts too. A name already taken fails
 * that transaction; the clash (a random suffix repeated within one millisecond) is answered with a new name and
 * another try. A history index that cannot be read only leaves the trims to a later write.
 */
export async function writeWithEvents<T>(
  ctx: WriteContext,
  events: readonly Event[],
  write: (opts: EventOptions) => Promise<T>,
  own?: Event,
): Promise<T> {
  if (events.length === 0 && !own) return write({})
  let stored = events.map((event) => asNewObject(event as HeliosObject, ctx.now()) as Event)
  for (let attempt = 1; ; attempt++) {
    const trims = await trimsFor(ctx, own ? [...stored, own] : stored).catch((error: unknown) => {
      ctx.log('warn', 'could not read the event histories; trimming later', { error })
      return NO_TRIMS
    })
    try {
      const written = await write({ events: stored, trimEvents: trims.names })
      trims.committed()
      return written
    } catch (err) {
      const taken = stored.findIndex((event) => clashesWith(err, event))
      if (taken < 0 || attempt >= ATTEMPTS) throw err
      stored = stored.map((event, i) => (i === taken ? renamed(event) : event))
    }
  }
}
