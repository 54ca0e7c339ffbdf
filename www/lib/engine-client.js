/**
 * The page's side of the engine worker (engine-worker.js): each call returns a promise of the
 * answer. Calls are grouped in channels ("calculate", "whatIf", "curve", "compare"): while one call of a
 * channel is being computed, only the latest further call of that channel is kept and sent
 * next, and the answer of a call that a newer one replaced resolves to `null`. So typing fast
 * or dragging the slider never queues up stale work, and the page shows only fresh answers.
 */
export class EngineClient {
  #worker;
  #next = 1;
  #waiting = new Map(); // id -> { resolve, reject }
  #channels = new Map(); // name -> { busy, queued: { message, settle } | null, latest }

  constructor() {
    // Relative to the page (this module is bundled into www/dist/; the worker is not bundled).
    this.#worker = new Worker(new URL("lib/engine-worker.js", document.baseURI), { type: "module" });
    this.#worker.addEventListener("message", ({ data }) => {
      const waiting = this.#waiting.get(data.id);
      this.#waiting.delete(data.id);
      if (data.error) waiting?.reject(Object.assign(new Error(data.error.message), data.error));
      else waiting?.resolve(data.value);
    });
    this.#worker.addEventListener("error", (event) => {
      for (const { reject } of this.#waiting.values())
        reject(new Error(`the engine worker failed: ${event.message}`));
      this.#waiting.clear();
    });
  }

  /**
   * Asks the worker; resolves to the answer, or to null when a newer call of the same channel
   * replaced this one. Rejects with the engine's error (`code`, `path`, `errors`, `document`).
   */
  ask(channel, op, args) {
    const state = this.#channels.get(channel) ?? { busy: false, queued: null, latest: 0 };
    this.#channels.set(channel, state);
    const ticket = ++state.latest;
    return new Promise((resolve, reject) => {
      const settle = { resolve, reject, ticket };
      const message = { op, ...args };
      if (state.busy) {
        state.queued?.settle.resolve(null);
        state.queued = { message, settle };
      } else {
        this.#send(channel, state, message, settle);
      }
    });
  }

  #send(channel, state, message, settle) {
    state.busy = true;
    const id = this.#next++;
    const done = () => {
      state.busy = false;
      const queued = state.queued;
      state.queued = null;
      if (queued) this.#send(channel, state, queued.message, queued.settle);
    };
    this.#waiting.set(id, {
      resolve: (value) => {
        done();
        settle.resolve(settle.ticket === state.latest ? value : null);
      },
      reject: (error) => {
        done();
        if (settle.ticket === state.latest) settle.reject(error);
        else settle.resolve(null);
      },
    });
    this.#worker.postMessage({ id, ...message });
  }
}
