/** Calls `fn` with the latest value at most every `ms`, and always with the last one. */
export function throttled<T>(fn: (value: T) => void, ms = 100): { push(value: T): void; flush(): void } {
  let latest: T | undefined;
  let pending = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = 0;
  const run = () => {
    timer = undefined;
    last = performance.now();
    if (pending) {
      pending = false;
      fn(latest as T);
    }
  };
  return {
    push(value) {
      latest = value;
      pending = true;
      if (timer === undefined) timer = setTimeout(run, Math.max(0, ms - (performance.now() - last)));
    },
    flush() {
      if (timer !== undefined) clearTimeout(timer);
      run();
    },
  };
}
