const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Escapes text for an HTML text node or a quoted attribute value: & < > " '. Every string from the input (titles,
 * config values, epoch types) goes through it, so a config value cannot inject markup.
 * @example escapeHtml('<b>"x"</b>') // '&lt;b&gt;&quot;x&quot;&lt;/b&gt;' */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string)
}

/** JSON to embed inside a <script> element: `<` becomes \u003c so no string can close the script ("</script>") or
 * open a comment, and U+2028 / U+2029 are escaped for old parsers. JSON.parse reads it back unchanged.
 * @example jsonForScript({ t: '</script>' }) // '{"t":"\u003c/script>"}' */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
}
