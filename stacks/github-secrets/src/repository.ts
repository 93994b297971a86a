export { parseRepository } from '@raxx/constructs';
export type { RepositoryRef } from '@raxx/constructs';

/** Name of a GitHub Actions variable, suffixed with the environment (`R2_BACKUP_BUCKET_DEV`). */
export function perEnvironmentName(base: string, environment: string): string {
  return `${base}_${environment.toUpperCase()}`;
}
