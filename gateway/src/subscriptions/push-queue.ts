/**
 * An async iterator fed by pushes. Unlike an async generator, `return()` ends it at once even
 * while a consumer is waiting in `next()`, so an unsubscribing client never leaves a
 * listener behind.
 */
export class PushQueue<T> implements AsyncIterableIterator<T> {
  private readonly values: T[] = [];
  private readonly waiting: Array<{ resolve: (result: IteratorResult<T>) => void; reject: (error: unknown) => void }> = [];
  private ended = false;
  private failure: unknown;

  constructor(private readonly onEnd: () => void = () => undefined) {}

  get length(): number {
    return this.values.length;
  }

  push(value: T): void {
    if (this.ended) return;
    const waiter = this.waiting.shift();
    if (waiter) waiter.resolve({ value, done: false });
    else this.values.push(value);
  }

  /** Ends the stream with an error delivered after the values already queued. */
  fail(error: unknown): void {
    if (this.ended) return;
    this.failure = error;
    if (this.values.length === 0) {
      for (const waiter of this.waiting.splice(0)) waiter.reject(error);
      this.finish();
    }
  }

  next(): Promise<IteratorResult<T>> {
    if (this.values.length > 0) return Promise.resolve({ value: this.values.shift()!, done: false });
    if (this.failure !== undefined && !this.ended) {
      this.finish();
      return Promise.reject(this.failure);
    }
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  return(): Promise<IteratorResult<T>> {
    this.values.length = 0;
    for (const waiter of this.waiting.splice(0)) waiter.resolve({ value: undefined, done: true });
    this.finish();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error: unknown): Promise<IteratorResult<T>> {
    this.return();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.onEnd();
  }
}
