// TypeScript declarations of the quote widget, `import "commission-engine/element"`.

import type { DocumentInput, Invoice, PlanDocument, SalesDocument, WhatIfAnswer } from "./index.js";

/** The element's tag name, "commission-estimate". */
export declare const TAG: "commission-estimate";

/**
 * `<commission-estimate>`: shows what a quote earns (the agent's commission with it, the
 * ladder tier reached and what is missing to the next, the level effect), updated before the
 * next frame whenever `plan`, `history` or `quote` changes. Each input is a property (an
 * object or JSON text) or an attribute (JSON text). Fires `change` with the what-if answer.
 */
export declare class CommissionEstimate extends HTMLElement {
  static observedAttributes: string[];
  /** The plan document. */
  plan: DocumentInput<PlanDocument> | null;
  /** The partner's sales history (a sales document), loaded once per change. */
  history: DocumentInput<SalesDocument> | null;
  /** The quote being typed: one invoice, or several. */
  quote: DocumentInput<Invoice | Invoice[]> | null;
  /** The agent whose commission is shown; default the quote's first agent. */
  agent: string | null;
  /** The engine's last what-if answer, or null (none yet, or an input was refused). */
  readonly answer: WhatIfAnswer | null;
  addEventListener<K extends keyof CommissionEstimateEventMap>(
    type: K,
    listener: (this: CommissionEstimate, event: CommissionEstimateEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
}

/** The events of the widget: `change` carries the engine's what-if answer. */
export interface CommissionEstimateEventMap extends HTMLElementEventMap {
  change: CustomEvent<WhatIfAnswer>;
}

declare global {
  interface HTMLElementTagNameMap {
    "commission-estimate": CommissionEstimate;
  }
}
