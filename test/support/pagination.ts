/** The request for the page after `page`, which must be truncated. */
export function after(page: { Marker?: string }): { Marker: string } {
  if (page.Marker === undefined) throw new Error('expected a truncated page');
  return { Marker: page.Marker };
}
