// The part of better-sqlite3 v12's API the journal uses. The package ships no types and @types/better-sqlite3
// would be a dependency for a dozen lines; the signatures follow its docs (docs/api.md).
declare module 'better-sqlite3' {
  namespace Database {
    interface RunResult { changes: number; lastInsertRowid: number | bigint }
    interface Statement {
      run(...params: unknown[]): RunResult
      get(...params: unknown[]): unknown
      all(...params: unknown[]): unknown[]
    }
    interface Transaction<F extends (...args: never[]) => unknown> {
      (...args: Parameters<F>): ReturnType<F>
      immediate(...args: Parameters<F>): ReturnType<F>
      deferred(...args: Parameters<F>): ReturnType<F>
      exclusive(...args: Parameters<F>): ReturnType<F>
    }
    interface Database {
      prepare(sql: string): Statement
      exec(sql: string): this
      pragma(sql: string, o?: { simple?: boolean }): unknown
      transaction<F extends (...args: never[]) => unknown>(fn: F): Transaction<F>
      close(): this
      readonly open: boolean
    }
  }
  interface DatabaseConstructor {
    new (filename: string, options?: { readonly?: boolean; fileMustExist?: boolean; timeout?: number }): Database.Database
  }
  const Database: DatabaseConstructor
  export = Database
}
