import { MemoryStore } from './memory-store.js'
import { storeContract } from './store-contract.js'
import { eventsContract } from './store-events-contract.js'
import { holdingsContract } from './store-holdings-contract.js'

storeContract('MemoryStore', async ({ historySize }) => ({ store: new MemoryStore({ historySize }) }))
holdingsContract('MemoryStore', async ({ historySize }) => ({ store: new MemoryStore({ historySize }) }))
eventsContract('MemoryStore', async ({ historySize }) => ({ store: new MemoryStore({ historySize }) }))
