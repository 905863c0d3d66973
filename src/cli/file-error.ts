// A file-system failure (a folder that cannot be created, a disk that is full, a path that is a file) is the
// user's to fix, so the CLI says which file and why in one line instead of printing a stack trace.

/**
 * The error Node's fs functions throw: a code such as ENOTDIR and the call; the path when the call had one
 * (a read of an open file has none), and for a rename the destination too.
 */
interface FileSystemError extends Error {
  readonly code: string;
  readonly syscall: string;
  readonly path?: string;
  readonly dest?: string;
}

export function isFileSystemError(error: unknown): error is FileSystemError {
  if (!(error instanceof Error)) return false;
  const fields = error as Partial<FileSystemError>;
  return typeof fields.code === 'string' && /^E[A-Z]+$/.test(fields.code) && typeof fields.syscall === 'string';
}

const WHY: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder',
  ENOSPC: 'the disk is full',
  EROFS: 'the file system is read-only',
  EEXIST: 'something else is already there',
};

const VERBS: Record<string, string> = { mkdir: 'create the folder', open: 'open', read: 'read', rename: 'replace', write: 'write' };

/** "cannot write /x/results.json: the disk is full (ENOSPC)"; a rename names the file it would have replaced. */
export function describeFileSystemError(error: FileSystemError): string {
  const verb = VERBS[error.syscall] ?? error.syscall;
  const path = error.dest ?? error.path;
  return `cannot ${verb}${path === undefined ? ' a file' : ` ${path}`}: ${WHY[error.code] ?? error.message} (${error.code})`;
}
