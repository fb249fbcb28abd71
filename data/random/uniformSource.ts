/** Anything that draws uniform numbers in [0, 1). The samplers take this, so tests can hand them a
 * fixed sequence and check the transform itself. */
export interface UniformSource {
  /** Uniform on [0, 1), never 1. */
  uniform(): number
}
