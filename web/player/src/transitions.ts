// How one item gives way to the next. A plan says, for the incoming and the outgoing layer,
// the style to start from, the style to end at, and when within the transition; the stage
// applies it with CSS transitions (compositor-only properties: opacity and transform).

import type { TransitionKind } from './manifest';

export interface LayerStyle {
  opacity: string;
  transform: string;
}

export interface LayerMotion {
  from: LayerStyle;
  to: LayerStyle;
  delayMs: number;
  durationMs: number;
}

export interface TransitionPlan {
  incoming: LayerMotion;
  outgoing: LayerMotion;
  totalMs: number; // when the outgoing layer can go
}

const SHOWN: LayerStyle = { opacity: '1', transform: 'none' };
const HIDDEN: LayerStyle = { opacity: '0', transform: 'none' };
const STILL = (style: LayerStyle): LayerMotion => ({ from: style, to: style, delayMs: 0, durationMs: 0 });

// Longest transition honoured; anything longer would eat the item it introduces.
export const MAX_TRANSITION_MS = 5000;

export function planTransition(kind: TransitionKind, requestedMs: number): TransitionPlan {
  const ms = Math.max(0, Math.min(MAX_TRANSITION_MS, Math.round(requestedMs || 0)));
  if (kind === 'none' || ms === 0) {
    return { incoming: STILL(SHOWN), outgoing: STILL(HIDDEN), totalMs: 0 };
  }
  switch (kind) {
    case 'fade': {
      // Through black: the old one fades out, then the new one fades in.
      const half = Math.round(ms / 2);
      return {
        outgoing: { from: SHOWN, to: HIDDEN, delayMs: 0, durationMs: half },
        incoming: { from: HIDDEN, to: SHOWN, delayMs: half, durationMs: ms - half },
        totalMs: ms,
      };
    }
    case 'dissolve':
      // The new one appears through the old one, which stays underneath until it is covered.
      return {
        outgoing: STILL(SHOWN),
        incoming: { from: HIDDEN, to: SHOWN, delayMs: 0, durationMs: ms },
        totalMs: ms,
      };
    case 'slide':
      return {
        outgoing: {
          from: SHOWN,
          to: { opacity: '1', transform: 'translateX(-100%)' },
          delayMs: 0,
          durationMs: ms,
        },
        incoming: {
          from: { opacity: '1', transform: 'translateX(100%)' },
          to: SHOWN,
          delayMs: 0,
          durationMs: ms,
        },
        totalMs: ms,
      };
    case 'zoom':
      return {
        outgoing: { from: SHOWN, to: { opacity: '0', transform: 'scale(1.15)' }, delayMs: 0, durationMs: ms },
        incoming: { from: { opacity: '0', transform: 'scale(0.85)' }, to: SHOWN, delayMs: 0, durationMs: ms },
        totalMs: ms,
      };
    default:
      return { incoming: STILL(SHOWN), outgoing: STILL(HIDDEN), totalMs: 0 };
  }
}
