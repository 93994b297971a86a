export * from './aembit-consumer';
export * from './ghost-backup-bucket';
export * from './r2-backup-token';
export * from './r2-backups-stack';
export * from './r2-permission-groups';
