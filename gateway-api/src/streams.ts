/** A stream of committed things (events, blocks) that the reader stops with `close` (the client went away). */
export interface Closeable<T> extends AsyncIterable<T> {
  close(): void;
}

/** `source` seen through `transform` (an async generator over it); closing the result closes the source. */
export function piped<T, U>(
  source: Closeable<T>,
  transform: (items: AsyncIterable<T>) => AsyncIterable<U>,
): Closeable<U> {
  return {
    close: () => {
      source.close();
    },
    [Symbol.asyncIterator]: () => transform(source)[Symbol.asyncIterator](),
  };
}
