/** Result of filling `${VAR}` placeholders in one YAML string. `vars` names every variable read, so callers
 * can describe the value ("from ${DERIBIT_KEY}") without ever showing it. */
export type Interpolated =
  | { readonly ok: true; readonly value: string; readonly vars: readonly string[]; readonly whole: boolean }
  | { readonly ok: false; readonly problem: string; readonly fix: string }

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/** Fills `${NAME}` and `${NAME:-default}` from `env`, shell style: the default applies when the variable
 * is unset or empty, `$${` writes a literal `${`. A variable that is unset and has no default is a problem,
 * not an empty string, so a missing API key fails at load time instead of at the first order.
 * `whole` is true when the text was exactly one placeholder (the loader then lets `${NAV:-10}` be a number).
 * @example interpolateEnv('${KEY:-abc}', {}) // { ok: true, value: 'abc', vars: ['KEY'], whole: true } */
export function interpolateEnv(text: string, env: Readonly<Record<string, string | undefined>>): Interpolated {
  let out = ''
  const vars: string[] = []
  const missing: string[] = []
  let placeholders = 0
  let i = 0
  while (i < text.length) {
    if (text.startsWith('$${', i)) { out += '${'; i += 3; continue }
    if (!text.startsWith('${', i)) { out += text[i]; i++; continue }
    const end = text.indexOf('}', i + 2)
    if (end < 0) {
      return { ok: false, problem: 'has a "${" with no closing "}"', fix: 'write ${NAME} or ${NAME:-default}; write $${ for a literal "${".' }
    }
    const body = text.slice(i + 2, end)
    const sep = body.indexOf(':-')
    const name = sep < 0 ? body : body.slice(0, sep)
    if (!NAME.test(name)) {
      return { ok: false, problem: `has "\${${name}}", which is not an environment variable name`, fix: 'names are letters, digits and _, not starting with a digit, e.g. ${DERIBIT_API_KEY}.' }
    }
    vars.push(name)
    placeholders++
    const v = env[name]
    if (v !== undefined && v !== '') out += v
    else if (sep >= 0) out += body.slice(sep + 2)
    else if (v === '') out += ''
    else missing.push(name)
    i = end + 1
  }
  if (missing.length > 0) {
    const list = missing.map((m) => `\${${m}}`).join(', ')
    return {
      ok: false,
      problem: `needs environment variable${missing.length > 1 ? 's' : ''} ${missing.join(', ')}, which ${missing.length > 1 ? 'are' : 'is'} not set`,
      fix: `export ${missing[0]}=… before running, or give a default: ${list.replace(/\}$/, ':-default}')}.`,
    }
  }
  const whole = placeholders === 1 && /^\$\{[^}]*\}$/.test(text)
  return { ok: true, value: out, vars, whole }
}
