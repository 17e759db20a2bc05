/**
 * A client whose chosen read commands are sent once per distinct input: later sends of an equal command
 * get a copy of the first answer. For a release, where several services share a template and images,
 * so that the reads grow by the per-service calls only. A failed read is not kept.
 */
type Sender = { send(command: unknown, ...rest: unknown[]): Promise<unknown> };

export function cachingReads<T extends object>(client: T, cacheable: (command: unknown) => boolean): T {
  const cache = new Map<string, Promise<unknown>>();
  const sender = client as unknown as Sender;
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver) as unknown;
      return (command: unknown, ...rest: unknown[]) => {
        if (!cacheable(command)) return sender.send(command, ...rest);
        const key = `${(command as object).constructor.name} ${JSON.stringify((command as { input?: unknown }).input)}`;
        let answer = cache.get(key);
        if (!answer) {
          answer = sender.send(command, ...rest);
          cache.set(key, answer);
          answer.catch(() => cache.delete(key));
        }
        // Each caller gets its own copy: no step can change what another one reads.
        return answer.then((value) => structuredClone(value));
      };
    },
  });
}
