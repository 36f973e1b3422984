// The screen: full-size layers stacked in one root. A new item goes into a new layer on top,
// the transition plan moves the two layers, and the old layer is removed when it is done.
// Layers say what they hold (data-content-id) and where they are (data-state: entering,
// shown, leaving), which is also how the browser tests see the screen.

import type { TransitionKind } from './manifest';
import { planTransition, type LayerMotion } from './transitions';

export interface Slide {
  readonly el: HTMLElement;
  readonly contentId: string | null;
  // Resolves once it can be shown without a blank moment; rejects with why it cannot.
  readonly ready: Promise<void>;
  // True when the item ends by itself (a video, a document's last page).
  readonly endsItself: boolean;
  // Called when it ends by itself, or fails while on screen (with the reason).
  onEnd: ((failure?: Error) => void) | null;
  start(offsetMs: number): void;
  dispose(): void;
  // A picture of what it shows, when the browser allows one.
  capture(): HTMLCanvasElement | null;
}

type Timers = Pick<typeof globalThis, 'setTimeout' | 'clearTimeout'>;

export class Stage {
  private layers: { layer: HTMLElement; slide: Slide }[] = [];
  private finishing: ReturnType<typeof setTimeout> | undefined;
  private pendingDone: (() => void) | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly timers: Timers = window, // not globalThis: Chromium 71
  ) {}

  get current(): Slide | undefined {
    return this.layers[this.layers.length - 1]?.slide;
  }

  // Puts `slide` on screen with the transition; resolves when the transition is over.
  present(slide: Slide, kind: TransitionKind, requestedMs: number): Promise<void> {
    this.finishNow(); // a transition still running ends at once
    const plan = planTransition(this.layers.length > 0 ? kind : 'none', requestedMs);
    const layer = document.createElement('div');
    layer.className = 'layer';
    if (slide.contentId) layer.dataset.contentId = slide.contentId;
    layer.dataset.state = plan.totalMs > 0 ? 'entering' : 'shown';
    layer.appendChild(slide.el);
    const outgoing = this.layers[this.layers.length - 1];
    this.root.appendChild(layer);
    this.layers.push({ layer, slide });
    move(layer, plan.incoming);
    if (outgoing) {
      outgoing.layer.dataset.state = 'leaving';
      move(outgoing.layer, plan.outgoing);
    }
    return new Promise((resolve) => {
      const done = (): void => {
        this.finishing = undefined;
        this.removeAllBut(layer);
        layer.dataset.state = 'shown';
        resolve();
      };
      if (plan.totalMs === 0) {
        done();
      } else {
        this.finishing = this.timers.setTimeout(done, plan.totalMs);
        this.pendingDone = done;
      }
    });
  }

  clear(): void {
    this.finishNow();
    this.removeAllBut(null);
  }

  private finishNow(): void {
    if (this.finishing === undefined) return;
    this.timers.clearTimeout(this.finishing);
    this.finishing = undefined;
    const done = this.pendingDone;
    this.pendingDone = undefined;
    done?.();
  }

  private removeAllBut(keep: HTMLElement | null): void {
    const kept: { layer: HTMLElement; slide: Slide }[] = [];
    for (const entry of this.layers) {
      if (entry.layer === keep) {
        kept.push(entry);
        continue;
      }
      entry.slide.dispose();
      entry.slide.onEnd = null; // off the stage it ends nothing, and keeps nothing alive
      entry.layer.remove();
    }
    this.layers = kept;
  }
}

function move(el: HTMLElement, motion: LayerMotion): void {
  el.style.transition = 'none';
  el.style.opacity = motion.from.opacity;
  el.style.transform = motion.from.transform;
  if (motion.durationMs === 0 && motion.delayMs === 0) return;
  void el.offsetWidth; // the start styles take effect before the transition is set
  const timing = `${motion.durationMs}ms ease-in-out ${motion.delayMs}ms`;
  el.style.transition = `opacity ${timing}, transform ${timing}`;
  el.style.opacity = motion.to.opacity;
  el.style.transform = motion.to.transform;
}
