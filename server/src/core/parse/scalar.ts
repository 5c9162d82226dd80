/** Writes a value as a YAML scalar: strings that would read as another type (or break YAML) are quoted. */
export function scalar(value: unknown): string {
  if (typeof value !== 'string') return JSON.stringify(value);
  return /^(?:true|false|null|~|yes|no|on|off|[-+]?[\d.]+(?:e[-+]?\d+)?)$/i.test(value) || value === '' || /[:#{}[\],&*!|>'"%@`]/.test(value) ? JSON.stringify(value) : value;
}
