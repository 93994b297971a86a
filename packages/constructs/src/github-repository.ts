/** A GitHub repository as configuration spells it (`owner/name`). */
export interface RepositoryRef {
  readonly owner: string;
  readonly name: string;
}

/** Splits `owner/name`; throws naming the value when it is not of that form. */
export function parseRepository(fullName: string): RepositoryRef {
  const match = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/.exec(fullName);
  if (!match) throw new Error(`repository "${fullName}" is not of the form owner/name`);
  return { owner: match[1], name: match[2] };
}
