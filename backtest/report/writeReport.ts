import { writeFileAtomic } from '../../data/io/writeAtomic.ts'
import type { ReportInput } from './reportInput.ts'
import { renderReport } from './renderReport.ts'

/** Renders the report and writes it whole or not at all (writeFileAtomic): a failed render leaves no half file.
 * Returns the number of bytes written.
 * @example writeReport('out/report.html', input) */
export function writeReport(path: string, input: ReportInput): number {
  const html = renderReport(input)
  writeFileAtomic(path, html)
  return Buffer.byteLength(html)
}
