export * from './backup-statements';
export * from './backup-user';
export * from './freescout-backup-stack';
export * from './github-actions-role';
