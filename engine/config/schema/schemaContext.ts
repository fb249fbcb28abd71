/** What the schema needs to know about the file it validates: relative paths resolve against the config
 * file's folder, and the loader may ask that the files they name exist. */
export interface SchemaContext {
  /** Absolute folder of the config file. */
  readonly baseDir: string
  /** When true, a path field naming a missing file is an error at that field. */
  readonly checkFiles: boolean
  /** Config file name without folder and extension: default file names derive from it. */
  readonly fileStem: string
}
