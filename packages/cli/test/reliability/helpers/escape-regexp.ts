/** `text` as a regular expression matching it literally (paths hold dots and other specials). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
