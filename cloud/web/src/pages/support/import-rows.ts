/**
 * How many ROWS of an import have errors. The cloud lists every problem (line, column, message), several per row
 * when a row is wrong in several columns; one wrong row read "Fejl i 4 rækker" and "Ret fejlene i 4 rækker"
 * (seen on the suptour walk: one staff row with four bad cells).
 */
export function rowsWithErrors(errors: readonly { readonly line: number }[]): number {
  return new Set(errors.map((e) => e.line)).size;
}
