export * from './backend-task-role';
export * from './pazpaz-stack';
export * from './task-execution-role';
export * from './trust-policy';
