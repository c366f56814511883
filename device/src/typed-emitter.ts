/** A minimal typed event map (livekit-style), so listeners get checked argument types. */
export type Listener<A extends unknown[]> = (...args: A) => void;
type AnyListener = (...args: unknown[]) => void;

export class TypedEmitter<Events extends { [K in keyof Events]: unknown[] }> {
  readonly #listeners = new Map<keyof Events, Set<AnyListener>>();
  constructor(private readonly onListenerError: (error: unknown) => void = () => {}) {}

  /** Returns an unsubscribe function. */
  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    const entry = listener as unknown as AnyListener;
    set.add(entry);
    return () => set.delete(entry);
  }

  emit<K extends keyof Events>(event: K, ...args: Events[K]): void {
    for (const listener of this.#listeners.get(event) ?? []) {
      // A faulty listener (dev page, test) must not break the agent's own flow.
      try {
        listener(...args);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  removeAll(): void {
    this.#listeners.clear();
  }
}
