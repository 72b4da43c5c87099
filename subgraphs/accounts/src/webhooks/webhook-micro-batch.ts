/**
 * Gathers calls made in the same turn of the event loop (up to `sizeMax`) into one batched call.
 * Under load many attempts reach the same step together; one statement for all of them instead
 * of one each is most of the worker's database cost.
 */
export function microBatch<In, Out>(run: (inputs: In[]) => Promise<Out[]>, sizeMax = 100): (input: In) => Promise<Out> {
  let pending: Array<{ input: In; resolve: (value: Out) => void; reject: (error: unknown) => void }> = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    while (pending.length > 0) {
      const batch = pending.slice(0, sizeMax);
      pending = pending.slice(sizeMax);
      run(batch.map((entry) => entry.input)).then(
        (outputs) => batch.forEach((entry, i) => entry.resolve(outputs[i])),
        (error: unknown) => batch.forEach((entry) => entry.reject(error)),
      );
    }
  };
  return (input) =>
    new Promise<Out>((resolve, reject) => {
      pending.push({ input, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}
