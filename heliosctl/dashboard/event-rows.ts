/** @module The Event feed: the newest Events, oldest first so the newest is at the bottom, Warnings in red. */
import { byEventTime, type Event } from '../../apis/index.js'
import { kindName } from '../print/object-ref.js'
import { cell, type Row, type TableModel } from './row.js'
import { eventTone } from './tone.js'

const HEADER = ['TIME', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']
/** Events the dashboard keeps in memory and shows; older ones scroll away. */
export const EVENTS_SHOWN = 500

/** The last `EVENTS_SHOWN` Events (optionally only those about `about`), oldest first. */
export function eventTable(events: readonly Event[], about?: (e: Event) => boolean): TableModel {
  const rows = [...events]
    .filter((e) => !about || about(e))
    .sort(byEventTime)
    .slice(-EVENTS_SHOWN)
    .map((e): Row => {
      const tone = eventTone(e.type)
      return {
        key: e.metadata.name,
        cells: [
          cell(clockTime(e.timestamp)),
          cell(e.type, tone),
          cell(e.reason, tone),
          cell(kindName(e.involvedObject.kind, e.involvedObject.name)),
          cell(e.message, tone),
        ],
      }
    })
  return { title: 'Events', header: HEADER, rows }
}

/** Events about Deployment `name` or one of its Tasks. */
export const aboutDeployment =
  (name: string) =>
  (e: Event): boolean =>
    (e.involvedObject.kind === 'Deployment' && e.involvedObject.name === name) ||
    (e.involvedObject.kind === 'Task' && e.involvedObject.name.startsWith(`${name}@`))

/** `12:00:01` (UTC) for an ISO time. */
function clockTime(iso: string): string {
  const ms = Date.parse(iso)
  return Number.isNaN(ms) ? iso : new Date(ms).toISOString().slice(11, 19)
}
