export * from './eso-cluster';
export * from './eso-reader';
export * from './tomoda-stack';
export * from './uploader';
export * from './uploader-secret';
