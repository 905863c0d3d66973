// A minimal synchronous event emitter whose subscriptions are disposables, so every listener has an owner
// that removes it. A listener that throws cannot break the code that emitted the event: its error goes to
// `onListenerError` and the other listeners still run.

export interface Disposable {
  dispose(): void;
}

export type Listener<T> = (event: T) => void;

export class Emitter<T> {
  private readonly listeners = new Set<Listener<T>>();

  constructor(private readonly onListenerError: (error: unknown) => void = () => {}) {}

  /** Calls `listener` for every later event until the returned disposable is disposed. */
  subscribe(listener: Listener<T>): Disposable {
    // Wrapped so that subscribing the same function twice gives two independent subscriptions.
    const entry: Listener<T> = (event) => listener(event);
    this.listeners.add(entry);
    return { dispose: () => void this.listeners.delete(entry) };
  }

  emit(event: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }

  clear(): void {
    this.listeners.clear();
  }
}
