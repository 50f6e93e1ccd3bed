/** @module Hook: the UI state, reduced synchronously so that keys typed faster than React re-renders all count. */
import { useCallback, useRef, useState } from 'react'
import { initialUi, reduceUi, type UiAction, type UiState } from './ui-state.js'

/**
 * Returns the state to render, `dispatch`, and `current()`, which a key handler reads instead of a closure:
 * Ink re-registers input handlers only after React's passive effects run, so a closure can lag keys behind.
 */
export function useUiState(): [UiState, (action: UiAction) => void, () => UiState] {
  const latest = useRef(initialUi)
  const [ui, setUi] = useState(initialUi)
  const dispatch = useCallback((action: UiAction) => {
    latest.current = reduceUi(latest.current, action)
    setUi(latest.current)
  }, [])
  const current = useCallback(() => latest.current, [])
  return [ui, dispatch, current]
}
