/** An error meant for the user: the CLI prints its message as one line, with no stack trace. */
export class UserError extends Error {
  override name = 'UserError';
}
