/** `test.each` rows as mutable tuples: Jest 29's typings reject the readonly tables `as const` gives. */
export function table<T extends readonly unknown[]>(rows: readonly T[]): Array<[...T]> {
  return rows.map((row) => [...row] as [...T]);
}
