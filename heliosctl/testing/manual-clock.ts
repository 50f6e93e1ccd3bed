/** @module Test helper: the shared ManualClock (client/testing), started at the fixtures' T0. */
import { ManualClock } from '../../client/testing/manual-clock.js'
import { T0 } from './fixtures.js'

export type { ManualClock }

/** A clock that moves only when the test calls advance(); starts at T0. */
export const manualClock = (): ManualClock => new ManualClock(T0)
